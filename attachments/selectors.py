"""Reads: what to show beside a file (thumbnail, page count, signature), in
two queries however many files a page lists."""

from dataclasses import dataclass

from attachments.models import Preview, PreviewStatus, SignatureCheck


@dataclass
class FileCard:
    document_id: int
    preview: Preview | None
    signature: SignatureCheck | None

    @property
    def has_preview(self) -> bool:
        return self.preview is not None and self.preview.status == PreviewStatus.READY


def cards_for(document_ids) -> dict[int, FileCard]:
    ids = sorted({pk for pk in document_ids if pk})
    previews = {p.document_id: p for p in Preview.objects.filter(document_id__in=ids)}
    checks = {c.document_id: c for c in SignatureCheck.objects.filter(document_id__in=ids)}
    return {pk: FileCard(pk, previews.get(pk), checks.get(pk)) for pk in ids}


def submission_files(submissions) -> dict[int, list[tuple]]:
    """{page id: [(attachment, card), …]} for a listing of unit documents."""
    from directives.models import SubmissionAttachment

    pages = [page.pk for page in submissions]
    attachments = list(
        SubmissionAttachment.objects.filter(page_id__in=pages)
        .select_related("document")
        .order_by("page_id", "sort_order")
    )
    cards = cards_for(a.document_id for a in attachments)
    files: dict[int, list[tuple]] = {pk: [] for pk in pages}
    for attachment in attachments:
        files[attachment.page_id].append((attachment, cards.get(attachment.document_id)))
    return files
