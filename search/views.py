"""The search page and the search box's title suggestions."""

import hashlib

from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from attachments.selectors import cards_for
from directives import caching
from directives.models import DirectivePage, Unit
from directives.units import roles
from search import elastic
from search import query as search_query
from search.models import EntryKind
from search.text import fold_lower, parse_query

SORTS = ("relevance", "date")
# Filter -> its name in the address.
PARAMS = {
    "kind": "kind",
    "document_type": "type",
    "unit_id": "unit",
    "directive_id": "directive",
    "year": "year",
}
# The most frequent values of each facet (years: the latest); a long tail of
# directives or units is reached by narrowing the query instead.
FACET_VALUES_SHOWN = 15


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


def _filters(params, notices: list[str]) -> search_query.Filters:
    """Filters from the address; unknown values are dropped with a notice."""
    filters = search_query.Filters()
    kind = params.get("kind", "")
    if kind in EntryKind.values:
        filters.kind = kind
    elif kind:
        notices.append(_("Bỏ qua giá trị lọc không hợp lệ: %(value)s") % {"value": kind[:50]})
    filters.document_type = params.get("type", "")[:100] or None
    for field in ("unit_id", "directive_id", "year"):
        raw = params.get(PARAMS[field], "")
        if raw and _int(raw) is None:
            notices.append(_("Bỏ qua giá trị lọc không hợp lệ: %(value)s") % {"value": raw[:50]})
        setattr(filters, field, _int(raw))
    return filters


def _promotions(parsed) -> list:
    """Editors' picks for this query, typed with or without diacritics."""
    wanted = fold_lower(parsed.text)
    picks = []
    for saved in Query.objects.filter(editors_picks__isnull=False).distinct():
        if fold_lower(saved.query_string) == wanted:
            picks.extend(saved.editors_picks.select_related("page").order_by("sort_order"))
    return picks


def _facet_rows(results, filters, kept: dict) -> dict[str, list[tuple]]:
    """(label, count, chosen, link) for the most frequent values of each facet,
    labelled in two queries; a chosen value's link removes it."""
    shown = {
        name: sorted(
            counts.items(),
            key=lambda item, name=name: (-item[0] if name == "year" else -item[1], str(item[0])),
        )[:FACET_VALUES_SHOWN]
        for name, counts in results.facets.items()
    }
    # Only what the labels read (15 directives: 3.2 ms with their whole pages, 1.5 so).
    units = Unit.objects.only("name").in_bulk([value for value, _count in shown.get("unit_id", [])])
    directives = (
        DirectivePage.objects.select_related("document_type")
        .only("number_symbol", "document_type__name")
        .in_bulk([value for value, _count in shown.get("directive_id", [])])
    )
    labels = {
        "kind": dict(EntryKind.choices),
        "unit_id": {pk: unit.name for pk, unit in units.items()},
        "directive_id": {pk: d.heading_line for pk, d in directives.items()},
    }
    rows = {}
    for name, ordered in shown.items():
        chosen = getattr(filters, name)
        rows[name] = []
        for value, count in ordered:
            # A unit's section has no document type, an undated entry no year: those
            # values are no choice to offer (they showed as a blank line with a count).
            if value in (None, ""):
                continue
            link = {k: v for k, v in kept.items() if k != PARAMS[name]}
            if value != chosen:
                link[PARAMS[name]] = value
            label = labels.get(name, {}).get(value, value)
            rows[name].append((label, count, value == chosen, urlencode(link)))
    return rows


def search(request):
    params = request.GET
    parsed = parse_query(params.get("q", ""))
    notices: list[str] = []
    filters = _filters(params, notices)
    order = params.get("sort") if params.get("sort") in SORTS else "relevance"
    page_number = _int(params.get("page", "1")) or 1
    kept = {"q": parsed.text, "sort": order}
    for field, key in PARAMS.items():
        if getattr(filters, field) is not None:
            kept[key] = getattr(filters, field)
    visible = roles.visibility(request.user)
    try:
        # The same for everyone who may read the same (the visibility the results are
        # filtered by): a generation lasts until a publication or an index update.
        found = caching.cached(
            "search",
            visible.everything,
            caching.ids_part(visible.unit_ids),
            get_language(),
            request.get_host(),
            hashlib.sha256(urlencode({**kept, "page": page_number}).encode()).hexdigest(),
            compute=lambda: _found(request, parsed, filters, order, page_number, kept),
        )
    except elastic.SearchUnavailable:
        return TemplateResponse(
            request, "search/unavailable.html", {"search_query": parsed.text}, status=503
        )
    if parsed and page_number == 1:
        _count_search(request, parsed.text)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            **found,
            "search_query": parsed.text,
            "order": order,
            "querystring": urlencode(kept),
            "sort_links": {sort: urlencode({**kept, "sort": sort}) for sort in SORTS},
            "truncated": parsed.truncated,
            "notices": notices,
        },
    )


def _found(request, parsed, filters, order: str, page_number: int, kept: dict) -> dict:
    """The results part of the page: hits, files' cards, facets, editors' picks."""
    results = search_query.search(request.user, parsed, filters, order=order, page=page_number)
    pages = max(1, -(-results.total // search_query.RESULTS_PER_PAGE))
    return {
        "results": results,
        # The entries come with their pages (search/query.py): no query here.
        "hits": [(hit, hit.entry.page.get_url(request)) for hit in results.hits],
        "cards": cards_for(
            file.entry.document_id for hit in results.hits for file in [hit, *hit.files]
        ),
        "facets": _facet_rows(results, filters, kept) if parsed else {},
        "promotions": _promotions(parsed) if parsed and page_number == 1 else [],
        "page_number": min(page_number, pages),
        "pages": pages,
        "first_number": (min(page_number, pages) - 1) * search_query.RESULTS_PER_PAGE + 1,
    }


def _count_search(request, text: str) -> None:
    """Wagtail's query log (popular searches, the promotions' queries) counts people
    searching, not pages served: the same words from the same person on the same day
    (a reload, another sort or filter, coming back to the results) count once."""
    seen = hashlib.sha256(f"{request.user.pk}:{timezone.localdate()}:{text}".encode())
    if cache.add(f"searched:{seen.hexdigest()}", 1, timeout=caching.TIMEOUT_SECONDS):
        Query.get(text).add_hit()


def suggest(request):
    """Titles for the search box, as the user types (accent-insensitive)."""
    parsed = parse_query(request.GET.get("q", ""))
    try:
        found = search_query.suggest(request.user, parsed)
    except elastic.SearchUnavailable:
        return JsonResponse({"suggestions": []}, status=503)
    pages = Page.objects.in_bulk([page_id for page_id, _title in found])
    return JsonResponse(
        {
            "suggestions": [
                {"title": title, "url": pages[pk].get_url(request)}
                for pk, title in found
                if pk in pages
            ]
        }
    )
