"""The search page on Elasticsearch, when ELASTICSEARCH_URL is set.

Wagtail's Elasticsearch backend builds the index (mapping from
SearchEntry.search_fields, Vietnamese analysis from search/es_settings.py,
`manage.py update_index`); this module asks it one question per search
page: the page of results and every facet count in a single request.
"""

import logging

from django.conf import settings

from wagtail.search.backends import get_search_backend

from directives.units.roles import Visibility
from search.models import SearchEntry

logger = logging.getLogger(__name__)
FACET_FIELDS = {
    "kind": "kind_filter",
    "document_type": "document_type_filter",
    "unit_id": "unit_id_filter",
    "directive_id": "directive_id_filter",
    "year": "year_filter",
}
FACET_SIZE = 100


class SearchUnavailable(Exception):
    """The search server cannot answer now (down, timing out, refusing)."""


def enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def _text_clause(terms: list[list[str]]) -> list[dict]:
    """Every term required: a word in the title or the text, a phrase in order."""
    return [
        {
            "multi_match": {
                "query": " ".join(term),
                "fields": ["title^3", "text"],
                **({"operator": "and"} if len(term) == 1 else {"type": "phrase"}),
            }
        }
        for term in terms
    ]


def _visibility(visibility: Visibility) -> list[dict]:
    """`roles.Visibility` as a filter (tests/search/test_visibility.py holds it to the rule)."""
    if visibility.everything:
        return []
    allowed = [{"term": {"live_filter": True}}]
    if visibility.unit_ids:
        allowed.append({"terms": {"owner_unit_id_filter": sorted(visibility.unit_ids)}})
    return [{"bool": {"should": allowed, "minimum_should_match": 1}}]


HAS_BODY_FIRST = {
    "has_body_filter": {"order": "desc", "missing": "_last", "unmapped_type": "boolean"}
}


def build_query(
    parsed, filters, *, visibility: Visibility, order: str, offset: int, size: int
) -> dict:
    """The request body. Facet counts ignore their own facet's choice (post_filter
    and filtered aggregations), as on the database path."""
    chosen = {
        name: {"term": {field: getattr(filters, name)}}
        for name, field in FACET_FIELDS.items()
        if getattr(filters, name) is not None
    }
    aggregations = {
        name: {
            "filter": {"bool": {"filter": [c for other, c in chosen.items() if other != name]}},
            "aggs": {"values": {"terms": {"field": field, "size": FACET_SIZE}}},
        }
        for name, field in FACET_FIELDS.items()
    }
    body = {
        "query": {
            "bool": {
                "must": _text_clause(parsed.terms),
                "filter": _visibility(visibility),
            }
        },
        "post_filter": {"bool": {"filter": list(chosen.values())}},
        "aggs": aggregations,
        "from": offset,
        "size": size,
        "_source": False,
        "stored_fields": ["pk"],
        "track_total_hits": True,
    }
    if order == "date":
        body["sort"] = [{"day_filter": {"order": "desc", "missing": "_last"}}, "_score"]
    else:
        # An empty draft whose title matches is not the answer (query.Engine._score).
        # unmapped_type: an index built before the field existed still answers.
        body["sort"] = [HAS_BODY_FIRST, "_score"]
    return body


def run(body: dict) -> tuple[list[int], int, dict]:
    """(entry ids in order, total after filters, {facet: {value: count}})."""
    from elasticsearch import ApiError, TransportError

    backend = get_search_backend()
    index = backend.get_index_for_model(SearchEntry)
    try:
        response = backend.es.options(request_timeout=backend.timeout).search(
            index=index.name, body=body
        )
    except (TransportError, ApiError) as error:
        logger.error("Search server unavailable: %s", error)
        raise SearchUnavailable from error
    hits = response["hits"]
    ids = [int(hit["fields"]["pk"][0]) for hit in hits["hits"]]
    facets = {
        name: {bucket["key"]: bucket["doc_count"] for bucket in agg["values"]["buckets"]}
        for name, agg in response.get("aggregations", {}).items()
    }
    return ids, hits["total"]["value"], facets


def suggest_body(parsed, *, visibility: Visibility, size: int) -> dict:
    return {
        "query": {
            "bool": {
                "must": [
                    {
                        "match": {
                            "title_edgengrams": {
                                "query": " ".join(parsed.all_words),
                                "operator": "and",
                            }
                        }
                    }
                ],
                # Titles of pages, not of their files.
                "must_not": [{"exists": {"field": "document_id_filter"}}],
                "filter": _visibility(visibility),
            }
        },
        "size": size,
        "_source": False,
        "stored_fields": ["pk"],
    }


def push(page_id: int) -> int:
    """Send a page's entries to the search server; raises while it is down, so
    that the Celery task retries (Wagtail's own save-time update only logs)."""
    backend = get_search_backend()
    entries = list(SearchEntry.objects.filter(page_id=page_id))
    if entries:
        backend.add_bulk(SearchEntry, entries)
    return len(entries)
