"""Reading an uploaded file's text and putting it into the index."""

import logging

from wagtail.documents import get_document_model

from search import extraction, indexing
from search.models import DocumentText

logger = logging.getLogger(__name__)


def read_document_text(document_id: int) -> str | None:
    """Extract, store, and reindex the pages the file is attached to; returns the status."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError as error:
        logger.warning("Document %s: file unreadable: %s", document_id, error)
        result = extraction.Extracted("failed", detail="không mở được tệp")
    else:
        result = extraction.extract(data, document.file_extension)
    if result.status != "ok":
        logger.info("Document %s (%s): %s", document_id, document.file.name, result.detail)
    DocumentText.objects.update_or_create(
        document=document,
        defaults={
            "file_name": document.file.name[:255],
            "text": result.text,
            "status": result.status,
            "detail": result.detail[:255],
        },
    )
    for page_id in indexing.pages_attaching(document_id):
        indexing.index_page(page_id)
    return result.status
