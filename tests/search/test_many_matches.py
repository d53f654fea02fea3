"""A word found in nearly every document: what the user sees is still right.

Past `query.FULL_RANK_LIMIT` matches the ranking reads titles only (search/query.py),
and on SQLite the matches are read through narrow indexes rather than the table.
Each test holds the answer to one computed here in Python from the entries
themselves: the facet counts and totals exactly, the order of the first page.
"""

import random
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from directives.units import roles
from search import query
from search.indexing import _entry
from search.models import SearchEntry
from search.text import parse_query, words

pytestmark = pytest.mark.django_db

TYPES = ("Kế hoạch", "Hướng dẫn", "Báo cáo kết quả")
FILLER = words("tăng cường công tác tuyên truyền trên địa bàn tỉnh năm nay")


@pytest.fixture
def entries(workspace):
    """150 entries over 3 units, 2 directives, 4 years and both states; "báo chí"
    in the text of most, in the title of a few (with or without its diacritics)."""
    SearchEntry.objects.all().delete()
    rng = random.Random(13)
    units = [workspace.a.unit, workspace.b.unit, workspace.department, None]
    directives = [workspace.plan.pk, None]
    made = []
    for n in range(150):
        unit = units[n % 4]
        in_title = ("Về báo chí", "Về bao chi", "Về tỉnh nhà")[n % 3] if n % 5 == 0 else ""
        text = [rng.choice(FILLER) for _ in range(30)]
        if n % 7:
            text.insert(rng.randrange(30), rng.choice(["báo chí", "bao chi", "Báo Chí"]))
        has_body = n % 11 != 0
        made.append(
            _entry(
                key=f"t-{n}",
                kind=("directive", "submission", "attachment")[n % 3],
                title=f"{in_title or 'Văn bản'} số {n:03d}",
                text=" ".join(text) if has_body else "",
                has_body=has_body,
                page_id=workspace.plan.pk,
                live=n % 6 != 0,
                owner_unit_id=unit.pk if unit else None,
                unit_id=unit.pk if unit else None,
                directive_id=directives[n % 2],
                document_type=TYPES[n % 3],
                day=None if n % 13 == 0 else date(2020 + n % 4, 1 + n % 12, 1 + n % 28),
                year=None if n % 13 == 0 else 2020 + n % 4,
            )
        )
    SearchEntry.objects.bulk_create(made)
    return list(SearchEntry.objects.all())


def _matches(entry: SearchEntry, typed: str) -> bool:
    """The index's rule: every (folded) word or phrase in the title or the text."""
    columns = [entry.title_folded.split(), entry.text_folded.split()]
    return all(
        any(
            column[i : i + len(term)] == term
            for column in columns
            for i in range(len(column) - len(term) + 1)
        )
        for term in parse_query(typed).folded_terms()
    )


def _expected(entries, user, typed, filters: query.Filters):
    rule = roles.visibility(user)
    found = [
        e
        for e in entries
        if rule.allows(live=e.live, owner_unit_id=e.owner_unit_id) and _matches(e, typed)
    ]

    def holds(entry, skip=None):
        return all(
            getattr(filters, name) is None or getattr(entry, name) == getattr(filters, name)
            for name in query.FACETS
            if name != skip
        )

    facets = {
        name: {
            value: count
            for value in {getattr(e, name) for e in found} - {None}
            if (count := sum(1 for e in found if getattr(e, name) == value and holds(e, name)))
        }
        for name in query.FACETS
    }
    return [e for e in found if holds(e)], facets


@pytest.fixture(params=["ranked on titles", "ranked on whole texts"])
def rank_limit(request, monkeypatch):
    if request.param == "ranked on titles":
        monkeypatch.setattr(query, "FULL_RANK_LIMIT", 0)
    return request.param


