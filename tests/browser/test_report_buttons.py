"""'Tổng hợp ngay' and 'Gửi lại' clicked in Chromium, where CSRF is enforced."""

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest

from directives.models import ConsolidatedReport
from directives.reports import reporting
from tests.browser.test_unit_workspace import PASSWORD, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(live_server, schedule, workspace):
    get_user_model().objects.create_superuser("quantri", "qt@tinhuy.test", PASSWORD)
    workspace.people.reviewer.set_password(PASSWORD)
    workspace.people.reviewer.save()
    return live_server.url


def test_the_administrator_and_the_reviewer_click_the_report_buttons(browser, portal, schedule):
    last, earlier, *_ = reporting.choosable_periods(schedule, timezone.localdate())
    page = sign_in(browser, portal, "quantri")
    page.goto(portal + "/admin/snippets/directives/reportschedule/")
    picker = page.get_by_label("Kỳ báo cáo")
    assert picker.input_value() == f"{last[0]:%Y-%m-%d}:{last[1]:%Y-%m-%d}"  # the default
    picker.select_option(f"{earlier[0]:%Y-%m-%d}:{earlier[1]:%Y-%m-%d}")
    shot(page, "30-admin-compile-now-earlier-period")
    page.get_by_role("button", name="Tổng hợp ngay").click()
    page.wait_for_url("**/admin/snippets/directives/reportschedule/")
    assert page.get_by_text("Đã tổng hợp:").is_visible()
    shot(page, "31-admin-compiled")
    report = ConsolidatedReport.objects.get()
    assert (report.period_start, report.period_end) == earlier

    page.goto(portal + "/admin/snippets/directives/consolidatedreport/")
    page.get_by_role("button", name="Gửi lại").click()
    page.wait_for_url("**/admin/snippets/directives/consolidatedreport/")
    assert page.get_by_text("Đã đưa báo cáo vào hàng đợi gửi lại.").is_visible()
    shot(page, "32-admin-resent")

    page = sign_in(browser, portal, "reviewer")
    page.goto(portal + "/admin/snippets/directives/consolidatedreport/")
    page.get_by_role("button", name="Gửi lại").click()
    page.wait_for_url("**/admin/snippets/directives/consolidatedreport/")
    assert page.get_by_text("Đã đưa báo cáo vào hàng đợi gửi lại.").is_visible()
    shot(page, "33-reviewer-resent")
