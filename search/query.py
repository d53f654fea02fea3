"""Running a search: matching, ranking, permissions and facets in a fixed
number of queries, on SQLite (FTS5) and PostgreSQL (tsvector + GIN); one more
on PostgreSQL when the facets were counted on a sample and a filter is chosen.

Ranking: the folded text decides what matches; the exact text adds to the
score, so words typed with their diacritics rank the documents that carry
those very diacritics first ("báo chí" before "bao chi" and "bào chì").
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction

from directives.units import roles
from search import elastic
from search.models import FACETS_INDEX, NARROW_INDEX, SearchEntry
from search.text import ParsedQuery, highlight, snippet

RESULTS_PER_PAGE = 20
# Up to this many matches every one is ranked on its whole text. Beyond it (a
# word found in nearly every document, such as "tỉnh"), ranking every match
# costs a full-text read per row: the title decides (all words in the title
# first, exact diacritics first), then the newest, on PostgreSQL and SQLite
# alike (PostgreSQL ranks only the entries that can reach the page:
# Engine._page_of_candidates). The counts stay exact up to FACET_LIMIT.
FULL_RANK_LIMIT = 1000
# PostgreSQL: the facets are counted on at most this many matches, the first the
# full-text index finds (in storage order, not by rank). Counting every match of a
# word found in nearly every entry reads every row (50,000: 80-190 ms); past the
# limit the page says the counts are of the first FACET_LIMIT and that there are
# more than FACET_LIMIT results (Results.sampled, Results.more).
FACET_LIMIT = 10_000
# PostgreSQL, past FULL_RANK_LIMIT: reading one entry's text vector (out of line,
# compressed) to check that it matches costs about as much as this many rows of
# the GIN index's bitmap (50,000 entries: 20-250 us against 0.5-1 us). Walking the
# entries newest first pays off only when matches are dense enough to find a
# page's worth soon (Engine._page_of_candidates).
VECTOR_READ_COST = 30
SUGGESTIONS = 8
FACETS = ("kind", "document_type", "unit_id", "directive_id", "year")
# FTS5 bm25 column weights: title_folded, text_folded, title (exact), text (exact).
BM25_WEIGHTS = "8.0, 1.0, 16.0, 2.0"


@dataclass
class Filters:
    kind: str | None = None
    document_type: str | None = None
    unit_id: int | None = None
    directive_id: int | None = None
    year: int | None = None


@dataclass
class Hit:
    entry: SearchEntry
    snippet: str
    title: str = ""  # HTML: the entry's title, matched words marked
    # The matching files of the same page, shown under it rather than as
    # results of their own that repeat the page's title.
    files: list["Hit"] = field(default_factory=list)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: dict[str, Counter] = field(default_factory=dict)
    # Past FACET_LIMIT matches (PostgreSQL): the facets count the first `sampled`
    # matches only, and `more` says there are more than `total` results.
    sampled: int = 0
    more: bool = False


def _visibility(user) -> tuple[str, list]:
    """`roles.Visibility` as SQL: published entries for everyone signed in, drafts for
    their unit and the department (tests/search/test_visibility.py holds it to the rule)."""
    allowed = roles.visibility(user)
    if allowed.everything:
        return "TRUE", []
    units = sorted(allowed.unit_ids)
    if not units:
        return "e.live", []
    marks = ", ".join(["%s"] * len(units))
    return f"(e.live OR e.owner_unit_id IN ({marks}))", units


def _conditions(filters: Filters, skip: str | None = None) -> tuple[str, list]:
    chosen = [name for name in FACETS if name != skip and getattr(filters, name) is not None]
    if not chosen:
        return "TRUE", []
    return " AND ".join(f"e.{name} = %s" for name in chosen), [getattr(filters, n) for n in chosen]


def _fts5(terms: list[list[str]], columns: str) -> str:
    """An FTS5 expression: every term (word or phrase) required, each quoted."""
    quoted = " AND ".join('"' + " ".join(term) + '"' for term in terms)
    return "{" + columns + "} : (" + quoted + ")"


def _tsquery(terms: list[list[str]]) -> str:
    return " & ".join("(" + " <-> ".join(f"'{word}'" for word in term) + ")" for term in terms)


class Engine:
    """The two SQL dialects, behind the same three questions."""

    def __init__(self, query: ParsedQuery):
        self.query = query
        self.vendor = connection.vendor
        # PostgreSQL: the planner's count of entries, read with the facets.
        self.entries = 0

    def _match(self, *, exact: bool = True) -> tuple[str, str, list]:
        """(FROM clause, WHERE clause, params) of entries matching the query.
        `exact=False` leaves out what only bm25 reads (the same rows match)."""
        folded = self.query.folded_terms()
        if self.vendor == "postgresql":
            return (
                "search_searchentry e",
                "e.folded_tsv @@ to_tsquery('simple', %s)",
                [_tsquery(folded)],
            )
        expression = _fts5(folded, "title_folded text_folded")
        if exact:
            # Exact terms are OR-ed in: they never widen the match (an exact match
            # is also a folded one) but add to bm25 for the documents that have them.
            expression = f"({expression}) OR ({_fts5(self.query.terms, 'title text')})"
        # Each match is looked up in the narrow index, not in the table, whose
        # rows carry the whole text (SearchEntry.Meta): SQLite's planner would
        # take the primary key and walk every match's overflow pages.
        return (
            f"search_fts JOIN search_searchentry e INDEXED BY {NARROW_INDEX} "
            "ON e.id = search_fts.rowid",
            "search_fts MATCH %s",
            [expression],
        )

    def _score(self, full: bool) -> tuple[str, list]:
        """An ORDER BY expression, best first, with its params. Entries with body
        text come first: an empty draft whose title matches is not the answer."""
        order, params = self._relevance(full)
        return f"e.has_body DESC, {order}", params

    def _relevance(self, full: bool) -> tuple[str, list]:
        folded, exact = _tsquery(self.query.folded_terms()), _tsquery(self.query.terms)
        if self.vendor == "postgresql" and full:
            return (
                "ts_rank(e.folded_tsv, to_tsquery('simple', %s)) "
                "+ 2 * ts_rank(e.exact_tsv, to_tsquery('simple', %s)) DESC",
                [folded, exact],
            )
        if self.vendor == "postgresql":
            return (
                "e.title_tsv @@ to_tsquery('simple', %s) DESC, "
                "CASE WHEN e.title_tsv @@ to_tsquery('simple', %s) THEN "
                "ts_rank(e.title_tsv, to_tsquery('simple', %s)) "
                "+ 2 * ts_rank(e.title_exact_tsv, to_tsquery('simple', %s)) ELSE 0 END DESC, "
                "e.day IS NULL, e.day DESC",
                [folded, folded, folded, exact],
            )
        if full:
            return f"bm25(search_fts, {BM25_WEIGHTS})", []
        # The `titled` tables of page_ids: every word in the title, then also
        # with the diacritics as typed; then the newest. (bm25 is no help here:
        # FTS5 divides by the length of the whole row, text included.)
        return "titled.id IS NULL, exactly.id IS NULL, e.day IS NULL, e.day DESC", []

    def _titled(self) -> tuple[str, str, list]:
        """SQLite, past FULL_RANK_LIMIT: (WITH clause, its LEFT JOINs, params) of
        the entries whose title holds every word folded, and exactly as typed."""
        return (
            "WITH titled(id) AS (SELECT rowid FROM search_fts WHERE search_fts MATCH %s), "
            "exactly(id) AS (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) ",
            "LEFT JOIN titled ON titled.id = e.id LEFT JOIN exactly ON exactly.id = e.id",
            [
                _fts5(self.query.folded_terms(), "title_folded"),
                _fts5(self.query.terms, "title"),
            ],
        )

    def execute(self, sql: str, params: list, *, bitmap_only: bool = False) -> list[tuple]:
        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # The planner reads "@@" as cheap and scans the table when most rows
                # match, unpacking every row's text vector (5x slower at 50,000
                # documents); the GIN index answers without reading them.
                cursor.execute("SET LOCAL enable_seqscan = off")
                if bitmap_only:
                    # Nor walk a btree index checking "@@" row by row, for the
                    # same reason (_page_of_candidates decides from the counts).
                    cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(sql, params)
            return cursor.fetchall()

    def facets(self, visibility, filters: Filters) -> tuple[int, dict[str, Counter], int, bool]:
        """(matches after the filters, {facet: {value: count}}, sampled, more): each
        facet's counts under every filter but its own, so other choices stay offered.
        On PostgreSQL past FACET_LIMIT matches, the counts are of the first
        `sampled` and `more` says the total is only a lower bound."""
        if self.vendor == "postgresql":
            return self._facets_grouping_sets(visibility, filters)
        columns = ", ".join(f"e.{name}" for name in FACETS)
        # The facets' own index, in FACETS order, read whole: the combinations
        # come out grouped, with no sort of every match (10,000 matches: 16 ms
        # joined by id and sorted, 8 ms so). "+e.id" keeps the id's own index out.
        sql = (
            f"SELECT {columns}, COUNT(*) FROM search_searchentry e INDEXED BY {FACETS_INDEX} "
            "WHERE +e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
            f"AND {visibility[0]} GROUP BY {columns}"
        )
        _source, _where, params = self._match(exact=False)
        chosen = [
            (position, getattr(filters, name))
            for position, name in enumerate(FACETS)
            if getattr(filters, name) is not None
        ]
        facets, total = {name: Counter() for name in FACETS}, 0
        for *values, count in self.execute(sql, params + visibility[1]):
            # A combination counts for a facet when every other chosen filter
            # holds: all of them (it counts everywhere), or all but that facet's.
            missed = [position for position, wanted in chosen if values[position] != wanted]
            if len(missed) > 1:
                continue
            if not missed:
                total += count
            for position in missed or range(len(FACETS)):
                if values[position] is not None:
                    facets[FACETS[position]][values[position]] += count
        return total, facets, 0, False

    def _facets_grouping_sets(self, visibility, filters: Filters):
        """One pass over the matches with GROUPING SETS: a few rows per facet
        value come back, however many combinations of values the matches hold."""
        source, where, params = self._match()
        columns = ", ".join(f"e.{name}" for name in FACETS)
        counts, count_params = [], []
        for skip in (*FACETS, None):
            condition, values = _conditions(filters, skip=skip)
            counts.append(f"COUNT(*) FILTER (WHERE {condition})")
            count_params += values
        sets = ", ".join(f"(e.{name})" for name in FACETS)
        # The first FACET_LIMIT + 1 matches, read once (the GIN index's bitmap, then
        # the rows in storage order until there are enough); the counts are of the
        # first FACET_LIMIT, the one more only tells that there are more.
        sql = (
            f"WITH sample AS MATERIALIZED (SELECT {columns} FROM {source} "
            f"WHERE {where} AND {visibility[0]} LIMIT %s) "
            f"SELECT {columns}, GROUPING({columns}), {', '.join(counts)}, "
            "(SELECT reltuples FROM pg_class WHERE oid = 'search_searchentry'::regclass), "
            "(SELECT COUNT(*) FROM sample) "
            f"FROM (SELECT * FROM sample LIMIT %s) e GROUP BY GROUPING SETS ({sets}, ())"
        )
        facets, total, found = {name: Counter() for name in FACETS}, 0, 0
        everything = (1 << len(FACETS)) - 1
        rows = self.execute(
            sql, params + visibility[1] + [FACET_LIMIT + 1] + count_params + [FACET_LIMIT]
        )
        for row in rows:
            values, grouping = row[: len(FACETS)], row[len(FACETS)]
            numbers, (self.entries, found) = row[len(FACETS) + 1 : -2], row[-2:]
            if grouping == everything:
                total = numbers[-1]
                continue
            for position, name in enumerate(FACETS):
                is_own_set = grouping == everything ^ (1 << (len(FACETS) - 1 - position))
                if is_own_set and values[position] is not None and numbers[position]:
                    facets[name][values[position]] = numbers[position]
        if found <= FACET_LIMIT:
            return total, facets, 0, False
        chosen, chosen_params = _conditions(filters)
        total = found
        if chosen != "TRUE":
            # The total under the filters, counted apart, up to the limit as well.
            total = self.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {where} "
                f"AND {visibility[0]} AND {chosen} LIMIT %s) capped",
                params + visibility[1] + chosen_params + [FACET_LIMIT + 1],
            )[0][0]
        return min(total, FACET_LIMIT), facets, FACET_LIMIT, total > FACET_LIMIT

    def page_ids(
        self,
        visibility,
        filters: Filters,
        order: str,
        offset: int,
        *,
        full_rank: bool = True,
        matches: int = 0,
    ) -> list[int]:
        """One page of ids. `matches`: how many entries match under the filters,
        as the facets counted them (a lower bound past FACET_LIMIT)."""
        ranked = order != "date"
        source, where, params = self._match(exact=ranked and full_rank)
        chosen, chosen_params = _conditions(filters)
        with_sql, join_sql, with_params = "", "", []
        if not ranked:
            order_sql, order_params = "e.day IS NULL, e.day DESC, e.id DESC", []
        else:
            order_sql, order_params = self._score(full_rank)
            order_sql += ", e.id"
            if self.vendor == "sqlite" and not full_rank:
                with_sql, join_sql, with_params = self._titled()
            if self.vendor == "postgresql" and not full_rank:
                return self._page_of_candidates(
                    visibility, (chosen, chosen_params), offset, matches
                )
        sql = (
            f"{with_sql}SELECT e.id FROM {source} {join_sql} "
            f"WHERE {where} AND {visibility[0]} AND {chosen} "
            f"ORDER BY {order_sql} LIMIT %s OFFSET %s"
        )
        rows = self.execute(
            sql,
            with_params
            + params
            + visibility[1]
            + chosen_params
            + order_params
            + [RESULTS_PER_PAGE, offset],
        )
        return [row[0] for row in rows]

    def _page_of_candidates(self, visibility, chosen, offset: int, matches: int) -> list[int]:
        """PostgreSQL past FULL_RANK_LIMIT: the page ranked among its only possible
        members instead of every match (a word in nearly every entry read them all,
        50,000 rows, for 20): the best entries whose title matches (the title's own
        GIN index; each of them matches) and the first of the others in the order
        they rank in, body text first and then the newest (search_entry_newest walks
        them when most entries match), as many of each as the page reaches. One of
        the others comes after every one ahead of it in that order, so none past
        the first of them can reach the page.

        Walking search_entry_newest reads about `reach * entries / matches` text
        vectors; the bitmap reads every match's row instead, at a fraction of
        the cost each (VECTOR_READ_COST). The planner prices "@@" as cheap and
        would walk even for a word in one entry in twenty (570 vectors read:
        150 ms), so the counts decide."""
        folded, exact = _tsquery(self.query.folded_terms()), _tsquery(self.query.terms)
        chosen_sql, chosen_params = chosen
        keys = "has_body DESC, titled DESC, rank DESC, day DESC NULLS LAST, id"
        sql = (
            f"SELECT id FROM ((SELECT e.id, e.has_body, TRUE AS titled, "
            "ts_rank(e.title_tsv, to_tsquery('simple', %s)) "
            "+ 2 * ts_rank(e.title_exact_tsv, to_tsquery('simple', %s)) AS rank, e.day "
            "FROM search_searchentry e WHERE e.title_tsv @@ to_tsquery('simple', %s) "
            f"AND {visibility[0]} AND {chosen_sql} ORDER BY {keys} LIMIT %s) UNION ALL "
            "(SELECT e.id, e.has_body, FALSE, 0, e.day FROM search_searchentry e "
            "WHERE e.folded_tsv @@ to_tsquery('simple', %s) "
            "AND NOT e.title_tsv @@ to_tsquery('simple', %s) "
            f"AND {visibility[0]} AND {chosen_sql} "
            "ORDER BY e.has_body DESC, e.day DESC NULLS LAST, e.id LIMIT %s)) candidates "
            f"ORDER BY {keys} LIMIT %s OFFSET %s"
        )
        reach = offset + RESULTS_PER_PAGE
        params = [folded, exact, folded, *visibility[1], *chosen_params, reach]
        params += [folded, folded, *visibility[1], *chosen_params, reach]
        walked = reach * max(self.entries, matches) / max(matches, 1)
        rows = self.execute(
            sql,
            params + [RESULTS_PER_PAGE, offset],
            bitmap_only=walked * VECTOR_READ_COST > matches,
        )
        return [row[0] for row in rows]

    def suggestions(self, visibility) -> list[tuple[int, str]]:
        """Titles starting with the words typed, the last one as a prefix."""
        typed = [word for term in self.query.folded_terms() for word in term]
        whole, last = typed[:-1], typed[-1]
        if self.vendor == "postgresql":
            terms = [f"'{word}'" for word in whole] + [f"'{last}':*"]
            source = "search_searchentry e"
            where = "e.title_tsv @@ to_tsquery('simple', %s)"
            params = [" & ".join(terms)]
        else:
            terms = [f'"{word}"' for word in whole] + [f'"{last}"*']
            source = "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
            where = "search_fts MATCH %s"
            params = ["{title_folded} : (" + " AND ".join(terms) + ")"]
        sql = (
            f"SELECT e.page_id, e.title FROM {source} WHERE {where} AND {visibility[0]} "
            "AND e.document_id IS NULL ORDER BY e.day IS NULL, e.day DESC LIMIT %s"
        )
        return self.execute(sql, params + visibility[1] + [SUGGESTIONS])


def search(
    user, query: ParsedQuery, filters: Filters, *, order: str = "relevance", page: int = 1
) -> Results:
    """One page of results with facet counts. Raises elastic.SearchUnavailable
    when Elasticsearch is configured and does not answer."""
    if not query:
        return Results(hits=[], total=0)
    offset = (max(page, 1) - 1) * RESULTS_PER_PAGE
    if elastic.enabled():
        ids, total, counts = elastic.run(
            elastic.build_query(
                query,
                filters,
                visibility=roles.visibility(user),
                order=order,
                offset=offset,
                size=RESULTS_PER_PAGE,
            )
        )
        return _results(query, ids, total, {name: Counter(c) for name, c in counts.items()})
    engine = Engine(query)
    visibility = _visibility(user)
    total, facets, sampled, more = engine.facets(visibility, filters)
    ids = (
        engine.page_ids(
            visibility,
            filters,
            order,
            offset,
            full_rank=total <= FULL_RANK_LIMIT and not more,
            matches=total + more,
        )
        if offset < total or more
        else []
    )
    results = _results(query, ids, total, facets)
    results.sampled, results.more = sampled, more
    return results


# What a result shows of its entry (not the folded text) and of the pages and the
# unit it names: loading whole pages (a directive with its body) took 9 ms for 20
# results, these 5 ms. Other fields still load, a query each.
_SHOWN = [
    *(
        field.attname
        for field in SearchEntry._meta.concrete_fields
        if field.name not in ("title_folded", "text_folded")
    ),
    "page__url_path",
    "unit__name",
    "directive__number_symbol",
    "directive__document_type__name",
]


def _results(query: ParsedQuery, ids: list[int], total: int, facets: dict) -> Results:
    entries = (
        SearchEntry.objects.select_related("page", "unit", "directive__document_type")
        .only(*_SHOWN)
        .in_bulk(ids)
    )
    found = [
        Hit(
            entry=entries[pk],
            snippet=snippet(entries[pk].text or entries[pk].title, query),
            title=highlight(entries[pk].title, query),
        )
        for pk in ids
        if pk in entries
    ]
    return Results(hits=_grouped(found), total=total, facets=facets)


def _grouped(found: list[Hit]) -> list[Hit]:
    """One result per page, at the place of its best-ranked entry: the page's
    own entry when it matched, its matching files listed under it."""
    groups: dict[int, list[Hit]] = {}
    for hit in found:
        groups.setdefault(hit.entry.page_id, []).append(hit)
    hits = []
    for members in groups.values():
        own = [hit for hit in members if hit.entry.document_id is None]
        head = own[0] if own else members[0]
        head.files = [hit for hit in members if hit is not head]
        hits.append(head)
    return hits


def suggest(user, query: ParsedQuery) -> list[tuple[int, str]]:
    if not query:
        return []
    if elastic.enabled():
        ids, _total, _facets = elastic.run(
            elastic.suggest_body(
                query,
                visibility=roles.visibility(user),
                size=SUGGESTIONS,
            )
        )
        found = SearchEntry.objects.in_bulk(ids)
        return [(found[pk].page_id, found[pk].title) for pk in ids if pk in found]
    return Engine(query).suggestions(_visibility(user))
