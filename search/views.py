from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from wagtail.models import Page

from portal.vietnamese import squash_spaces

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20


def search(request):
    # Control characters (a NUL from a pasted PDF) would break the database query.
    raw = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())
    query = squash_spaces(raw)[:MAX_QUERY_LENGTH]
    results = Page.objects.live().specific().search(query) if query else Page.objects.none()
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "page_obj": page_obj,
            "filter_querystring": urlencode({"q": query}),
            "truncated": len(raw) > MAX_QUERY_LENGTH,
        },
    )
