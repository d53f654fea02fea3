"""A report's whole journey in a real Chromium (CSRF checks on, as in production), with
a screenshot of every step.

Unit editor: dashboard -> "write the report" -> text and a PDF -> "Trình lãnh đạo
duyệt" (the visible main button). Unit leader: corrects the text and approves with a
comment from the editor, which publishes at once. Department: returns with a reason.
Editor: reads the reason on the dashboard and atop the editor, revises the same report
(no second page), resubmits; leader approves from the dashboard; department accepts.
The dashboard and the unit section show each stage; every message is Vietnamese.
Another unit's editor cannot open it. Screenshots go to var/test-artifacts/screenshots/
(or $TEST_ARTIFACTS_DIR/screenshots/).
"""

import os
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

import pytest

from directives.bootstrap import bootstrap_portal
from directives.models import ReviewState, SubmissionPage, Unit
from directives.units.roles import DEPARTMENT_GROUP
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


def sign_in(browser, base_url, username, *, password=PASSWORD, timeout=20_000):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(timeout)
    page.goto(base_url + "/admin/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")
    return page


def footer_action(page, name):
    """Click an action in the editor's footer menu, opening its dropdown if needed."""
    button = page.locator(f'footer button[name="{name}"]')
    if not button.is_visible():
        page.locator("footer .w-dropdown__toggle").first.click()
    button.click()


def attach_new_pdf(editor, path, title):
    """Add an attachment row and upload `path` into it through the document chooser."""
    editor.locator("#id_attachments-ADD").click()
    editor.locator("#inline_child_attachments-0 [data-chooser-action-choose]").first.click()
    modal = editor.locator(".modal")
    modal.locator("#tab-label-upload").click()
    modal.locator("#id_document-chooser-upload-file").set_input_files(str(path))
    modal.locator("#id_document-chooser-upload-title").fill(title)
    modal.locator("#tab-upload button[type=submit]").click()
    editor.locator("#inline_child_attachments-0").get_by_text(title).first.wait_for()


