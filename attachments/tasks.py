"""Celery tasks: thin wrappers over attachments/services.py."""

from celery import shared_task


@shared_task(soft_time_limit=60, time_limit=90)
def check_signature(document_id: int) -> str | None:
    from wagtail.documents import get_document_model

    from attachments import services

    document = get_document_model().objects.filter(pk=document_id).first()
    return services.signature_check(document=document).status if document else None


# Rendering pages is slow file work like OCR: on the same `ocr` queue, never
# in front of notices and reports.
@shared_task(queue="ocr", soft_time_limit=5 * 60, time_limit=6 * 60)
def make_preview(document_id: int) -> str | None:
    from attachments import services

    return services.preview_make(document_id=document_id)


@shared_task(soft_time_limit=30 * 60, time_limit=31 * 60)
def recheck_signatures() -> int:
    """After the roots of trust changed: every signed file again."""
    from attachments import services
    from attachments.models import SignatureCheck, SignatureStatus

    checks = SignatureCheck.objects.exclude(status=SignatureStatus.UNSIGNED).select_related(
        "document"
    )
    for check in checks:
        services.signature_check(document=check.document)
    return len(checks)
