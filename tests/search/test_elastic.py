"""The Elasticsearch path: analysis, mapping and queries as sent, the page when
the server is down; against a real server only where ELASTICSEARCH_URL is set."""

import os
import socket

from django.test import override_settings

import pytest

from directives.units.roles import Visibility
from search import elastic, query
from search.es_settings import index_settings
from search.models import SearchEntry
from search.text import parse_query

pytestmark = pytest.mark.django_db


def _dead_url() -> str:
    """An address nothing listens on: a port we bound and released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def es_backend_settings(url: str, *, icu: bool = False) -> dict:
    return {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [url],
            "INDEX_PREFIX": "portal_test_",
            "TIMEOUT": 2,
            "OPTIONS": {"max_retries": 0},
            "INDEX_SETTINGS": index_settings(icu=icu),
        }
    }


def test_the_analysis_folds_vietnamese_and_keeps_the_original():
    analysis = index_settings(icu=False)["settings"]["analysis"]
    assert analysis["filter"]["vi_folding"] == {"type": "asciifolding", "preserve_original": True}
    assert analysis["analyzer"]["default"]["filter"] == ["lowercase", "vi_folding"]
    assert "asciifolding" in analysis["analyzer"]["edgengram_analyzer"]["filter"]
    icu = index_settings(icu=True)["settings"]["analysis"]["analyzer"]
    assert icu["default"]["tokenizer"] == "icu_tokenizer"
    assert "icu_folding" in icu["edgengram_analyzer"]["filter"]
    assert icu["default"]["filter"][0] == "icu_normalizer"


def test_the_mapping_wagtail_generates_for_the_entries():
    url = _dead_url()
    with override_settings(ELASTICSEARCH_URL=url, WAGTAILSEARCH_BACKENDS=es_backend_settings(url)):
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        mapping = backend.mapping_class(SearchEntry).get_mapping()["properties"]
        settings = backend.settings["settings"]["analysis"]
    assert mapping["title"]["type"] == "text" and "analyzer" not in mapping["title"]  # the default
    assert mapping["title_edgengrams"]["search_analyzer"] == "vi_folded"
    assert mapping["live_filter"]["type"] == "boolean"
    assert mapping["owner_unit_id_filter"]["type"] == "long"
    assert mapping["kind_filter"]["type"] == "keyword"
    assert mapping["has_body_filter"]["type"] == "boolean"
    assert settings["analyzer"]["default"]["filter"] == ["lowercase", "vi_folding"]


def test_the_query_requires_every_word_and_keeps_drafts_to_their_units():
    body = elastic.build_query(
        parse_query('báo chí "hội nghị"'),
        query.Filters(year=2022, unit_id=7),
        visibility=Visibility(everything=False, unit_ids=frozenset({3, 5})),
        order="relevance",
        offset=20,
        size=20,
    )
    must = body["query"]["bool"]["must"]
    assert must[0]["multi_match"] == {
        "query": "báo",
        "fields": ["title^3", "text"],
        "operator": "and",
    }
    assert must[2]["multi_match"]["type"] == "phrase"
    assert must[2]["multi_match"]["query"] == "hội nghị"
    visibility = body["query"]["bool"]["filter"][0]["bool"]["should"]
    assert {"term": {"live_filter": True}} in visibility
    assert {"terms": {"owner_unit_id_filter": [3, 5]}} in visibility
    # Chosen facets narrow the results (post_filter) and every other facet's counts.
    assert {"term": {"year_filter": 2022}} in body["post_filter"]["bool"]["filter"]
    year_counts = body["aggs"]["year"]["filter"]["bool"]["filter"]
    assert year_counts == [{"term": {"unit_id_filter": 7}}]
    assert (body["from"], body["size"]) == (20, 20)
    # Entries with body text first, then by score, as on the database path.
    assert body["sort"][1] == "_score"
    assert body["sort"][0]["has_body_filter"]["order"] == "desc"
    # An index built before the field existed sorts without it instead of failing.
    assert body["sort"][0]["has_body_filter"]["unmapped_type"] == "boolean"
    department = elastic.build_query(
        parse_query("x"),
        query.Filters(),
        visibility=Visibility(everything=True, unit_ids=frozenset()),
        order="date",
        offset=0,
        size=20,
    )
    assert department["query"]["bool"]["filter"] == []
    assert department["sort"][0] == {"day_filter": {"order": "desc", "missing": "_last"}}


def test_a_dead_search_server_gives_a_503_page_and_publishing_still_works(
    workspace, client, committed
):
    url = _dead_url()
    with override_settings(ELASTICSEARCH_URL=url, WAGTAILSEARCH_BACKENDS=es_backend_settings(url)):
        client.force_login(workspace.people.reviewer)
        response = client.get("/search/", {"q": "báo chí"})
        assert response.status_code == 503
        assert "Tìm kiếm tạm thời gián đoạn" in response.content.decode()
        assert client.get("/search/suggest/", {"q": "báo"}).status_code == 503
        # The unit still publishes; the database index is current and the push
        # to the search server is left to the retrying task.
        live = workspace.a.live
        live.title = "Kế hoạch đã sửa"
        with committed():
            live.save_revision().publish()
        assert SearchEntry.objects.get(page=live, document=None).title == "Kế hoạch đã sửa"


def test_the_index_task_retries_while_the_server_is_down():
    from elastic_transport import TransportError

    from search.tasks import index_page

    assert TransportError in index_page.autoretry_for
    assert index_page.max_retries >= 10


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="no Elasticsearch server")
def test_against_a_real_server(workspace, committed):
    url = os.environ["ELASTICSEARCH_URL"]
    with override_settings(ELASTICSEARCH_URL=url, WAGTAILSEARCH_BACKENDS=es_backend_settings(url)):
        from django.core.management import call_command

        from search import indexing

        indexing.rebuild()
        call_command("update_index", verbosity=0)
        reviewer = workspace.people.reviewer
        title = workspace.a.live.title
        found = query.search(reviewer, parse_query(title.upper()), query.Filters())
        assert title in [hit.entry.title for hit in found.hits]
        folded = query.search(reviewer, parse_query("ke hoach da gui"), query.Filters())
        assert folded.total >= 1
        assert query.suggest(reviewer, parse_query("ke hoa"))
        draft = workspace.a.draft.title
        assert draft not in [
            h.entry.title
            for h in query.search(
                workspace.people.b_editor, parse_query(draft), query.Filters()
            ).hits
        ]