def workflow_action(page, action, comment=None):
    footer = page.locator("footer")
    button = footer.locator(f'button[data-workflow-action-name="{action}"]').first
    if not button.is_visible():
        footer.locator(".w-dropdown__toggle").first.click()
    # The decision posts, then the page navigates: wait for that page, not for a lull
    # before it (networkidle can come first, and reading then meets a navigation).
    if comment is None:
        with page.expect_navigation():
            button.click()
    else:
        with_comment = footer.locator(
            f'button[data-workflow-action-name="{action}"][data-workflow-action-modal-url]'
        ).first
        if not with_comment.is_visible():
            footer.locator(".w-dropdown__toggle").first.click()
        with_comment.click()
        page.locator(".modal textarea").fill(comment)
        with page.expect_navigation():
            page.locator(".modal button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def review_in_admin(page, base_url, report, event, reason=""):
    page.goto(f"{base_url}/admin/review/{report.pk}/")
    page.locator(f'input[name="event"][value="{event}"]').check()
    if reason:
        page.locator('textarea[name="reason"]').fill(reason)
    page.get_by_role("button", name="Ghi nhận").click()
    page.wait_for_load_state()


def task_row(page, base_url, task_number):
    page.goto(base_url + "/admin/")
    return page.locator("tr.task-status", has_text=f"nhiệm vụ {task_number}").first


def dashboard_stage(page, base_url, task_number):
    return task_row(page, base_url, task_number).get_attribute("data-stage")


# Words of Wagtail's English messages ("Page '…' has been updated.", "Draft saved").
ENGLISH = re.compile(r"\b(Page|page|has been|updated|submitted|published|saved|Draft|the)\b")


def messages_of(page) -> list[str]:
    """The admin's messages on the current screen, each checked to be Vietnamese."""
    texts = [t.strip() for t in page.locator(".messages li").all_inner_texts() if t.strip()]
    for text in texts:
        assert not ENGLISH.search(text), text
    return texts


def test_report_from_dashboard_to_acceptance(browser, people, tmp_path):
    base = people
    editor = sign_in(browser, base, "dalat-bientap")
    assert editor.get_by_role("heading", name="Nhiệm vụ của đơn vị").is_visible()
    assert dashboard_stage(editor, base, 3) == "not_started"
    shot(editor, "01-editor-dashboard")
    row = task_row(editor, base, 3)
    row.get_by_role("button", name="Viết báo cáo cho nhiệm vụ này").click()
    editor.wait_for_url("**/edit/")
    report = SubmissionPage.objects.get(unit__name="Thành ủy Đà Lạt", submitted_at=None)
    assert (
        editor.locator("#id_title").input_value().startswith("Báo cáo kết quả thực hiện nhiệm vụ 3")
    )
    # Submitting is the visible main button, said as what it does.
    submit = editor.locator('footer button[name="action-submit"]')
    assert submit.is_visible() and submit.inner_text().strip() == "Trình lãnh đạo duyệt"

    editor.locator("#id_number_symbol").fill("15-BC/TU")
    editor.locator("#id_signer_position").fill("Phó Bí thư Thường trực")
    editor.locator("#id_signer_name").fill("Nguyễn Văn A")
    pdf = tmp_path / "bao-cao-ket-qua.pdf"
    pdf.write_bytes(pdf_bytes("Bao cao ket qua Da Lat"))
    attach_new_pdf(editor, pdf, "Báo cáo kết quả Đà Lạt (PDF)")
    shot(editor, "02-editor-writes-report")
    submit.click()
    editor.wait_for_load_state("networkidle")
    assert messages_of(editor)
    shot(editor, "03-submitted-for-approval")
    report.refresh_from_db()
    assert report.current_workflow_state is not None and not report.live
    assert dashboard_stage(editor, base, 3) == "awaiting_leader"
    shot(editor, "03b-editor-dashboard-awaiting-leader")

    # The leader corrects the text and approves with a comment, from the editor: one step.
    leader = sign_in(browser, base, "dalat-lanhdao")
    assert dashboard_stage(leader, base, 3) == "awaiting_leader"
    task_row(leader, base, 3).get_by_role("link", name="Xem và phê duyệt").click()
    leader.wait_for_url("**/edit/")
    primary = leader.locator('footer button[data-workflow-action-name="approve"]').first
    assert primary.is_visible() and "Phê duyệt và gửi" in primary.inner_text()
    leader.locator("#id_signer_name").fill("Nguyễn Văn An")
    workflow_action(leader, "approve", comment="Đồng ý, gửi Ban Tuyên giáo")
    texts = messages_of(leader)
    assert any("Đã phê duyệt và gửi" in t for t in texts), texts
    shot(leader, "04-leader-approved")
    report = SubmissionPage.objects.get(pk=report.pk)
    assert report.live and report.submitted_at and report.review_state == ReviewState.AWAITING
    assert report.signer_name == "Nguyễn Văn An"
    stamp = report.submitted_at
    assert dashboard_stage(editor, base, 3) == "awaiting_review"

    reviewer = sign_in(browser, base, "btg-thamdinh")
    assert reviewer.get_by_role("heading", name="Tình hình thực hiện của các đơn vị").is_visible()
    shot(reviewer, "05a-department-dashboard")
    reviewer.goto(f"{base}/admin/review/")
    assert reviewer.get_by_role("link", name=report.title).is_visible()
    reviewer.goto(f"{base}/admin/review/{report.pk}/")
    # The leader's approval and comment stand in the history beside the department's steps.
    assert reviewer.get_by_text("Đồng ý, gửi Ban Tuyên giáo").is_visible()
    review_in_admin(reviewer, base, report, "returned", "Bổ sung số liệu hội nghị quán triệt")
    messages_of(reviewer)
    shot(reviewer, "05-department-returned")
    assert SubmissionPage.objects.get(pk=report.pk).review_state == ReviewState.RETURNED

    # The editor reads who returned it, when and why, on the dashboard and in the editor.
    row = task_row(editor, base, 3)
    assert row.get_attribute("data-stage") == "returned"
    assert "Bổ sung số liệu hội nghị quán triệt" in row.locator(".return-reason").inner_text()
    assert "Thẩm định BTG" in row.locator(".return-reason").inner_text()
    shot(editor, "06-editor-sees-returned")
    row.get_by_role("link", name="Sửa báo cáo bị trả lại").click()
    editor.wait_for_url(f"**/admin/pages/{report.pk}/edit/")
    notice = editor.locator(".return-notice")
    assert "Bổ sung số liệu hội nghị quán triệt" in notice.inner_text()
    shot(editor, "06b-editor-reads-reason-in-editor")
    editor.locator("#id_number_symbol").fill("15a-BC/TU")
    editor.locator('footer button[name="action-submit"]').click()
    editor.wait_for_load_state("networkidle")
    messages_of(editor)
    assert SubmissionPage.objects.filter(unit__name="Thành ủy Đà Lạt").count() == 1
    assert dashboard_stage(editor, base, 3) == "awaiting_leader"

    # The leader approves from the dashboard this time.
    leader.goto(base + "/admin/")
    awaiting = leader.locator("#awaiting-review-section tr", has_text=report.title)
    awaiting.locator(".w-dropdown__toggle").click()  # Wagtail's "Thao tác" menu of the row
    shot(leader, "06c-leader-dashboard-actions")
    with leader.expect_navigation():
        awaiting.get_by_role("button", name="Phê duyệt và gửi", exact=True).click()
    leader.wait_for_load_state("networkidle")
    texts = messages_of(leader)
    assert any("Đã phê duyệt và gửi" in t for t in texts), texts
    shot(leader, "07-leader-approved-from-dashboard")
    report = SubmissionPage.objects.get(pk=report.pk)
    assert report.number_symbol == "15a-BC/TU"
    assert report.review_state == ReviewState.AWAITING
    assert report.submitted_at == stamp

    review_in_admin(reviewer, base, report, "accepted")
    messages_of(reviewer)
    shot(reviewer, "08-department-accepted")
    assert SubmissionPage.objects.get(pk=report.pk).review_state == ReviewState.ACCEPTED
    row = task_row(editor, base, 3)
    assert row.get_attribute("data-stage") == "accepted"
    assert row.locator(".timing").inner_text() in ("đúng hạn", "trễ hạn")
    shot(editor, "09-editor-dashboard-accepted")
    editor.goto(f"{base}/admin/review/{report.pk}/")
    history = editor.locator(".review-history li")
    # Leader approved, sent, returned, leader approved, resent, accepted.
    assert history.count() == 6
    shot(editor, "09b-history")
    editor.goto(base + report.get_parent().url)
    assert editor.locator('tr.task-status[data-stage="accepted"]').count() == 1
    shot(editor, "10-unit-section")
    editor.goto(base + report.url)
    assert editor.get_by_role("heading", name=report.title).is_visible()

    other = sign_in(browser, base, "bao-bientap")
    response = other.goto(f"{base}/admin/pages/{report.pk}/edit/")
    assert "/admin/pages/" not in other.url or response.status == 403
    review = other.goto(f"{base}/admin/review/{report.pk}/")
    assert f"/admin/review/{report.pk}/" not in other.url or review.status == 403
    shot(other, "11-other-unit-refused")


def test_the_portals_own_help_and_a_slug_folded_as_it_is_typed(browser, people):
    base = people
    editor = sign_in(browser, base, "dalat-bientap")
    # The sidebar's help is the portal's own page, not Wagtail's pages on the internet.
    editor.get_by_role("button", name="Trợ giúp").click()
    editor.get_by_role("list", name="Trợ giúp").get_by_role(
        "link", name="Hướng dẫn sử dụng"
    ).click()
    editor.wait_for_url("**/admin/huong-dan/")
    assert editor.locator("#bien-tap").get_attribute("open") is not None
    assert "Trình lãnh đạo duyệt" in editor.locator("#bien-tap").inner_text()
    assert editor.locator('a[href^="http"]').count() == 0
    shot(editor, "30-help-page")

    editor.goto(base + "/admin/")
    row = editor.locator("tr.task-status", has_text="nhiệm vụ 3").first
    row.get_by_role("button", name="Viết báo cáo cho nhiệm vụ này").click()
    editor.wait_for_url("**/edit/")
    # A unit's report has no "Quảng bá" (SEO) tab: its address is folded away under
    # the content.
    assert editor.get_by_role("tab", name="Quảng bá").count() == 0
    address = editor.locator(
        "section.w-panel", has=editor.get_by_role("heading", name="Địa chỉ trang")
    ).last
    address.locator("[data-panel-toggle]").first.click()
    slug = editor.locator("#id_slug")
    slug.fill("báo-cáo-đà-lạt")
    slug.blur()
    assert slug.input_value() == "bao-cao-da-lat"
    shot(editor, "31-slug-folded")


def test_the_department_picks_a_tasks_units_by_group_and_filter(browser, people):
    from directives.models import DirectivePage
    from directives.units.provisioning import department_editors_ensure
    from portal.vietnamese import fold

    User = get_user_model()
    user = User.objects.create_user("btg-bientap", password=PASSWORD, first_name="Biên tập BTG")
    user.groups.add(department_editors_ensure())
    guidance = DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )
    task = guidance.tasks.order_by("sort_order").first()
    editor = sign_in(browser, people, "btg-bientap")
    editor.goto(f"{people}/admin/pages/{guidance.pk}/edit/")
    picker = editor.locator("[data-unit-picker]").first
    picker.locator("[data-unit-picker-filter]").fill("bao")  # typed without marks
    visible = picker.locator(".unit-picker__unit:visible")
    names = visible.all_inner_texts()
    assert names and all("bao" in fold(name).lower() for name in names), names
    assert "Thành ủy Đà Lạt" not in names
    group = picker.locator("[data-unit-picker-group]:visible", has_text="Huyện ủy, thành ủy")
    group.get_by_role("button", name="Chọn cả nhóm").click()
    assert picker.get_by_label("Thành ủy Bảo Lộc").is_checked()
    assert picker.get_by_label("Huyện ủy Bảo Lâm").is_checked()
    assert "Đã chọn" in picker.locator("[data-unit-picker-count]").inner_text()
    shot(editor, "40-unit-picker")
    with editor.expect_navigation():
        editor.locator("footer").get_by_role("button", name="Lưu nháp").click()
    texts = messages_of(editor)
    assert any(text.startswith("Đã lưu") for text in texts), texts
    draft = DirectivePage.objects.get(pk=guidance.pk).get_latest_revision_as_object()
    revised = next(t for t in draft.tasks.all() if t.pk == task.pk)  # in-memory, from the revision
    chosen = {u.name for u in revised.units.all()}
    assert {"Thành ủy Bảo Lộc", "Huyện ủy Bảo Lâm"} <= chosen
