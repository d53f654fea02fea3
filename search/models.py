"""The portal's search index: one row per directive, unit document and attached
file, holding both the exact and the folded text.

Wagtail's database backend ranks every matching row through per-row joins and
cannot fold Vietnamese (issue notes in README); this table is queried with the
database's own full-text index instead: FTS5 on SQLite, tsvector columns with
a GIN index on PostgreSQL (search/migrations/0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index


class EntryKind(models.TextChoices):
    DIRECTIVE = "directive", _("Văn bản chỉ đạo")
    SUBMISSION = "submission", _("Văn bản của đơn vị")
    ATTACHMENT = "attachment", _("Tệp đính kèm")
    # A unit's own section, as the result's badge calls it; "Đơn vị" alone is the
    # facet of whose work an entry is.
    UNIT = "unit", _("Chuyên mục đơn vị")


NARROW_INDEX = "search_entry_narrow"
FACETS_INDEX = "search_entry_facets"
SEARCH_COLUMNS = [
    "has_body",
    "live",
    "owner_unit",
    "kind",
    "document_type",
    "unit",
    "directive",
    "year",
    "day",
]


class SearchEntry(index.Indexed, models.Model):
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    # The page a result links to: for a file, the page it is attached to.
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.TextField()
    text = models.TextField(blank=True)
    title_folded = models.TextField()
    text_folded = models.TextField(blank=True)
    live = models.BooleanField(default=False)
    # Unit documents and their files: the unit whose people may see them as drafts.
    owner_unit = models.ForeignKey(
        "directives.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Facets.
    unit = models.ForeignKey(
        "directives.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    directive = models.ForeignKey(
        "directives.DirectivePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document_type = models.CharField(max_length=100, blank=True)
    day = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8, default="vi")
    # A file whose text could not be read (scanned, encrypted, broken): found by title only.
    text_missing = models.BooleanField(default=False)
    # A file's DocumentText status: the result says where its text came from ("ocr").
    text_status = models.CharField(max_length=16, blank=True)
    # Body text, a file's text or a unit's description: entries without any
    # (an empty draft, a file found by its title only) rank below those with it.
    has_body = models.BooleanField(default=True)

    # "12" for page 12, "12/5" for document 5 attached to it.
    key = models.CharField(max_length=40, unique=True)

    # Used only when Elasticsearch is configured (search/elastic.py); the
    # database path queries this table's own full-text index instead.
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("text"),
        index.AutocompleteField("title", es_extra={"search_analyzer": "vi_folded"}),
        index.FilterField("live"),
        index.FilterField("owner_unit_id"),
        index.FilterField("kind"),
        index.FilterField("document_type"),
        index.FilterField("unit_id"),
        index.FilterField("directive_id"),
        index.FilterField("year"),
        index.FilterField("day"),
        index.FilterField("document_id"),
        index.FilterField("page_id"),
        # Entries with body text first, as on the database path (query.Engine._score).
        index.FilterField("has_body"),
    ]

    class Meta:
        indexes = [
            models.Index(fields=["live", "owner_unit"]),
            # The columns a search reads for each match, apart from its text. A
            # row carries the page's whole text, so reading a column stored after
            # it walks the row's overflow pages: on SQLite, search/query.py reads
            # these indexes instead of the table (10,000 matches of 2,700
            # characters: facets 41 -> 8 ms, a page of results 33 -> 17 ms).
            # Joined from the full-text index by id: ranking, visibility, filters.
            models.Index(fields=["id", *SEARCH_COLUMNS], name=NARROW_INDEX),
            # Read whole for the facet counts, grouped as it is ordered.
            models.Index(
                fields=["kind", "document_type", "unit", "directive", "year", "live", "owner_unit"],
                name=FACETS_INDEX,
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def get_indexed_objects(cls):
        # Wagtail's database backend would copy every entry into its own table
        # for nothing: only Elasticsearch indexes them.
        if settings.ELASTICSEARCH_URL:
            return super().get_indexed_objects()
        return cls.objects.none()

    def get_indexed_instance(self):
        return self if settings.ELASTICSEARCH_URL else None


class TextStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ đọc nội dung")
    OK = "ok", _("Đã đọc nội dung")
    NO_TEXT = "no_text", _("Không có chữ (bản quét?)")
    FAILED = "failed", _("Không đọc được")
    OCR = "ocr", _("Văn bản nhận dạng từ ảnh quét")
    OCR_PENDING = "ocr_pending", _("Đang chờ nhận dạng ảnh quét")
    NO_OCR = "no_ocr", _("Chưa nhận dạng được (thiếu OCR)")


class DocumentText(models.Model):
    """Text read from an uploaded file, in the background (search/extraction.py)."""

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="search_text"
    )
    file_name = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=TextStatus.choices)
    # Tesseract's language data the text was recognised with ("vie"); blank for a text layer.
    language = models.CharField(max_length=16, blank=True)
    detail = models.CharField(max_length=255, blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.file_name}: {self.get_status_display()}"


class PendingIndex(models.Model):
    """A page whose index entries are owed an update, written in the same
    transaction as the change (publication, new draft, unpublishing).

    Celery normally indexes it at once and deletes the row; when the broker is
    down the row stays and `index_pending` (beat) catches up, so the published
    text never stays indexed as the old draft.
    """

    page_id = models.IntegerField(unique=True)
    requested_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"page {self.page_id}"
