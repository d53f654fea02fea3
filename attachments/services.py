"""Writes: a file's signature verdict and its preview, stored beside the file."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.documents import get_document_model

from attachments import previews, signatures
from attachments.models import (
    Preview,
    PreviewPage,
    PreviewStatus,
    SignatureCheck,
    SignatureStatus,
    TrustedRoot,
)
from directives.units.files import file_bytes

logger = logging.getLogger(__name__)


def trusted_roots() -> list[bytes]:
    roots = []
    for root in TrustedRoot.objects.filter(enabled=True):
        try:
            with root.certificate.open("rb") as handle:
                roots.append(handle.read())
        except OSError:
            logger.warning("Trusted root %s: certificate file missing", root.pk)
    return roots


def signature_check(*, document) -> SignatureCheck:
    """Check (again) the signatures of a file; non-PDF files have none."""
    data = file_bytes(document) if document.file_extension == "pdf" else b""
    if data:
        verdict = signatures.verify(data, trusted_roots())
    else:
        verdict = signatures.Verdict(SignatureStatus.UNSIGNED)
    check, _created = SignatureCheck.objects.update_or_create(
        document=document,
        defaults={
            "file_name": document.file.name[:255],
            "status": verdict.status,
            "signer": verdict.signer,
            "organisation": verdict.organisation,
            "signed_at": verdict.signed_at,
            "detail": verdict.detail[:255],
        },
    )
    return check


def signature_current(*, document) -> SignatureCheck:
    """The stored verdict if it is of this very file, else a fresh check."""
    check = SignatureCheck.objects.filter(document=document).first()
    if check is None or check.file_name != document.file.name[:255]:
        check = signature_check(document=document)
    return check


def preview_make(*, document_id: int) -> str | None:
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None
    data = file_bytes(document)
    rendered = (
        previews.render(data, document.file_extension)
        if data is not None
        else previews.Rendered(PreviewStatus.FAILED, detail="không mở được tệp")
    )
    _store(document, rendered)
    return rendered.status


@transaction.atomic
def _store(document, rendered: previews.Rendered) -> None:
    preview, _created = Preview.objects.select_for_update().get_or_create(
        document=document,
        defaults={"file_name": document.file.name[:255], "status": PreviewStatus.PENDING},
    )
    _drop_files(preview)
    preview.file_name = document.file.name[:255]
    preview.status = rendered.status
    preview.page_count = rendered.page_count
    preview.detail = rendered.detail[:255]
    if rendered.thumbnail:
        preview.thumbnail.save(f"{document.pk}-thumb.png", ContentFile(rendered.thumbnail), False)
    preview.save()
    for number, png in enumerate(rendered.pages, start=1):
        page = PreviewPage(preview=preview, number=number)
        page.image.save(f"{document.pk}-{number}.png", ContentFile(png), save=False)
        page.save()


def _drop_files(preview: Preview) -> None:
    for page in preview.pages.all():
        page.image.delete(save=False)
    preview.pages.all().delete()
    if preview.thumbnail:
        preview.thumbnail.delete(save=False)


def preview_pending(*, document) -> None:
    Preview.objects.update_or_create(
        document=document,
        defaults={"file_name": document.file.name[:255], "status": PreviewStatus.PENDING},
    )
