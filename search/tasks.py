"""Celery tasks for the search index: thin wrappers over search/indexing.py."""

import logging

from django.db import transaction

from celery import shared_task
from elastic_transport import TransportError

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(ConnectionError, TimeoutError, TransportError),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=20,
)
def index_page(self, page_id: int) -> int:
    """The database index first (always), then the search server if configured;
    a dead search server retries the task for about two hours."""
    from search import elastic, indexing

    count = indexing.index_page(page_id)
    if elastic.enabled():
        elastic.push(page_id)
    return count


@shared_task(soft_time_limit=120, time_limit=150)
def extract_document_text(document_id: int) -> str | None:
    from search import documents

    return documents.read_document_text(document_id)


def enqueue(task, *args) -> None:
    """Queue after the commit; a dead broker is logged and never fails the
    upload or the publication that caused it (`search_rebuild` catches up)."""

    def send():
        try:
            task.delay(*args)
        except Exception:
            logger.exception("Could not queue %s%r", task.name, args)

    transaction.on_commit(send)
