"""Pages a person sees: login, dates, filters, and a bounded number of queries."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents.models import Document

import pytest

from directives.models import DirectiveAttachment, UnitCategory
from tests import factories
from tests.conftest import vietnam_time


@pytest.fixture
def tree(db):
    return factories.site_tree()


@pytest.fixture
def department(tree):
    return factories.unit("Ban Tuyên giáo Tỉnh ủy", UnitCategory.PARTY_DEPARTMENT)


def _units(count: int, prefix: str) -> list:
    return [factories.unit(f"{prefix} {n}") for n in range(count)]


@pytest.mark.parametrize(
    "url", ["/", "/van-ban/", "/don-vi/", "/search/?q=bao+chi", "/admin/", "/khong-co/"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, tree, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_documents_are_not_served_to_anonymous_visitors(client, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(
        title="Báo cáo", file=ContentFile(b"%PDF-1.4 test", name="bao-cao.pdf")
    )
    assert client.get(document.url).status_code == 302
    assert client.get(f"/media/{document.file.name}").status_code in (302, 404)


def test_the_login_page_signs_in_and_returns_to_the_page_asked_for(client, tree, staff_user):
    page = client.get("/login/?next=/van-ban/")
    assert page.status_code == 200
    assert "Đăng nhập" in page.content.decode()
    response = client.post(
        "/login/", {"username": "canbo", "password": "mat-khau-dai-du-10", "next": "/van-ban/"}
    )
    assert response.status_code == 302 and response["Location"] == "/van-ban/"
    assert client.get("/van-ban/").status_code == 200


def test_a_wrong_password_is_explained_in_vietnamese(client, tree, staff_user):
    response = client.post("/login/", {"username": "canbo", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_dates_are_shown_dd_mm_yyyy(signed_in, tree, department):
    page = factories.directive(
        tree[1],
        title="Kế hoạch số 7",
        issuer=department,
        issued_on=date(2022, 7, 9),
        tasks=[{"units": [department], "due_date": date(2022, 9, 30)}],
    )
    html = signed_in.get(page.url).content.decode()
    assert "09/07/2022" in html
    assert "30/09/2022" in html
    assert "2022-07-09" not in html.replace('datetime="2022-07-09"', "")
    assert "ngày 9 tháng 7 năm 2022" in html


def test_the_directive_page_lists_attachments_tasks_and_related(signed_in, tree, department):
    dalat = factories.unit("Thành ủy Đà Lạt")
    plan = factories.directive(
        tree[1], title="Kế hoạch 53", issuer=department, number_symbol="53-KH/TU"
    )
    document = Document.objects.create(
        title="Bản gốc", file=ContentFile(b"%PDF-1.4", name="ban-goc.pdf")
    )
    guidance = factories.directive(
        tree[1],
        title="Hướng dẫn",
        issuer=department,
        implements=plan,
        tasks=[
            {
                "units": [dalat],
                "due_date": date(2022, 10, 31),
                "deadline_text": "trong tháng 10 năm 2022",
            }
        ],
    )
    DirectiveAttachment.objects.create(page=guidance, document=document, caption="Bản scan có dấu")
    html = signed_in.get(guidance.url).content.decode()
    assert "Bản scan có dấu" in html and document.url in html
    assert "Thành ủy Đà Lạt" in html and "31/10/2022" in html
    assert "trong tháng 10 năm 2022" in html
    assert "Kế hoạch số 53-KH/TU" in html  # the plan it implements, cited as officials do
    assert "Hướng dẫn" in signed_in.get(plan.url).content.decode()


def test_directive_page_queries_do_not_grow_with_units_or_tasks(
    signed_in, tree, department, django_assert_max_num_queries
):
    few = _units(2, "Huyện ủy nhỏ")
    small = factories.directive(
        tree[1],
        title="Nhỏ",
        issuer=department,
        tasks=[{"units": few, "due_date": date(2022, 10, 31)}],
    )
    # One report here too: a page with none skips the reports' own (constant) queries.
    factories.submission(few[0], small, title="Báo cáo nhỏ", tasks=[small.tasks.get()])
    many = _units(30, "Huyện ủy lớn")
    big = factories.directive(
        tree[1],
        title="Lớn",
        issuer=department,
        tasks=[{"units": many[n::6], "due_date": date(2022, 10, 31)} for n in range(6)]
        + [{"applies_to_all_assignees": True, "due_date": date(2022, 11, 30)}],
    )
    duty = big.tasks.get(applies_to_all_assignees=True)
    for unit in many[:10]:
        factories.submission(unit, big, title=f"Báo cáo {unit.name}", tasks=[duty])
    signed_in.get(small.url)  # warm caches (site root, content types)
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Both rendered afresh: the article cache would answer the second request.
    cache.clear()
    with CaptureQueriesContext(connection) as small_queries:
        signed_in.get(small.url)
    cache.clear()
    with django_assert_max_num_queries(len(small_queries) + 2):
        response = signed_in.get(big.url)
    assert "10/30 đã gửi" in response.content.decode()


def test_unit_section_queries_do_not_grow_with_submissions(
    signed_in, tree, department, django_assert_max_num_queries, time_machine
):
    # Before the deadline: the tasks are the unit's current ones, shown with their stage.
    time_machine.move_to(vietnam_time(date(2022, 10, 20)), tick=False)
    dalat = factories.unit("Thành ủy Đà Lạt")
    directive = factories.directive(
        tree[1],
        title="Hướng dẫn",
        issuer=department,
        tasks=[{"units": [dalat], "due_date": date(2022, 10, 31)} for _ in range(3)],
    )
    tasks = list(directive.tasks.all())
    factories.submission(dalat, directive, title="Kế hoạch 0", tasks=tasks[:1])
    signed_in.get(dalat.section.url)
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The section as its first reader of a content generation builds it, both times (a
    # test's transaction never commits, so nothing would forget the cached one).
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        signed_in.get(dalat.section.url)
    for n in range(1, 15):
        factories.submission(dalat, directive, title=f"Kế hoạch {n}", tasks=tasks)
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        response = signed_in.get(dalat.section.url)
    html = response.content.decode()
    assert "Kế hoạch 14" in html
    tasks_table = html[html.index('<table class="task-table">') :]
    assert 'data-stage="awaiting_review"' in tasks_table[: tasks_table.index("</table>")]


def test_home_shows_latest_directives_and_overdue_and_upcoming_deadlines(
    signed_in, tree, department
):
    dalat = factories.unit("Thành ủy Đà Lạt")
    baoloc = factories.unit("Thành ủy Bảo Lộc")
    today = timezone.localdate()
    directive = factories.directive(
        tree[1],
        title="Hướng dẫn mới nhất",
        issuer=department,
        tasks=[
            {
                "units": [dalat, baoloc],
                "due_date": today - timedelta(days=3),
                "description": "Việc đã quá hạn",
            },
            {
                "units": [dalat],
                "due_date": today + timedelta(days=5),
                "description": "Việc sắp đến hạn",
            },
            {
                "units": [dalat],
                "due_date": today - timedelta(days=9),
                "description": "Việc đã xong",
            },
        ],
    )
    done = directive.tasks.get(description="Việc đã xong")
    factories.submission(dalat, directive, title="Đã gửi", tasks=[done])
    html = signed_in.get("/").content.decode()
    overdue = html[html.index('id="overdue-heading"') : html.index('id="upcoming-heading"')]
    upcoming = html[html.index('id="upcoming-heading"') : html.index('id="latest-heading"')]
    assert "Việc đã quá hạn" in overdue and "2 đơn vị chưa gửi" in overdue
    assert "Việc đã xong" not in html
    assert "Việc sắp đến hạn" in upcoming
    assert "Hướng dẫn mới nhất" in html


def test_directive_index_filters_and_paginates(signed_in, tree, department):
    other = factories.unit("Ban Thường vụ Tỉnh ủy", UnitCategory.LEADERSHIP)
    guidance_type = factories.document_type("Hướng dẫn", "HD")
    for n in range(23):
        factories.directive(
            tree[1], title=f"Kế hoạch {n:02d}", issuer=department, issued_on=date(2023, 1, 1 + n)
        )
    factories.directive(
        tree[1],
        title="Hướng dẫn 2022",
        issuer=other,
        document_type=guidance_type,
        issued_on=date(2022, 8, 1),
    )
    first = signed_in.get("/van-ban/").content.decode()
    assert "24 văn bản" in first and "Trang 1/2" in first
    second = signed_in.get("/van-ban/?page=2").content.decode()
    assert "Kế hoạch 00" in second or "Hướng dẫn 2022" in second
    by_type = signed_in.get("/van-ban/?type=huong-dan").content.decode()
    assert "1 văn bản" in by_type and "Hướng dẫn 2022" in by_type
    by_issuer = signed_in.get(f"/van-ban/?issuer={department.slug}&year=2023").content.decode()
    assert "23 văn bản" in by_issuer and "Hướng dẫn 2022" not in by_issuer
    assert "type=huong-dan" not in by_issuer


@pytest.mark.parametrize(
    "query",
    ["type=khong-co", "year=20x2", "issuer=%3Cscript%3E", "page=abc", "page=999", "year=1900"],
)
def test_odd_filter_values_give_a_page_not_an_error(signed_in, tree, department, query):
    factories.directive(tree[1], title="Kế hoạch", issuer=department)
    response = signed_in.get(f"/van-ban/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    assert "Kế hoạch" in html


@pytest.mark.parametrize(
    "query", ['"', "((", "a & b | !c", "\x00", "<script>alert(1)</script>", "x" * 5000]
)
def test_the_search_page_survives_odd_input(signed_in, tree, query):
    response = signed_in.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
