"""Search as officials use it: Vietnamese with or without diacritics, inside
attachments, only what the user may see, and never a 500 whatever is typed."""

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from search import indexing, query
from search.models import DocumentText, SearchEntry
from search.text import parse_query
from tests import factories
from tests.search import helpers

pytestmark = pytest.mark.django_db

TEXTS = {
    "exact": "Tăng cường quản lý báo chí trên địa bàn tỉnh",
    "plain": "Bao chi la cau chuyen khac trong van ban nay",
    "herb": "Thuốc bào chì và các vị thuốc nam",
    "meeting": "Tổ chức hội nghị báo cáo viên quý IV",
    "charter": "Học tập Điều lệ Đảng trong toàn Đảng bộ",
    "peace": "Hòa bình và hoà hợp; thủy lợi và thuỷ sản",
    "stop": "Do đó, to lớn, no đủ",
}


@pytest.fixture
def corpus(workspace, committed):
    index = workspace.plan.get_parent().specific
    with committed():
        pages = {
            key: factories.directive(
                index,
                title=f"Văn bản {key}",
                issuer=workspace.department,
                subject=f"Trích yếu {key}",
                body=[("paragraph", f"<p>{text}</p>")],
                issued_on=date(2020 + n, 1, 1),
            )
            for n, (key, text) in enumerate(TEXTS.items())
        }
    return pages


def titles(user, typed, **filters):
    found = query.search(user, parse_query(typed), query.Filters(**filters))
    return [hit.entry.title for hit in found.hits]


def test_publishing_indexes_the_page(corpus):
    assert SearchEntry.objects.filter(page=corpus["exact"], live=True).exists()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("bao chi", {"exact", "plain", "herb"}),
        ("báo chí", {"exact", "plain", "herb"}),
        ("BÁO CHÍ", {"exact", "plain", "herb"}),
        ("hoi nghi", {"meeting"}),
        ("dieu le", {"charter"}),
        ("hòa", {"peace"}),
        ("hoà", {"peace"}),
        ("thủy", {"peace"}),
        ("thuỷ", {"peace"}),
        ("do", {"stop"}),
        ("no", {"stop"}),
        ('"hội nghị báo cáo"', {"meeting"}),
    ],
)
def test_vietnamese_is_found_however_it_is_typed(corpus, workspace, typed, expected):
    found = titles(workspace.people.reviewer, typed)
    assert {title.removeprefix("Văn bản ") for title in found} == expected


def test_exact_diacritics_rank_first(corpus, workspace):
    assert titles(workspace.people.reviewer, "báo chí")[0] == "Văn bản exact"
    assert titles(workspace.people.reviewer, "bào chì")[0] == "Văn bản herb"


def test_sort_by_date_and_facets(corpus, workspace):
    reviewer = workspace.people.reviewer
    newest = query.search(reviewer, parse_query("bao chi"), query.Filters(), order="date")
    assert [hit.entry.title for hit in newest.hits] == [
        "Văn bản herb",
        "Văn bản plain",
        "Văn bản exact",
    ]
    assert newest.facets["year"] == {2020: 1, 2021: 1, 2022: 1}
    only_2021 = query.search(reviewer, parse_query("bao chi"), query.Filters(year=2021))
    assert only_2021.total == 1
    # A facet's own counts ignore its own choice, so other years stay offered.
    assert only_2021.facets["year"] == {2020: 1, 2021: 1, 2022: 1}


def test_autocomplete_folds_accents(corpus, workspace):
    reviewer = workspace.people.reviewer
    assert [title for _pk, title in query.suggest(reviewer, parse_query("van ban me"))] == [
        "Văn bản meeting"
    ]
    assert query.suggest(reviewer, parse_query("VĂN BẢN MEE"))


def test_a_phrase_only_inside_a_pdf_finds_the_report(workspace, committed, client):
    from directives.models import SubmissionAttachment

    live = workspace.a.live
    with committed():
        doc = factories.document(
            workspace.a.unit,
            "Phu luc",
            factories.pdf_bytes("Ket qua tuyen truyen phong chong dich"),
        )
        live.attachments.add(SubmissionAttachment(document=doc))
        live.save_revision().publish()
    assert DocumentText.objects.get(document=doc).status == "ok"
    client.force_login(workspace.people.b_editor)
    body = client.get("/search/", {"q": "phòng chống dịch"}).content.decode()
    assert "Phu luc" in body
    assert f'href="{live.url}"' in body
    assert "<mark>phong</mark>" in body


