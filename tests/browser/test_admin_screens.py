"""Leftovers of the reporting loop, seen in Chromium: an impossible date is refused and
kept as typed, the account page runs without a script error, the revision compare and
workflow report screens speak Vietnamese, and the department reads the report schedules."""

from django.contrib.auth import get_user_model

import pytest

from directives.units.provisioning import leadership_group_ensure
from tests import factories
from tests.browser.test_unit_workspace import PASSWORD, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Wagtail's English on these screens before the catalogue had it (issue 18).
ENGLISH = [
    "By task",
    "By workflow",
    "Page/Snippet",
    "Completed at",
    "Task state",
    "Awaiting my review",
    "Compare",
    "Fields",
    "Changes",
    "No pages/snippets",
]


@pytest.fixture
def portal(live_server, workspace, schedule):
    get_user_model().objects.create_superuser("quantri", "qt@tinhuy.test", PASSWORD)
    factories.user_in(leadership_group_ensure(), "lanh-dao")
    for user in get_user_model().objects.all():
        user.set_password(PASSWORD)
        user.save()
    return live_server.url


def english_on(page) -> list[str]:
    text = page.locator("main").inner_text()
    return [phrase for phrase in ENGLISH if phrase in text]


def test_an_impossible_date_is_refused_with_its_reason_and_kept_as_typed(
    browser, portal, workspace
):
    page = sign_in(browser, portal, "quantri")
    page.goto(f"{portal}/admin/pages/{workspace.plan.pk}/edit/")
    day = page.locator("input[name=issued_on]")
    day.fill("31/02/2026")
    page.keyboard.press("Tab")
    # Wagtail's picker used to rewrite it as 03/03/2026 here.
    assert day.input_value() == "31/02/2026"
    shot(page, "40-date-typed")
    page.locator("footer button.action-save").first.click()
    message = page.get_by_text("Ngày “31/02/2026” không có: tháng 02/2026 chỉ có 28 ngày.")
    message.wait_for()
    assert page.locator("input[name=issued_on]").input_value() == "31/02/2026"
    assert "Chưa lưu được" in page.locator(".messages").inner_text()
    shot(page, "41-date-refused")


def test_the_account_page_runs_without_a_script_error(browser, portal):
    page = sign_in(browser, portal, "quantri")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{portal}/admin/account/")
    page.wait_for_load_state("networkidle")
    shot(page, "42-account")
    assert errors == []
    zone = page.locator("select[name='locale-current_time_zone']")
    assert zone.locator("option[value='Asia/Ho_Chi_Minh']").count() == 1
    assert zone.locator("option[value='localtime']").count() == 0


def test_the_workflow_reports_and_the_revision_compare_are_in_vietnamese(
    browser, portal, workspace
):
    draft, people = workspace.a.draft, workspace.people
    draft.get_workflow().start(draft, people.a_editor)
    draft.title += " (sửa)"
    draft.save_revision(user=people.a_editor)

    leader = sign_in(browser, portal, people.a_approver.username)
    leader.goto(f"{portal}/admin/reports/workflow/")
    assert leader.get_by_text("Dự thảo báo cáo A").first.is_visible()
    assert english_on(leader) == []
    # The filters: "Hiện" → "Chờ tôi duyệt" (the report of what waits for this leader).
    leader.get_by_role("button", name="Hiện bộ lọc").click()
    leader.locator("[aria-controls='drilldown-id_reviewable']").click()
    leader.get_by_label("Chờ tôi duyệt").check()
    leader.wait_for_url("**reviewable=true**")
    assert leader.get_by_text("Dự thảo báo cáo A").first.is_visible()
    assert english_on(leader) == []
    shot(leader, "43-leader-workflow-report")
    leader.get_by_role("link", name="Theo bước duyệt").click()
    leader.wait_for_url("**/admin/reports/workflow_tasks/")
    assert leader.get_by_role("columnheader", name="Hoàn thành lúc").is_visible()
    assert english_on(leader) == []
    shot(leader, "44-leader-workflow-tasks-report")

    admin = sign_in(browser, portal, "quantri")
    for url in ("/admin/reports/workflow/", "/admin/reports/workflow_tasks/"):
        admin.goto(portal + url)
        assert english_on(admin) == [], url
    admin.goto(f"{portal}/admin/pages/{draft.pk}/revisions/compare/earliest...latest/")
    assert admin.get_by_role("heading", name="So sánh").first.is_visible()
    assert admin.get_by_text("Thay đổi", exact=True).is_visible()
    assert english_on(admin) == []
    shot(admin, "45-admin-revision-compare")


def test_the_department_reads_the_report_schedules(browser, portal, schedule):
    reviewer = sign_in(browser, portal, "reviewer")
    reviewer.get_by_role("button", name="Báo cáo tổng hợp").click()
    reviewer.get_by_role("link", name="Lịch báo cáo").click()
    reviewer.wait_for_url("**/admin/snippets/directives/reportschedule/")
    assert reviewer.get_by_role("button", name="Tổng hợp ngay").is_visible()
    shot(reviewer, "46-reviewer-schedules")
    reviewer.get_by_role("link", name=schedule.name).click()
    reviewer.wait_for_url("**/inspect/**")
    assert reviewer.get_by_text("btgtw@dang.test").is_visible()
    assert reviewer.get_by_role("link", name="Biên tập").count() == 0
    shot(reviewer, "47-reviewer-schedule-read-only")

    leader = sign_in(browser, portal, "lanh-dao")
    leader.goto(f"{portal}/admin/snippets/directives/reportschedule/")
    assert leader.get_by_role("link", name=schedule.name).is_visible()
    assert leader.get_by_role("button", name="Tổng hợp ngay").count() == 0
    shot(leader, "48-leader-schedules")
