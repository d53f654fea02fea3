from django.core.management.base import BaseCommand

from wagtail.documents import get_document_model

from search import documents, indexing
from search.models import DocumentText


class Command(BaseCommand):
    help = (
        "Rebuild the portal's search index (directives, unit documents, attached files). "
        "--missing only adds what is not indexed yet (quick, for every start-up)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="index only what is missing")

    def handle(self, *args, missing=False, **options):
        unread = get_document_model().objects.exclude(
            pk__in=DocumentText.objects.values("document_id")
        )
        for document_id in unread.values_list("pk", flat=True):
            documents.read_document_text(document_id)
        count = indexing.rebuild(missing_only=missing)
        self.stdout.write(f"Đã lập chỉ mục {count} mục tìm kiếm.")