def test_a_docx_in_vietnamese_and_a_scanned_pdf(workspace, committed):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    from directives.models import SubmissionAttachment

    live = workspace.a.live
    with committed():
        docx = Document(title="Báo cáo quý", collection=workspace.a.unit.collection)
        docx.file.save(
            "bao-cao.docx", ContentFile(helpers.docx_bytes("Hội nghị báo cáo viên")), save=False
        )
        docx.save()
        scan = Document(title="Công văn scan", collection=workspace.a.unit.collection)
        scan.file.save("scan.pdf", ContentFile(helpers.scanned_pdf()), save=False)
        scan.save()
        live.attachments.add(SubmissionAttachment(document=docx))
        live.attachments.add(SubmissionAttachment(document=scan))
        live.save_revision().publish()
    reviewer = workspace.people.reviewer
    assert "Báo cáo quý" in titles(reviewer, "hoi nghi bao cao vien")
    scanned = query.search(reviewer, parse_query("cong van scan"), query.Filters()).hits
    assert [hit.entry.text_missing for hit in scanned] == [True]


def test_drafts_are_found_only_by_their_unit_and_the_department(workspace):
    indexing.rebuild()
    draft_title = workspace.a.draft.title
    people = workspace.people
    assert draft_title in titles(people.a_editor, draft_title)
    assert draft_title in titles(people.reviewer, draft_title)
    assert draft_title not in titles(people.b_editor, draft_title)
    # Nor its file.
    file_title = workspace.a.draft_doc.title
    assert file_title not in titles(people.b_editor, file_title)
    assert file_title in titles(people.a_editor, file_title)


def test_anonymous_users_get_the_login_page(client):
    response = client.get("/search/", {"q": "báo chí"})
    assert response.status_code == 302 and "/login/" in response.url
    assert client.get("/search/suggest/", {"q": "báo"}).status_code == 302


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '"báo chí',
        "(báo",
        "& | ! :* <-> \\",
        "báo\x00chí",
        " ".join(["từ"] * 210),
        "x" * 100_000,
        "<script>alert('x')</script>",
        "NEAR(a b)",
        "*",
        "'; DROP TABLE search_searchentry; --",
        "🙂",
    ],
)
def test_odd_input_gets_a_page_never_a_500(corpus, workspace, client, typed):
    client.force_login(workspace.people.reviewer)
    response = client.get("/search/", {"q": typed})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    assert client.get("/search/suggest/", {"q": typed}).status_code == 200


def test_unknown_filters_are_ignored_with_a_notice(corpus, workspace, client):
    client.force_login(workspace.people.reviewer)
    body = client.get(
        "/search/",
        {"q": "bao chi", "unit": "abc", "year": "2021'", "kind": "x", "page": "-3", "sort": "?"},
    ).content.decode()
    assert "Bỏ qua giá trị lọc không hợp lệ" in body
    assert "3 kết quả" in body


def test_the_page_shows_facets_snippets_and_pins(corpus, workspace, client):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    SearchPromotion.objects.create(
        query=Query.get("báo chí"), page=corpus["charter"], description="Xem trước"
    )
    client.force_login(workspace.people.reviewer)
    body = client.get("/search/", {"q": "bao chi"}).content.decode()
    assert 'class="search-promotions"' in body and "Văn bản charter" in body
    assert 'data-facet="year"' in body
    assert "<mark>báo</mark> <mark>chí</mark>" in body
    assert Query.get("bao chi").daily_hits.get().hits == 1


def test_query_count_does_not_grow_with_results(corpus, workspace):
    reviewer = workspace.people.reviewer
    with CaptureQueriesContext(connection) as few:
        query.search(reviewer, parse_query("văn bản"), query.Filters())
    # On PostgreSQL the facet counts open with their sample of matches (WITH).
    selects = [
        q["sql"] for q in few.captured_queries if q["sql"].lstrip().startswith(("SELECT", "WITH"))
    ]
    # Roles, facet counts, the page of ids, the entries with their relations, and one
    # more since results group files with their documents (a fixed number, not per hit).
    assert len(selects) <= 5, [s[:160] for s in selects]


