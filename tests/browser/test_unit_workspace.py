"""A report's whole journey in a real Chromium, with a screenshot of every step.

Unit editor: dashboard -> "write the report" -> text and a PDF -> submit.
Unit leader: approve. Department: return with a reason. Editor: revise,
resubmit; leader approves again; department accepts. Another unit's editor
cannot open it. Screenshots go to var/test-artifacts/screenshots/ (or
$TEST_ARTIFACTS_DIR/screenshots/).
"""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

import pytest

from directives.bootstrap import bootstrap_portal
from directives.models import ReviewState, SubmissionPage, Unit
from directives.roles import DEPARTMENT_GROUP
from tests.factories import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-trinh-duyet"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", settings.BASE_DIR / "var" / "test-artifacts"))
SHOTS = ARTIFACTS / "screenshots"


@pytest.fixture
def people(live_server):
    bootstrap_portal()
    from django.contrib.auth.models import Group

    dalat = Unit.objects.get(name="Thành ủy Đà Lạt")
    press = Unit.objects.get(name="Báo Lâm Đồng")
    User = get_user_model()

    def person(username, group, name):
        user = User.objects.create_user(username, password=PASSWORD, first_name=name)
        user.groups.add(group)

    person("dalat-bientap", dalat.editors_group, "Biên tập Đà Lạt")
    person("dalat-lanhdao", dalat.approvers_group, "Lãnh đạo Đà Lạt")
    person("btg-thamdinh", Group.objects.get(name=DEPARTMENT_GROUP), "Thẩm định BTG")
    person("bao-bientap", press.editors_group, "Biên tập Báo")
    return live_server.url


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(browser, base_url, username):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(base_url + "/admin/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")
    return page


def footer_action(page, name):
    """Click an action in the editor's footer menu, opening its dropdown if needed."""
    button = page.locator(f'footer button[name="{name}"]')
    if not button.is_visible():
        page.locator("footer .w-dropdown__toggle").first.click()
    button.click()


