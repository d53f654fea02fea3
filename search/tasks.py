"""Celery tasks for the search index: thin wrappers over search/indexing.py."""

import logging

from django.db import transaction

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    bind=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=10, max_retries=8
)
def index_page(self, page_id: int) -> int:
    from search import indexing

    return indexing.index_page(page_id)


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
