from django.core.management.base import BaseCommand, CommandError

from wagtail.documents import get_document_model

from portal.progress import Progress
from search import documents, indexing
from search import ocr as ocr_module
from search.models import DocumentText


class Command(BaseCommand):
    help = (
        "Rebuild the portal's search index (directives, unit documents, unit sections, "
        "attached files). --missing only adds what is not indexed yet (quick, for every "
        "start-up); --ocr reads the scans waiting for Tesseract (once it is installed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="index only what is missing")
        parser.add_argument(
            "--ocr", action="store_true", help="read the scans still waiting for OCR"
        )

    def handle(self, *args, missing=False, ocr=False, **options):
        unread = get_document_model().objects.exclude(
            pk__in=DocumentText.objects.values("document_id")
        )
        unread_ids = list(unread.values_list("pk", flat=True))
        if unread_ids:
            with Progress.for_command(self, total=len(unread_ids), label="Đọc tệp") as progress:
                for document_id in progress.track(unread_ids, "tệp"):
                    documents.read_document_text(document_id)
        if ocr:
            self._read_scans()
        with Progress.for_command(self, total=1, label="Lập chỉ mục") as progress:
            count = indexing.rebuild(missing_only=missing, progress=progress)
        self.stdout.write(f"Đã lập chỉ mục {count} mục tìm kiếm.")

    def _read_scans(self):
        if not ocr_module.available():
            raise CommandError(
                f"Chưa nhận dạng được ảnh quét: máy chủ thiếu {ocr_module.missing()} "
                "(Debian: apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)."
            )
        backlog = documents.ocr_backlog()
        self.stdout.write(f"Nhận dạng {len(backlog)} tệp ảnh quét…")
        for number, document_id in enumerate(backlog, start=1):
            status = documents.ocr_document_text(document_id)
            self.stdout.write(f"  {number}/{len(backlog)} tệp #{document_id}: {status}")
