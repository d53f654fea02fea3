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

    count = indexing.index_requested(page_id)
    if elastic.enabled():
        elastic.push(page_id)
    return count


@shared_task(soft_time_limit=120, time_limit=150)
def extract_document_text(document_id: int) -> str | None:
    from search import documents

    return documents.read_document_text(document_id)


@shared_task(soft_time_limit=240, time_limit=300)
def index_pending() -> int:
    """Beat, every OUTBOX_SWEEP_SECONDS: pages whose index update is still owed."""
    from search import indexing

    return indexing.index_pending()


@shared_task(queue="ocr", soft_time_limit=21 * 60, time_limit=22 * 60, acks_late=True)
def ocr_document(document_id: int) -> str | None:
    """On the `ocr` queue, which its own worker consumes (scripts/run-dev.sh):
    a 50-page scan takes minutes. Running twice stores the same text again."""
    from search import documents, ocr
    from search.models import DocumentText, TextStatus

    waiting = DocumentText.objects.filter(
        document_id=document_id, status=TextStatus.OCR_PENDING
    ).exists()
    if not waiting or not ocr.available():
        return None
    return documents.ocr_document_text(document_id)


def enqueue(task, *args) -> None:
    """Queue after the commit; a dead broker is logged and never fails the
    upload or the publication that caused it. Page index updates are also
    recorded (indexing.request_index), so index_pending delivers them later."""

    def send():
        try:
            task.delay(*args)
        except Exception:
            logger.warning("Broker unavailable; %s%r left to the sweep", task.name, args)

    transaction.on_commit(send)
