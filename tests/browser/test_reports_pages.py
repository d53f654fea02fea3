"""The department's compliance matrix and report archive, seen in Chromium."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

from directives.bootstrap import bootstrap_portal
from directives.models import ReportRecipient, ReportSchedule
from directives.units.roles import DEPARTMENT_GROUP
from tests.browser.test_unit_workspace import PASSWORD, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(live_server):
    bootstrap_portal(demo=True, password=PASSWORD)
    user = get_user_model().objects.create_user(
        "btg-baocao", password=PASSWORD, first_name="Báo cáo BTG"
    )
    user.groups.add(Group.objects.get(name=DEPARTMENT_GROUP))
    return live_server.url


def test_the_department_reads_the_matrix_and_the_archive(browser, portal):
    from directives.compliance.matrix import directives_for
    from directives.reports import reporting

    page = sign_in(browser, portal, "btg-baocao")
    page.goto(portal + "/admin/reports/compliance/?as_of=01/11/2022")
    matrix = page.locator("table.compliance-matrix")
    assert matrix.is_visible()
    assert matrix.locator('td[data-outcome="overdue"]').count() > 10
    assert "Thành ủy Đà Lạt" in matrix.inner_text()
    overdue_colour = matrix.locator('td[data-outcome="overdue"]').first.evaluate(
        "cell => getComputedStyle(cell).backgroundColor"
    )
    assert overdue_colour == "rgb(253, 226, 225)"
    shot(page, "20-department-compliance-matrix")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as word:
        page.get_by_role("button", name="Tải Word").click()
    assert word.value.suggested_filename.endswith(".docx")
    assert "BÁO CÁO" in _docx_text(word.value.path())

    schedule = ReportSchedule(name="Báo cáo tháng", signer_name="Trần Trung Hiếu")
    schedule.directives = directives_for("53-KH/TU")[:1]
    schedule.recipients.add(ReportRecipient(email="btgtw@dang.test"))
    schedule.save()
    reporting.compile_report(
        schedule=schedule,
        period_start=date(2022, 10, 1),
        period_end=date(2022, 10, 31),
    )
    page.goto(portal + "/admin/snippets/directives/consolidatedreport/")
    assert page.get_by_text("BÁO CÁO kết quả thực hiện Kế hoạch số 53-KH/TU").first.is_visible()
    assert page.get_by_role("link", name="PDF").first.is_visible()
    shot(page, "21-department-report-archive")
    with page.expect_download() as archived:
        page.get_by_role("link", name="Tải Word").first.click()
    assert archived.value.suggested_filename.endswith(".docx")
    assert "Kết quả thực hiện Kế hoạch số 53-KH/TU" in _docx_text(archived.value.path())


def _docx_text(path) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(path).paragraphs)
