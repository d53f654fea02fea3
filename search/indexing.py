"""Keeping the search index (SearchEntry) in step with pages and files.

Each directive and unit document gives one entry, and each file attached to
it another, linking to the page. A published page is indexed as published;
a draft (never published, or unpublished) is indexed from its latest revision
and shown only to those who may read the draft (search/query.py).
"""

import logging
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import capfirst

from wagtail.models import Page

from directives import caching
from directives.models import DirectivePage, SubmissionPage, UnitSectionPage
from portal.vietnamese import squash_spaces
from search.models import DocumentText, EntryKind, PendingIndex, SearchEntry, TextStatus
from search.text import folded_words

logger = logging.getLogger(__name__)


def _stream_text(page, field_name: str) -> str:
    field = page._meta.get_field(field_name)
    return " ".join(
        strip_tags(str(part)) for part in field.get_searchable_content(getattr(page, field_name))
    )


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def _content(page: Page) -> Page:
    """What the index shows: the live version, or a draft's latest revision."""
    if page.live:
        return page
    return page.get_latest_revision_as_object() if page.latest_revision_id else page


def _recipients_text(page: DirectivePage) -> str:
    """Nơi nhận: the registry's units by name, and the free lines as written."""
    names = []
    for block in page.recipients:
        if block.block_type == "unit" and block.value is not None:
            names.append(block.value.name)
        elif block.block_type == "line":
            names.append(str(block.value))
    return " ".join(names)


def _tasks_text(page: DirectivePage) -> str:
    return " ".join(
        f"{task.number} {task.assignee_label} {task.description} {task.deadline_text}"
        for task in page.tasks.all()
    )


def _described(page: Page) -> tuple[str, str, bool, dict]:
    """(kind, text, has body text, facet fields) of a directive or a unit document."""
    if isinstance(page, DirectivePage):
        body = " ".join([_stream_text(page, "body"), _tasks_text(page)]).strip()
        text = [page.heading_line, page.subject, body, _recipients_text(page), page.signer_name]
        return (
            EntryKind.DIRECTIVE,
            " ".join(text),
            bool(body),
            {
                "unit_id": page.issuer_id,
                "directive_id": page.pk,
                "document_type": capfirst(page.document_type.name),
                # The document's own date (ngày ban hành); publication only without one.
                "day": page.issued_on or _day(page.first_published_at),
                "owner_unit_id": None,
            },
        )
    body = _stream_text(page, "body").strip()
    return (
        EntryKind.SUBMISSION,
        " ".join([page.number_symbol, body, page.signer_name]),
        bool(body),
        {
            "unit_id": page.unit_id,
            "directive_id": page.directive_id,
            # "Báo cáo kết quả", "Kế hoạch thực hiện": the kind of unit document.
            "document_type": capfirst(page.specific_class._meta.verbose_name),
            "day": page.issued_on or _day(page.submitted_at) or _day(page.first_published_at),
            "owner_unit_id": page.unit_id,
        },
    )


def _unit_entries(section: UnitSectionPage) -> list[SearchEntry]:
    """A unit's section is a result of its own: officials look for "Tạp chí Lang Bian"."""
    unit = section.unit
    with translation.override(section.locale.language_code):
        text = " ".join([unit.short_name, str(unit.get_category_display())])
    return [
        _entry(
            key=str(section.pk),
            kind=EntryKind.UNIT,
            title=unit.name,
            text=text,
            page_id=section.pk,
            live=section.live,
            language=section.locale.language_code,
            unit_id=unit.pk,
        )
    ]