def test_very_common_words_rank_title_matches_first(corpus, workspace, monkeypatch):
    """Past FULL_RANK_LIMIT matches, the title decides, exact diacritics first."""
    monkeypatch.setattr(query, "FULL_RANK_LIMIT", 0)
    index = workspace.plan.get_parent().specific
    # With body text of their own: entries without any rank last (test_findability).
    body = [("paragraph", "<p>Nội dung khác.</p>")]
    factories.directive(index, title="Về báo chí", issuer=workspace.department, body=body)
    factories.directive(index, title="Về bao chi", issuer=workspace.department, body=body)
    indexing.rebuild()
    found = titles(workspace.people.reviewer, "báo chí")
    assert found[:2] == ["Về báo chí", "Về bao chi"]
    assert set(found[2:]) == {"Văn bản exact", "Văn bản plain", "Văn bản herb"}


def test_the_page_costs_the_same_queries_with_more_directives(corpus, workspace, client):
    client.force_login(workspace.people.reviewer)

    def selects():
        # Uncached both times (the to-do counter in the header is cached per content
        # generation, which a test's transaction never moves on): like for like.
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "văn bản"}).status_code == 200
        return len(
            [
                q
                for q in captured.captured_queries
                if q["sql"].lstrip().startswith(("SELECT", "WITH"))
            ]
        )

    before = selects()
    index = workspace.plan.get_parent().specific
    for n in range(5):
        factories.directive(index, title=f"Văn bản thêm {n}", issuer=workspace.department)
    indexing.rebuild()
    assert selects() == before


def _result_titles(client, typed: str) -> str:
    from django.utils.html import strip_tags

    return strip_tags(client.get("/search/", {"q": typed}).content.decode())


def test_cached_results_never_show_one_units_draft_to_another(workspace, client, committed):
    with committed():
        factories.submission(
            workspace.a.unit,
            workspace.plan,
            title="Dự thảo tuyên truyền biển đảo",
            published=False,
        )
    client.force_login(workspace.people.b_editor)
    assert "Dự thảo tuyên truyền biển đảo" not in _result_titles(client, "biển đảo")
    client.force_login(workspace.people.a_editor)
    assert "Dự thảo tuyên truyền biển đảo" in _result_titles(client, "biển đảo")
    client.force_login(workspace.people.b_editor)  # after A's results were cached
    assert "Dự thảo tuyên truyền biển đảo" not in _result_titles(client, "biển đảo")
    client.force_login(workspace.people.reviewer)
    assert "Dự thảo tuyên truyền biển đảo" in _result_titles(client, "biển đảo")


def test_a_page_indexed_after_a_search_is_found_by_the_same_search(
    workspace, client, committed, monkeypatch
):
    from search import tasks

    client.force_login(workspace.people.b_editor)
    # Published, its index update still waiting for the worker (a slow queue)…
    monkeypatch.setattr(tasks, "enqueue", lambda *args, **kwargs: None)
    with committed():
        page = factories.submission(
            workspace.a.unit, workspace.plan, title="Kế hoạch tuyên truyền biển đảo"
        )
    assert "Kế hoạch tuyên truyền biển đảo" not in _result_titles(client, "bien dao")
    # …then indexed: the cached results of the same words are not served again.
    with committed():
        indexing.index_requested(page.pk)
    assert "Kế hoạch tuyên truyền biển đảo" in _result_titles(client, "bien dao")


def test_the_query_log_counts_people_searching_not_pages_served(corpus, workspace, client):
    from wagtail.contrib.search_promotions.models import Query

    client.force_login(workspace.people.reviewer)
    for params in ({"q": "báo chí"}, {"q": "báo chí", "sort": "date"}, {"q": "báo chí"}):
        assert client.get("/search/", params).status_code == 200
    assert Query.get("báo chí").daily_hits.get().hits == 1
    client.force_login(workspace.people.a_editor)
    client.get("/search/", {"q": "báo chí"})
    assert Query.get("báo chí").daily_hits.get().hits == 2