@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"unit_id": "a"},
        {"year": 2021, "kind": "submission"},
        {"document_type": "Hướng dẫn", "directive_id": "plan", "unit_id": "b"},
    ],
)
@pytest.mark.parametrize("who", ["reviewer", "a_editor"])
def test_counts_and_facets_are_exact(entries, workspace, rank_limit, chosen, who):
    user = getattr(workspace.people, who)
    values = {"a": workspace.a.unit.pk, "b": workspace.b.unit.pk, "plan": workspace.plan.pk}
    filters = query.Filters(**{k: values.get(v, v) for k, v in chosen.items()})
    expected, facets = _expected(entries, user, "bao chi", filters)
    assert len(expected) > 3 or chosen, "the corpus must hold many matches"

    found = query.search(user, parse_query("bao chi"), filters)

    assert found.total == len(expected)
    assert {name: dict(counts) for name, counts in found.facets.items()} == facets
    ids = query.Engine(parse_query("bao chi")).page_ids(
        query._visibility(user), filters, "relevance", 0, full_rank=rank_limit != "ranked on titles"
    )
    assert set(ids) <= {e.pk for e in expected}
    assert len(ids) == min(len(expected), query.RESULTS_PER_PAGE)


@pytest.mark.parametrize("typed", ["báo chí", "bao chi"])
def test_past_the_limit_titles_rank_first_then_the_newest(entries, workspace, typed, monkeypatch):
    monkeypatch.setattr(query, "FULL_RANK_LIMIT", 0)
    reviewer = workspace.people.reviewer
    found, _facets = _expected(entries, reviewer, typed, query.Filters())
    exact = set(parse_query(typed).all_words)

    def key(e):
        in_title = _matches_title(e, typed)
        # Typed with its diacritics: the titles that carry them rank first.
        exact_title = in_title and exact <= set(e.title.lower().split())
        newest = -e.day.toordinal() if e.day else 0
        return (not e.has_body, not in_title, not exact_title, e.day is None, newest, e.pk)

    expected = [e.pk for e in sorted(found, key=key)]
    pages = [
        query.Engine(parse_query(typed)).page_ids(
            query._visibility(reviewer), query.Filters(), "relevance", offset, full_rank=False
        )
        for offset in range(0, len(found), query.RESULTS_PER_PAGE)
    ]
    assert [pk for page in pages for pk in page] == expected


def _matches_title(entry, typed) -> bool:
    title = entry.title_folded.split()
    return all(
        any(title[i : i + len(t)] == t for i in range(len(title) - len(t) + 1))
        for t in parse_query(typed).folded_terms()
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own indexes")
def test_sqlite_ranks_as_it_did_before_the_narrow_index(entries, workspace):
    """Up to the limit every match is ranked by bm25 on its whole text: the same
    order as the plain query on the table (the narrow index changes the reading)."""
    engine = query.Engine(parse_query("báo chí"))
    visibility = query._visibility(workspace.people.reviewer)
    source, where, params = engine._match()
    with connection.cursor() as cursor:
        plain_sql = (
            "SELECT e.id FROM search_fts JOIN search_searchentry e "  # noqa: S608
            f"ON e.id = search_fts.rowid WHERE {where} "
            f"ORDER BY e.has_body DESC, bm25(search_fts, {query.BM25_WEIGHTS}), e.id LIMIT 20"
        )
        cursor.execute(plain_sql, params)
        plain = [row[0] for row in cursor.fetchall()]
    assert "INDEXED BY" in source
    assert engine.page_ids(visibility, query.Filters(), "relevance", 0) == plain


# Queries that read: the facets' one opens with its sample (WITH).
STATEMENTS = ("SELECT", "WITH")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL counts facets up to FACET_LIMIT"
)


@postgres_only
@pytest.mark.parametrize("who", ["reviewer", "a_editor"])
def test_past_the_facet_limit_the_counts_are_of_the_first_matches(
    entries, workspace, who, monkeypatch
):
    """The facets count the first FACET_LIMIT matches the user may see, each no
    more than its exact count, and the total says there are more."""
    monkeypatch.setattr(query, "FACET_LIMIT", 40)
    user = getattr(workspace.people, who)
    expected, exact = _expected(entries, user, "bao chi", query.Filters())
    assert len(expected) > 40

    found = query.search(user, parse_query("bao chi"), query.Filters())

    assert (found.total, found.more, found.sampled) == (40, True, 40)
    # Every entry has a kind: the kind's counts add up to the sample.
    assert sum(found.facets["kind"].values()) == 40
    for name, counts in found.facets.items():
        assert set(counts) <= set(exact[name])
        assert all(count <= exact[name][value] for value, count in counts.items())
    # The page is still ranked over every match, not over the counted ones.
    assert len(found.hits) > 0


