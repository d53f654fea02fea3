"""Reading an uploaded file's text and putting it into the index.

A file without a text layer (a scan) is handed to OCR on its own Celery queue
(search/tasks.py): a long scan never delays the quick work of the default
queue. Where Tesseract is not installed the file is marked instead, found by
its title, and `search_rebuild --ocr` reads it later.
"""

import logging

from wagtail.documents import get_document_model

from directives.units.files import file_bytes
from search import extraction, indexing, ocr, tasks
from search.models import DocumentText, TextStatus

logger = logging.getLogger(__name__)


def _read_with(document_id: int, reader) -> tuple:
    """(document, what `reader` made of its bytes), (None, None) for a deleted document."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None, None
    data = file_bytes(document)
    if data is None:
        return document, extraction.Extracted("failed", detail="không mở được tệp")
    return document, reader(data, document.file_extension)


def _store(document, result: extraction.Extracted, *, language: str = "") -> None:
    if result.status not in (TextStatus.OK, TextStatus.OCR):
        logger.info("Document %s (%s): %s", document.pk, document.file.name, result.detail)
    DocumentText.objects.update_or_create(
        document=document,
        defaults={
            "file_name": document.file.name[:255],
            "text": result.text,
            "status": result.status,
            "language": language,
            "detail": result.detail[:255],
        },
    )
    for page_id in indexing.pages_attaching(document.pk):
        indexing.index_page(page_id)


def read_document_text(document_id: int) -> str | None:
    """Extract, store, and reindex the pages the file is attached to; returns the status."""
    document, result = _read_with(document_id, extraction.extract)
    if document is None:
        return None
    scan = result.status == TextStatus.NO_TEXT and document.file_extension in ocr.OCR_EXTENSIONS
    if scan and ocr.available():
        result = extraction.Extracted(TextStatus.OCR_PENDING, detail=result.detail)
    elif scan:
        result = extraction.Extracted(TextStatus.NO_OCR, detail=f"máy chủ chưa cài {ocr.missing()}")
    _store(document, result)
    if result.status == TextStatus.OCR_PENDING:
        # After the mark is stored: the OCR task reads only files still waiting.
        tasks.enqueue(tasks.ocr_document, document.pk)
    return result.status


def ocr_document_text(document_id: int) -> str | None:
    """Read a scan with Tesseract, store its text as "ocr", reindex; returns the status.

    Raises ocr.OcrUnavailable where Tesseract is missing (the file stays marked).
    """
    document, result = _read_with(document_id, ocr.read)
    if document is None:
        return None
    _store(document, result, language=ocr.LANGUAGES if result.status == TextStatus.OCR else "")
    return result.status


def ocr_backlog() -> list[int]:
    """Files waiting for OCR: marked while Tesseract was missing, or queued and not read."""
    return list(
        DocumentText.objects.filter(status__in=(TextStatus.NO_OCR, TextStatus.OCR_PENDING))
        .order_by("pk")
        .values_list("document_id", flat=True)
    )