def entries_for(page: Page) -> list[SearchEntry]:
    """The entries a directive, unit document or unit section gives (none for other pages)."""
    page = page.specific
    if isinstance(page, UnitSectionPage) and not page.alias_of_id:
        return _unit_entries(page)
    if not isinstance(page, DirectivePage | SubmissionPage) or page.alias_of_id:
        return []
    content = _content(page)
    kind, text, has_body, facets = _described(content)
    common = {
        "page_id": page.pk,
        "live": page.live,
        "language": page.locale.language_code,
        "year": facets["day"].year if facets["day"] else None,
        **facets,
    }
    entries = [
        _entry(
            key=str(page.pk), kind=kind, title=content.title, text=text, has_body=has_body, **common
        )
    ]
    attachments = [a for a in content.attachments.select_related("document") if a.document_id]
    texts = {
        found.document_id: found
        for found in DocumentText.objects.filter(
            document_id__in=[a.document_id for a in attachments]
        )
    }
    for attachment in attachments:
        extracted = texts.get(attachment.document_id)
        readable = bool(extracted) and extracted.status in (TextStatus.OK, TextStatus.OCR)
        entries.append(
            _entry(
                key=f"{page.pk}/{attachment.document_id}",
                kind=EntryKind.ATTACHMENT,
                title=attachment.caption or attachment.document.title,
                text=extracted.text if readable else "",
                document_id=attachment.document_id,
                text_missing=bool(extracted) and not readable,
                text_status=extracted.status if extracted else "",
                has_body=readable and bool(extracted.text),
                **common,
            )
        )
    return entries


def _entry(*, title: str, text: str, **fields) -> SearchEntry:
    title, text = squash_spaces(title), squash_spaces(text)
    return SearchEntry(
        title=title,
        text=text,
        title_folded=folded_words(title),
        text_folded=folded_words(text),
        **fields,
    )


@transaction.atomic
def index_page(page_id: int) -> int:
    """(Re)index one page and its files; returns how many entries it now has."""
    page = Page.objects.filter(pk=page_id).first()
    entries = entries_for(page) if page else []
    keys = [entry.key for entry in entries]
    SearchEntry.objects.filter(page_id=page_id).exclude(key__in=keys).delete()
    existing = dict(SearchEntry.objects.filter(key__in=keys).values_list("key", "pk"))
    for entry in entries:
        entry.pk = existing.get(entry.key)
        entry.save()
    # Search results are cached per content generation (search/views.py): the
    # publication moved it on before this worker indexed the page.
    transaction.on_commit(caching.content_changed)
    return len(entries)


def request_index(page_id: int) -> None:
    """Record that this page's entries are owed an update (in the caller's transaction)."""
    PendingIndex.objects.bulk_create(
        [PendingIndex(page_id=page_id, requested_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["page_id"],
        update_fields=["requested_at"],
    )


def index_requested(page_id: int) -> int:
    """Index the page and settle its request, unless a newer one came meanwhile."""
    started = timezone.now()
    count = index_page(page_id)
    PendingIndex.objects.filter(page_id=page_id, requested_at__lte=started).delete()
    return count


def index_pending(limit: int = 500) -> int:
    """Every page whose update is still owed (the broker was down, the worker died)."""
    owed = PendingIndex.objects.order_by("requested_at").values_list("page_id", flat=True)
    page_ids = list(owed[:limit])
    for page_id in page_ids:
        index_requested(page_id)
    return len(page_ids)


def pages_attaching(document_id: int) -> list[int]:
    """Pages whose entries hold this file. A page not indexed yet reads the file's
    text when its own indexing runs, so the index alone answers."""
    return sorted(
        set(SearchEntry.objects.filter(document_id=document_id).values_list("page_id", flat=True))
    )


def rebuild(*, missing_only: bool = False, progress=None) -> int:
    """Every directive and unit document (`manage.py search_rebuild`); with
    `missing_only`, just the pages that have no entry yet or are owed an update.
    `progress` (portal.progress.Progress) is told the number of pages, then each one."""
    if missing_only:
        index_pending(limit=None)
    else:
        SearchEntry.objects.all().delete()
    indexed = set(SearchEntry.objects.values_list("page_id", flat=True).distinct())
    todo = [
        page_id
        for model in (DirectivePage, SubmissionPage, UnitSectionPage)
        for page_id in model.objects.filter(alias_of__isnull=True).values_list("pk", flat=True)
        if page_id not in indexed
    ]
    if progress is not None:
        progress.total = max(len(todo), 1)
        todo = progress.track(todo, "trang")
    return sum(index_page(page_id) for page_id in todo)
