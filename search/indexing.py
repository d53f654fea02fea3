"""Keeping the search index (SearchEntry) in step with pages and files.

Each directive and unit document gives one entry, and each file attached to
it another, linking to the page. A published page is indexed as published;
a draft (never published, or unpublished) is indexed from its latest revision
and shown only to those who may read the draft (search/query.py).
"""

import logging
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.models import Page

from directives.models import DirectivePage, SubmissionPage
from portal.vietnamese import squash_spaces
from search.models import DocumentText, EntryKind, SearchEntry, TextStatus
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


def _described(page: Page) -> tuple[str, str, dict]:
    """(kind, text, facet fields) of a directive or a unit document."""
    if isinstance(page, DirectivePage):
        text = [page.heading_line, page.subject, _stream_text(page, "body"), page.signer_name]
        return (
            EntryKind.DIRECTIVE,
            " ".join(text),
            {
                "unit_id": page.issuer_id,
                "directive_id": page.pk,
                "document_type": page.document_type.name,
                "day": page.issued_on or _day(page.first_published_at),
                "owner_unit_id": None,
            },
        )
    text = [page.number_symbol, _stream_text(page, "body"), page.signer_name]
    return (
        EntryKind.SUBMISSION,
        " ".join(text),
        {
            "unit_id": page.unit_id,
            "directive_id": page.directive_id,
            "document_type": str(page._meta.verbose_name),
            "day": _day(page.submitted_at) or page.issued_on,
            "owner_unit_id": page.unit_id,
        },
    )


def entries_for(page: Page) -> list[SearchEntry]:
    """The entries a directive or unit document gives (none for other pages)."""
    page = page.specific
    if not isinstance(page, DirectivePage | SubmissionPage) or page.alias_of_id:
        return []
    content = _content(page)
    kind, text, facets = _described(content)
    common = {
        "page_id": page.pk,
        "live": page.live,
        "language": page.locale.language_code,
        "year": facets["day"].year if facets["day"] else None,
        **facets,
    }
    entries = [_entry(key=str(page.pk), kind=kind, title=content.title, text=text, **common)]
    attachments = [a for a in content.attachments.select_related("document") if a.document_id]
    texts = {
        found.document_id: found
        for found in DocumentText.objects.filter(
            document_id__in=[a.document_id for a in attachments]
        )
    }
    for attachment in attachments:
        extracted = texts.get(attachment.document_id)
        entries.append(
            _entry(
                key=f"{page.pk}/{attachment.document_id}",
                kind=EntryKind.ATTACHMENT,
                title=attachment.caption or attachment.document.title,
                text=extracted.text if extracted else "",
                document_id=attachment.document_id,
                text_missing=bool(extracted) and extracted.status != TextStatus.OK,
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
    return len(entries)


def pages_attaching(document_id: int) -> list[int]:
    """Pages whose entries hold this file. A page not indexed yet reads the file's
    text when its own indexing runs, so the index alone answers."""
    return sorted(
        set(SearchEntry.objects.filter(document_id=document_id).values_list("page_id", flat=True))
    )


def rebuild(*, missing_only: bool = False) -> int:
    """Every directive and unit document (`manage.py search_rebuild`); with
    `missing_only`, just the pages that have no entry yet."""
    if not missing_only:
        SearchEntry.objects.all().delete()
    indexed = set(SearchEntry.objects.values_list("page_id", flat=True).distinct())
    total = 0
    for model in (DirectivePage, SubmissionPage):
        for page_id in model.objects.filter(alias_of__isnull=True).values_list("pk", flat=True):
            if page_id not in indexed:
                total += index_page(page_id)
    return total