@postgres_only
def test_past_the_facet_limit_a_filtered_total_is_exact_up_to_the_limit(
    entries, workspace, monkeypatch
):
    monkeypatch.setattr(query, "FACET_LIMIT", 40)
    reviewer = workspace.people.reviewer
    narrow = query.Filters(year=2021, kind="submission")
    expected, _facets = _expected(entries, reviewer, "bao chi", narrow)
    assert 0 < len(expected) < 40

    found = query.search(reviewer, parse_query("bao chi"), narrow)
    assert (found.total, found.more, found.sampled) == (len(expected), False, 40)

    wide = query.Filters(kind="submission")
    expected, _facets = _expected(entries, reviewer, "bao chi", wide)
    assert len(expected) > 40
    found = query.search(reviewer, parse_query("bao chi"), wide)
    assert (found.total, found.more) == (40, True)


@postgres_only
def test_past_the_facet_limit_a_filter_costs_one_count_more(entries, workspace, monkeypatch):
    reviewer = workspace.people.reviewer

    def selects(filters):
        with CaptureQueriesContext(connection) as captured:
            query.search(reviewer, parse_query("bao chi"), filters)
        return len([q for q in captured.captured_queries if q["sql"].startswith(STATEMENTS)])

    selects(query.Filters())  # the user's roles, read once and kept
    exact = selects(query.Filters()), selects(query.Filters(kind="submission"))
    monkeypatch.setattr(query, "FACET_LIMIT", 40)
    capped = selects(query.Filters()), selects(query.Filters(kind="submission"))
    assert capped == (exact[0], exact[1] + 1)


@postgres_only
def test_past_the_facet_limit_the_best_title_is_first_wherever_it_is_stored(
    entries, workspace, monkeypatch
):
    """The counted sample is the first matches in storage order; the ranking is not
    confined to it: an old entry stored last whose title matches ranks first."""
    monkeypatch.setattr(query, "FACET_LIMIT", 40)
    monkeypatch.setattr(query, "FULL_RANK_LIMIT", 0)
    last = _entry(
        key="t-last",
        kind="directive",
        title="Báo chí năm xưa",
        text="nội dung khác",
        page_id=workspace.plan.pk,
        live=True,
        day=date(2001, 1, 1),
        year=2001,
    )
    last.save()
    reviewer, typed = workspace.people.reviewer, parse_query("báo chí năm")
    found = query.search(reviewer, typed, query.Filters())
    assert found.more
    # The only title with every word; the others match in their text ("năm nay").
    assert found.hits[0].entry.title == "Báo chí năm xưa"
    # The same page as when every match is counted.
    monkeypatch.setattr(query, "FACET_LIMIT", 10_000)
    uncapped = query.search(reviewer, typed, query.Filters())
    assert not uncapped.more
    assert [h.entry.pk for h in found.hits] == [h.entry.pk for h in uncapped.hits]


@postgres_only
def test_the_page_says_the_counts_are_of_the_first_matches(entries, workspace, client, monkeypatch):
    monkeypatch.setattr(query, "FACET_LIMIT", 40)
    client.force_login(workspace.people.reviewer)
    body = client.get("/search/", {"q": "bao chi"}).content.decode()
    assert "Hơn 40 kết quả cho “bao chi”" in body
    assert "được đếm trên 40 kết quả đầu tiên tìm thấy, không phải trên tất cả" in body


def test_within_the_facet_limit_the_page_says_nothing_of_it(entries, workspace, client):
    client.force_login(workspace.people.reviewer)
    body = client.get("/search/", {"q": "bao chi"}).content.decode()
    expected, _facets = _expected(entries, workspace.people.reviewer, "bao chi", query.Filters())
    assert f"{len(expected)} kết quả cho “bao chi”" in body
    assert "Hơn" not in body and "kết quả đầu tiên tìm thấy" not in body