def workflow_action(page, action, comment=None):
    footer = page.locator("footer")
    button = footer.locator(f'button[data-workflow-action-name="{action}"]').first
    if not button.is_visible():
        footer.locator(".w-dropdown__toggle").first.click()
    if comment is None:
        button.click()
    else:
        footer.locator(
            f'button[data-workflow-action-name="{action}"][data-workflow-action-modal-url]'
        ).first.click()
        page.locator(".modal textarea").fill(comment)
        page.locator(".modal button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def review_in_admin(page, base_url, report, event, reason=""):
    page.goto(f"{base_url}/admin/review/{report.pk}/")
    page.locator(f'input[name="event"][value="{event}"]').check()
    if reason:
        page.locator('textarea[name="reason"]').fill(reason)
    page.get_by_role("button", name="Ghi nhận").click()
    page.wait_for_load_state()


def dashboard_status(page, base_url, task_number):
    page.goto(base_url + "/admin/")
    row = page.locator("tr.task-status", has_text=f"nhiệm vụ {task_number}").first
    return row.get_attribute("data-status")


def test_report_from_dashboard_to_acceptance(browser, people, tmp_path):
    base = people
    editor = sign_in(browser, base, "dalat-bientap")
    assert editor.get_by_role("heading", name="Nhiệm vụ của đơn vị").is_visible()
    shot(editor, "01-editor-dashboard")
    row = editor.locator("tr.task-status", has_text="nhiệm vụ 3").first
    row.get_by_role("button", name="Viết báo cáo cho nhiệm vụ này").click()
    editor.wait_for_url("**/edit/")
    report = SubmissionPage.objects.get(unit__name="Thành ủy Đà Lạt", submitted_at=None)
    assert (
        editor.locator("#id_title").input_value().startswith("Báo cáo kết quả thực hiện nhiệm vụ 3")
    )

    editor.locator("#id_number_symbol").fill("15-BC/TU")
    editor.locator("#id_signer_position").fill("Phó Bí thư Thường trực")
    editor.locator("#id_signer_name").fill("Nguyễn Văn A")
    pdf = tmp_path / "bao-cao-ket-qua.pdf"
    pdf.write_bytes(pdf_bytes("Bao cao ket qua Da Lat"))
    editor.locator("#id_attachments-ADD").click()
    editor.locator("#inline_child_attachments-0 [data-chooser-action-choose]").first.click()
    modal = editor.locator(".modal")
    modal.locator("#tab-label-upload").click()
    modal.locator("#id_document-chooser-upload-file").set_input_files(str(pdf))
    modal.locator("#id_document-chooser-upload-title").fill("Báo cáo kết quả Đà Lạt (PDF)")
    modal.locator("#tab-upload button[type=submit]").click()
    editor.locator("#inline_child_attachments-0").get_by_text(
        "Báo cáo kết quả Đà Lạt (PDF)"
    ).first.wait_for()
    shot(editor, "02-editor-writes-report")
    footer_action(editor, "action-submit")
    editor.wait_for_load_state("networkidle")
    shot(editor, "03-submitted-for-approval")
    report.refresh_from_db()
    assert report.current_workflow_state is not None and not report.live

    leader = sign_in(browser, base, "dalat-lanhdao")
    leader.goto(f"{base}/admin/pages/{report.pk}/edit/")
    workflow_action(leader, "approve")
    shot(leader, "04-leader-approved")
    report = SubmissionPage.objects.get(pk=report.pk)
    assert report.live and report.submitted_at and report.review_state == ReviewState.AWAITING
    stamp = report.submitted_at

    reviewer = sign_in(browser, base, "btg-thamdinh")
    assert reviewer.get_by_role("heading", name="Tình hình thực hiện của các đơn vị").is_visible()
    reviewer.goto(f"{base}/admin/review/")
    assert reviewer.get_by_role("link", name=report.title).is_visible()
    review_in_admin(reviewer, base, report, "returned", "Bổ sung số liệu hội nghị quán triệt")
    shot(reviewer, "05-department-returned")
    assert SubmissionPage.objects.get(pk=report.pk).review_state == ReviewState.RETURNED
    assert dashboard_status(editor, base, 3) == "returned"
    shot(editor, "06-editor-sees-returned")

    editor.goto(f"{base}/admin/review/{report.pk}/")
    assert editor.get_by_text("Bổ sung số liệu hội nghị quán triệt").is_visible()
    editor.goto(f"{base}/admin/pages/{report.pk}/edit/")
    editor.locator("#id_number_symbol").fill("15a-BC/TU")
    footer_action(editor, "action-submit")
    editor.wait_for_load_state("networkidle")
    leader.goto(f"{base}/admin/pages/{report.pk}/edit/")
    workflow_action(leader, "approve")
    report = SubmissionPage.objects.get(pk=report.pk)
    assert report.number_symbol == "15a-BC/TU"
    assert report.review_state == ReviewState.AWAITING
    assert report.submitted_at == stamp
    shot(leader, "07-leader-approved-revision")

    review_in_admin(reviewer, base, report, "accepted")
    shot(reviewer, "08-department-accepted")
    assert SubmissionPage.objects.get(pk=report.pk).review_state == ReviewState.ACCEPTED
    assert dashboard_status(editor, base, 3) in ("late", "on_time")
    shot(editor, "09-editor-dashboard-accepted")
    editor.goto(f"{base}/admin/review/{report.pk}/")
    history = editor.locator(".review-history li")
    assert history.count() == 4
    editor.goto(base + report.url)
    assert editor.get_by_role("heading", name=report.title).is_visible()
    shot(editor, "10-unit-section-report")

    other = sign_in(browser, base, "bao-bientap")
    response = other.goto(f"{base}/admin/pages/{report.pk}/edit/")
    assert "/admin/pages/" not in other.url or response.status == 403
    review = other.goto(f"{base}/admin/review/{report.pk}/")
    assert f"/admin/review/{report.pk}/" not in other.url or review.status == 403
    shot(other, "11-other-unit-refused")
