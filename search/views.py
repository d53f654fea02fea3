import re

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from wagtail.models import Page

from portal.vietnamese import squash_spaces

MAX_QUERY_LENGTH = 200
# Quotes, brackets and operators are query syntax to the full-text engines
# (an unbalanced quote is an SQL error in SQLite FTS5); officials type words,
# numbers and document symbols such as 53-KH/TU.
_NOT_A_WORD = re.compile(r"[^\w\s/.-]+")
RESULTS_PER_PAGE = 20


def search(request):
    raw = request.GET.get("q", "")
    query = squash_spaces(_NOT_A_WORD.sub(" ", raw))[:MAX_QUERY_LENGTH]
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
