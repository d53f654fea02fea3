"""Search that finds what officials type: units and recipients, task texts,
content before empty drafts, a document with its own files, the document's
own date, and facet labels an official reads at once."""

from datetime import date

from django.utils import timezone

import pytest

from directives.models import DirectivePage, SubmissionAttachment, Unit
from search import indexing, query
from search.models import EntryKind, SearchEntry
from search.text import parse_query
from tests import factories

pytestmark = pytest.mark.django_db


def search(user, typed, **filters):
    return query.search(user, parse_query(typed), query.Filters(**filters))


def test_lang_bian_finds_the_unit_and_the_guidance_sent_to_it(content, staff_user):
    indexing.rebuild()
    hits = search(staff_user, "Lang Bian").hits
    kinds = {(hit.entry.kind, hit.entry.title) for hit in hits}
    assert (EntryKind.UNIT, "Tạp chí Lang Bian") in kinds
    guidance = DirectivePage.objects.get(
        title__startswith="Hướng dẫn tuyên truyền, quán triệt", locale__language_code="vi"
    )
    assert guidance.pk in {hit.entry.page_id for hit in hits}


def test_a_unit_is_found_by_its_category_and_renamed_with_it(workspace, committed):
    with committed():
        unit = Unit.objects.get(name="Huyện ủy Lâm Hà")
        unit.name = "Huyện ủy Lâm Hà mới"
        unit.save()
    found = search(workspace.people.reviewer, "huyen uy thanh uy").hits
    assert "Huyện ủy Lâm Hà mới" in [hit.entry.title for hit in found if hit.entry.kind == "unit"]


def test_task_texts_of_a_directive_are_searched(workspace, committed):
    index = workspace.plan.get_parent().specific
    with committed():
        factories.directive(
            index,
            title="Chỉ thị về báo chí",
            issuer=workspace.department,
            tasks=[
                {"description": "Rà soát hệ thống trang tin nội bộ", "due_date": date(2026, 1, 1)}
            ],
        )
    assert [
        hit.entry.title for hit in search(workspace.people.reviewer, "ra soat trang tin").hits
    ] == ["Chỉ thị về báo chí"]


def test_entries_with_content_rank_above_empty_drafts(workspace, committed):
    index = workspace.plan.get_parent().specific
    with committed():
        for key in ("A", "B"):
            factories.submission(
                getattr(workspace, key.lower()).unit,
                workspace.plan,
                title=f"Quán triệt kế hoạch {key}",
                published=False,
            )
        factories.directive(
            index,
            title="Hướng dẫn tuyên truyền",
            issuer=workspace.department,
            body=[("paragraph", "<p>Tổ chức quán triệt sâu rộng trong cán bộ.</p>")],
        )
    titles = [hit.entry.title for hit in search(workspace.people.reviewer, "quan triet").hits]
    assert titles[0] == "Hướng dẫn tuyên truyền"
    assert set(titles[1:]) == {"Quán triệt kế hoạch A", "Quán triệt kế hoạch B"}


def test_a_document_is_listed_once_with_its_matching_files(workspace, committed, client):
    live = workspace.a.live
    with committed():
        for name in ("Kế hoạch đã gửi A", "Kế hoạch đã gửi A (phụ lục)"):
            live.attachments.add(
                SubmissionAttachment(document=factories.document(workspace.a.unit, name))
            )
        live.save_revision().publish()
    hits = search(workspace.people.reviewer, "ke hoach da gui A").hits
    assert [hit.entry.title for hit in hits].count("Kế hoạch đã gửi A") == 1
    assert len(hits[0].files) == 2
    client.force_login(workspace.people.reviewer)
    page = client.get("/search/", {"q": "ke hoach da gui A"}).content.decode()
    assert page.count('class="search-result__file"') == 2


def test_a_report_shows_and_sorts_by_its_own_date(workspace, committed, client):
    with committed():
        factories.submission(
            workspace.a.unit,
            workspace.plan,
            title="Báo cáo sơ kết năm 2022",
            issued_on=date(2022, 10, 20),
            report=True,
        )
    entry = SearchEntry.objects.get(title="Báo cáo sơ kết năm 2022")
    assert (entry.day, entry.year) == (date(2022, 10, 20), 2022)
    results = search(workspace.people.reviewer, "bao cao")
    assert 2022 in results.facets["year"]
    client.force_login(workspace.people.reviewer)
    page = client.get("/search/", {"q": "so ket"}).content.decode()
    assert "20/10/2022" in page


def test_a_document_without_its_own_date_shows_its_publication_date(workspace):
    indexing.rebuild()
    live = workspace.a.live
    live.refresh_from_db()
    assert live.issued_on is None
    entry = SearchEntry.objects.get(page=live, document__isnull=True)
    assert entry.day == timezone.localdate(live.submitted_at)


def test_facet_labels_read_at_once_in_one_case(workspace, client):
    indexing.rebuild()
    client.force_login(workspace.people.reviewer)
    page = client.get("/search/", {"q": "ke hoach"}).content.decode()
    types = set(
        SearchEntry.objects.exclude(document_type="").values_list("document_type", flat=True)
    )
    assert types == {"Kế hoạch", "Kế hoạch thực hiện", "Báo cáo kết quả"}
    assert "Thuộc văn bản chỉ đạo" in page
    assert "văn bản của đơn vị</a>" not in page
    # "Đơn vị" names one thing only: whose work (the facet), not a kind of result.
    facets = page.split('class="search-facets"')[1].split("</aside>")[0]
    assert "<h2>Của đơn vị</h2>" in facets
    assert ">Đơn vị</a>" not in facets
    # A unit found as a result of its own is a kind named as its badge names it.
    unit = client.get("/search/", {"q": "lam ha"}).content.decode()
    kinds = unit.split('data-facet="kind"')[1].split("</section>")[0]
    assert ">Chuyên mục đơn vị</a>" in kinds and ">Đơn vị</a>" not in kinds


def test_titles_mark_the_words_typed_with_or_without_diacritics(workspace, client):
    """ "Đà Lạt" typed as "da lat" lights up in the titles; nothing a title holds is
    read as HTML."""
    from search.text import highlight

    assert highlight("Thành ủy Đà Lạt <b>", parse_query("da lat")) == (
        "Thành ủy <mark>Đà</mark> <mark>Lạt</mark> &lt;b&gt;"
    )
    indexing.rebuild()
    client.force_login(workspace.people.reviewer)
    page = client.get("/search/", {"q": "lam ha"}).content.decode()
    assert "Huyện ủy <mark>Lâm</mark> <mark>Hà</mark></a>" in page


def test_a_unit_section_adds_no_blank_document_type_to_the_facets(workspace, client):
    factories.submission(
        workspace.a.unit,
        workspace.plan,
        title="Báo cáo kết quả của Huyện ủy Lâm Hà",
        tasks=[workspace.a.task],
        report=True,
    )
    indexing.rebuild()
    client.force_login(workspace.people.reviewer)
    response = client.get("/search/", {"q": "lam ha"})
    found = {hit.entry.kind for hit, _url in response.context["hits"]}
    assert EntryKind.UNIT in found and len(found) > 1  # a section and documents
    document_types = response.context["facets"]["document_type"]
    assert document_types and all(label for label, *_rest in document_types)
