"""Every button and form of the department's pages and of the unit leader's loop,
clicked in Chromium against the live server (CSRF checks on, as in production), with
what a user notices after each click asserted and a screenshot of each step (80-…).

Unit editor and leader: the dashboard's row actions ("Xem báo cáo (chờ lãnh đạo
duyệt)", "Mở bản nháp", "Sửa theo ý kiến lãnh đạo", "Xem báo cáo và kết quả thẩm
định"), "Mở để chỉnh sửa" on the report's page, "Trả lại để sửa" and "Phê duyệt kèm
ý kiến" from the dashboard, "Duyệt và gửi Ban Tuyên giáo" in the editor, "Trình lãnh
đạo duyệt lại". Department reviewer: the dashboard's links, the queue's "Lọc", its
pages and a title, an attachment, an "ý kiến", "Việc cần làm" (the menu, the site's
header, "Mở hàng chờ thẩm định"), the matrix's "Xem", "Tổng hợp ngay", the archive's
PDF, XLSX and detail. Administrator: a report schedule added, edited and deleted.
Department editor: "Bỏ chọn nhóm" in the directive editor's unit picker.
"""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from directives.models import (
    ConsolidatedReport,
    DirectivePage,
    ReportSchedule,
    ReviewEvent,
    ReviewState,
    SubmissionPage,
    SubmissionReview,
)
from directives.submissions.views import REVIEWS_PER_PAGE
from directives.units.provisioning import department_editors_ensure
from tests import factories
from tests.browser.test_unit_workspace import PASSWORD, messages_of, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A loaded machine (2 cores, another test run beside) answers slowly; compiling a
# report renders a PDF, an XLSX and a Word file in the request.
TIMEOUT = 30_000
COMPILE_TIMEOUT = 90_000
# Wagtail's English words on a screen meant to be Vietnamese.
ENGLISH = re.compile(
    r"\b(has been|created|updated|deleted|referenced|Are you sure|Delete|Yes|No|Save|"
    r"Cancel|Edit|Inspect|Actions|More|Page|Draft|Schedule|Claimed|None|True|False|"
    r"live|the|this)\b"
)


@pytest.fixture
def portal(live_server, workspace, schedule):
    """The workspace (units A and B, their editors and leaders, a reviewer), a monthly
    schedule, an administrator, and a plan giving unit A two tasks due in five days
    (the dashboard lists what is due now)."""
    get_user_model().objects.create_superuser("quantri", "qt@tinhuy.test", PASSWORD)
    _home, index, _units = factories.site_tree()
    due = timezone.localdate() + timedelta(days=5)
    workspace.loop_plan = factories.directive(
        index,
        title="Kế hoạch 80-KH/TU",
        number_symbol="80-KH/TU",
        issuer=workspace.department,
        tasks=[
            {"units": [workspace.a.unit], "due_date": due, "description": "Tổ chức hội nghị"},
            {"units": [workspace.a.unit], "due_date": due, "description": "Báo cáo sơ kết"},
        ],
    )
    workspace.loop_tasks = list(workspace.loop_plan.tasks.order_by("sort_order"))
    return live_server.url


@pytest.fixture
def queue(portal, workspace):
    """Unit B sends enough plans that the reviewer's queue runs to a second page."""
    for number in range(REVIEWS_PER_PAGE - 1):  # with A's and B's own: one page and one
        factories.submission(
            workspace.b.unit,
            workspace.plan,
            title=f"Kế hoạch thực hiện số {number + 1} của Đức Trọng",
            tasks=[workspace.b.task],
        )
    return portal


def person(browser, base, username, password=factories.PEOPLE_PASSWORD):
    return sign_in(browser, base, username, password=password, timeout=TIMEOUT)


# The screen at rest: the admin's messages slid in (they start hidden and appear after
# a short delay) and no transition under way (a dialog fading in).
SETTLED = """() => {
    const messages = document.querySelector(".messages > ul");
    if (messages && messages.children.length && getComputedStyle(messages).opacity !== "1") {
        return false;
    }
    return document.getAnimations().every(
        (a) => a.playState !== "running" || a.effect.getComputedTiming().endTime === Infinity
    );
}"""


def step(page, name):
    """A screenshot of the step, the screen at rest; its text has no English (a list's
    tick says "Có" or "Không" to screen readers too)."""
    page.wait_for_function(SETTLED)
    shot(page, name)
    found = ENGLISH.findall(page.locator("body").inner_text())
    assert found == [], f"{name}: {found}"


def click_and_wait(page, locator, timeout=None):
    """Click what navigates, and wait for the page it opens."""
    with page.expect_navigation(timeout=timeout):
        locator.click()


def row_of(page, base, task):
    """The task's row on the dashboard, freshly opened."""
    page.goto(base + "/admin/")
    return page.locator(f'tr.task-status[data-task="{task.pk}"]')


def dashboard_decision(page, base, title, label, comment):
    """A leader's decision that asks for a comment, from "Chờ anh/chị phê duyệt" on the
    dashboard: the row's "Thao tác" menu, the decision, its dialog. Returns the dialog."""
    page.goto(base + "/admin/")
    row = page.locator("#awaiting-review-section tr", has_text=title)
    row.locator(".w-dropdown__toggle").click()
    row.get_by_role("button", name=label, exact=True).click()
    dialog = page.locator(".modal")
    expect(dialog.get_by_role("heading", name=label)).to_be_visible()
    dialog.locator("textarea").fill(comment)
    return dialog


def test_the_unit_editor_and_leader_go_round_the_loop_from_the_dashboard(
    browser, portal, workspace
):
    base = portal
    first, second = workspace.loop_tasks
    people = workspace.people

    editor = person(browser, base, people.a_editor.username)
    row = row_of(editor, base, first)
    assert row.get_attribute("data-stage") == "not_started"
    click_and_wait(editor, row.get_by_role("button", name="Viết báo cáo cho nhiệm vụ này"))
    report = SubmissionPage.objects.get(tasks=first)
    editor.locator("#id_number_symbol").fill("80-BC/HU")
    submit = editor.locator('footer button[name="action-submit"]')
    assert submit.inner_text().strip() == "Trình lãnh đạo duyệt"
    click_and_wait(editor, submit)
    assert any(t.startswith("Đã trình lãnh đạo duyệt") for t in messages_of(editor))

    # While the leader has it, the editor reads it, and may still open it to edit.
    row = row_of(editor, base, first)
    assert row.get_attribute("data-stage") == "awaiting_leader"
    step(editor, "80-editor-dashboard-awaiting-leader")
    click_and_wait(editor, row.get_by_role("link", name="Xem báo cáo (chờ lãnh đạo duyệt)"))
    assert editor.url.endswith(f"/admin/review/{report.pk}/")
    assert editor.get_by_role("heading", name=report.title).first.is_visible()
    assert "Số: 80-BC/HU" in editor.locator(".review-content").inner_text()
    step(editor, "81-editor-reads-report-awaiting-leader")
    click_and_wait(editor, editor.get_by_role("link", name="Mở để chỉnh sửa"))
    assert editor.url.endswith(f"/admin/pages/{report.pk}/edit/")
    assert editor.locator("#id_number_symbol").input_value() == "80-BC/HU"
    step(editor, "82-editor-opens-report-to-edit")

    # A second report the editor only starts: the leader opens the draft and sends it.
    row = row_of(editor, base, second)
    click_and_wait(editor, row.get_by_role("button", name="Viết báo cáo cho nhiệm vụ này"))
    draft = SubmissionPage.objects.get(tasks=second)
    leader = person(browser, base, people.a_approver.username)
    row = row_of(leader, base, second)
    assert row.get_attribute("data-stage") == "drafting"
    step(leader, "83-leader-dashboard-draft")
    click_and_wait(leader, row.get_by_role("link", name="Mở bản nháp"))
    assert leader.url.endswith(f"/admin/pages/{draft.pk}/edit/")
    leader.locator("#id_number_symbol").fill("81-BC/HU")
    send = leader.locator('footer button[name="action-publish"]')
    if not send.is_visible():
        leader.locator("footer .w-dropdown__toggle").first.click()
    assert send.inner_text().strip() == "Duyệt và gửi Ban Tuyên giáo"
    step(leader, "84-leader-opens-draft")
    click_and_wait(leader, send)
    texts = leader.locator(".messages li").all_inner_texts()
    assert any(f"Đã đăng “{draft.title}”" in t for t in texts), texts
    assert leader.locator(".messages").get_by_role("link", name="Xem trang đã đăng").count()
    step(leader, "85-leader-sent-draft")
    draft = SubmissionPage.objects.get(pk=draft.pk)
    assert draft.live and draft.review_state == ReviewState.AWAITING
    assert row_of(leader, base, second).get_attribute("data-stage") == "awaiting_review"

    # The leader returns the first report from the dashboard, with what to fix.
    dialog = dashboard_decision(
        leader, base, report.title, "Trả lại để sửa", "Bổ sung số người dự hội nghị"
    )
    step(leader, "86-leader-returns-with-comment")
    click_and_wait(leader, dialog.get_by_role("button", name="Trả lại để sửa"))
    texts = messages_of(leader)
    assert f"Đã trả lại “{report.title}” cho biên tập viên sửa" in " ".join(texts), texts
    step(leader, "87-leader-returned")

    # The editor reads why, revises and sends it back to the leader.
    row = row_of(editor, base, first)
    assert row.get_attribute("data-stage") == "leader_returned"
    assert "Bổ sung số người dự hội nghị" in row.locator(".return-reason").inner_text()
    step(editor, "88-editor-sees-leader-return")
    click_and_wait(editor, row.get_by_role("link", name="Sửa theo ý kiến lãnh đạo"))
    assert editor.url.endswith(f"/admin/pages/{report.pk}/edit/")
    assert "Bổ sung số người dự hội nghị" in editor.locator(".return-notice").inner_text()
    editor.locator("#id_number_symbol").fill("80a-BC/HU")
    resubmit = editor.locator('footer button[name="action-submit"]')
    assert resubmit.inner_text().strip() == "Trình lãnh đạo duyệt lại"
    step(editor, "89-editor-revises")
    click_and_wait(editor, resubmit)
    texts = messages_of(editor)
    assert any(t.startswith(f"Đã trình lãnh đạo duyệt “{report.title}”") for t in texts), texts
    step(editor, "90-editor-resubmitted")
    assert row_of(editor, base, first).get_attribute("data-stage") == "awaiting_leader"

    # The leader approves with a comment from the dashboard: it goes to the department.
    dialog = dashboard_decision(
        leader, base, report.title, "Phê duyệt kèm ý kiến", "Đồng ý, gửi Ban Tuyên giáo"
    )
    step(leader, "91-leader-approves-with-comment")
    click_and_wait(leader, dialog.locator("button[type=submit]"))
    texts = messages_of(leader)
    assert f"Đã phê duyệt và gửi “{report.title}” tới Ban Tuyên giáo" in " ".join(texts), texts
    step(leader, "92-leader-approved")
    report = SubmissionPage.objects.get(pk=report.pk)
    assert report.live and report.review_state == ReviewState.AWAITING
    assert report.number_symbol == "80a-BC/HU"

    row = row_of(editor, base, first)
    assert row.get_attribute("data-stage") == "awaiting_review"
    click_and_wait(editor, row.get_by_role("link", name="Xem báo cáo và kết quả thẩm định"))
    assert editor.url.endswith(f"/admin/review/{report.pk}/")
    assert editor.locator(".review-state").inner_text() == "Chờ Ban Tuyên giáo thẩm định"
    history = editor.locator(".review-history li")
    returned = history.filter(has_text="Lãnh đạo đơn vị trả lại để sửa")
    assert "Bổ sung số người dự hội nghị" in returned.inner_text()
    approved = history.filter(has_text="Lãnh đạo đơn vị phê duyệt")
    assert "Đồng ý, gửi Ban Tuyên giáo" in approved.inner_text()
    step(editor, "93-editor-reads-history")


def test_the_reviewer_works_through_the_queue(browser, queue, workspace):
    base = queue
    waiting = SubmissionPage.objects.live().filter(review_state=ReviewState.AWAITING).count()
    assert waiting == REVIEWS_PER_PAGE + 1

    reviewer = person(browser, base, workspace.people.reviewer.username)
    panel = reviewer.locator("table.department-overview")
    assert panel.is_visible()
    step(reviewer, "94-reviewer-dashboard")
    click_and_wait(reviewer, reviewer.get_by_role("link", name="Văn bản chờ thẩm định"))
    assert reviewer.url.endswith("/admin/review/")
    rows = reviewer.locator("table.listing tbody tr")
    assert rows.count() == REVIEWS_PER_PAGE
    assert reviewer.get_by_text("Trang 1/2").is_visible()
    step(reviewer, "95-review-queue-page-1")
    click_and_wait(reviewer, reviewer.get_by_role("link", name="Sau ›"))
    assert "p=2" in reviewer.url and reviewer.get_by_text("Trang 2/2").is_visible()
    assert rows.count() == waiting - REVIEWS_PER_PAGE
    step(reviewer, "96-review-queue-page-2")
    click_and_wait(reviewer, reviewer.get_by_role("link", name="‹ Trước"))
    assert "p=1" in reviewer.url and reviewer.get_by_text("Trang 1/2").is_visible()
    assert rows.count() == REVIEWS_PER_PAGE

    # "Lọc" by a state and a unit: unit A's unsent draft.
    filters = reviewer.locator("form.review-filters")
    filters.locator('select[name="state"]').select_option("draft")
    filters.locator('select[name="unit"]').select_option(workspace.a.unit.slug)
    click_and_wait(reviewer, filters.get_by_role("button", name="Lọc"))
    assert reviewer.url.endswith(f"/admin/review/?state=draft&unit={workspace.a.unit.slug}")
    draft = workspace.a.draft
    assert rows.count() == 1 and draft.title in rows.inner_text()
    step(reviewer, "97-review-queue-filtered")
    click_and_wait(reviewer, rows.get_by_role("link", name=draft.title))
    assert reviewer.url.endswith(f"/admin/review/{draft.pk}/")
    assert reviewer.get_by_role("heading", name=draft.title).first.is_visible()
    step(reviewer, "98-review-detail")

    # The attachment opens in the browser's PDF viewer: the file itself is served (the
    # response's body is the viewer's page; its headers are the file's).
    link = reviewer.locator("ul.attachments").get_by_role("link", name="Tệp dự thảo A")
    href = link.get_attribute("href")
    with reviewer.expect_response(lambda r: r.url == base + href) as served:
        link.click()
    assert served.value.status == 200
    headers = served.value.all_headers()
    assert headers["content-type"] == "application/pdf"
    assert int(headers["content-length"]) == workspace.a.draft_doc.file.size
    stored = workspace.a.draft_doc.file.name.rsplit("/", 1)[-1]
    assert f'filename="{stored}"' in headers["content-disposition"]

    # An "ý kiến" (a comment, not a decision), recorded in the history.
    reviewer.goto(f"{base}/admin/review/{draft.pk}/")
    reviewer.get_by_label("Ban Tuyên giáo ghi ý kiến").check()
    reviewer.locator('textarea[name="reason"]').fill("Đề nghị ghi rõ số đảng viên tham dự")
    step(reviewer, "99-reviewer-writes-comment")
    click_and_wait(reviewer, reviewer.get_by_role("button", name="Ghi nhận"))
    assert "Đã ghi nhận thẩm định." in messages_of(reviewer)
    comment = reviewer.locator('.review-history li[data-event="commented"]')
    assert "Đề nghị ghi rõ số đảng viên tham dự" in comment.inner_text()
    step(reviewer, "100-reviewer-comment-recorded")
    assert SubmissionReview.objects.filter(page=draft, event=ReviewEvent.COMMENTED).exists()

    # "Việc cần làm": the menu's number is what waits in the queue.
    menu = reviewer.locator("a.sidebar-menu-item__link[data-todo-count]")
    assert menu.get_attribute("data-todo-count") == str(waiting)
    assert menu.inner_text().strip() == f"Việc cần làm ({waiting})"
    click_and_wait(reviewer, menu)
    assert reviewer.url.endswith("/admin/todo/")
    todo = reviewer.locator(".todo-review")
    assert todo.get_attribute("data-count") == str(waiting)
    assert f"{waiting} văn bản chờ thẩm định." in todo.inner_text()
    step(reviewer, "101-reviewer-todo")
    click_and_wait(reviewer, reviewer.get_by_role("link", name="Mở hàng chờ thẩm định"))
    assert reviewer.url.endswith("/admin/review/")
    assert reviewer.locator('select[name="state"]').input_value() == "awaiting"
    assert rows.count() == REVIEWS_PER_PAGE and reviewer.get_by_text("Trang 1/2").is_visible()
    step(reviewer, "102-reviewer-queue-from-todo")

    # The public site's header carries the same number, and leads to the same page.
    reviewer.goto(base + "/")
    header = reviewer.locator("header.site-header a.todo-link")
    assert header.get_attribute("data-todo-count") == str(waiting)
    assert header.inner_text().strip() == f"Việc cần làm ({waiting})"
    step(reviewer, "103-site-header-todo")
    click_and_wait(reviewer, header)
    assert reviewer.url.endswith("/admin/todo/")
    assert reviewer.locator(".todo-review").get_attribute("data-count") == str(waiting)

    # A unit's name on the dashboard: that unit's sent reports, whatever their state.
    unit = workspace.b.unit
    reviewer.goto(base + "/admin/")
    click_and_wait(reviewer, panel.locator(f'tr[data-unit="{unit.slug}"] a'))
    assert reviewer.url.endswith(f"/admin/review/?state=all&unit={unit.slug}")
    assert reviewer.locator('select[name="unit"]').input_value() == unit.slug
    assert reviewer.locator('select[name="state"]').input_value() == "all"
    units = reviewer.locator("table.listing tbody tr td:nth-child(2)").all_inner_texts()
    assert len(units) == REVIEWS_PER_PAGE and set(units) == {unit.name}, units
    step(reviewer, "104-reviewer-unit-link")


def test_the_reviewer_reads_the_matrix_compiles_and_downloads(browser, portal, workspace, schedule):
    base = portal
    reviewer = person(browser, base, workspace.people.reviewer.username)
    reviewer.goto(base + "/admin/reports/compliance/")
    form = reviewer.locator("form.matrix-filters")
    form.locator('select[name="directive"]').select_option(str(workspace.plan.pk))
    form.locator('input[name="as_of"]').fill("01/11/2022")
    click_and_wait(reviewer, form.get_by_role("button", name="Xem", exact=True))
    assert f"directive={workspace.plan.pk}" in reviewer.url
    assert "as_of=01%2F11%2F2022" in reviewer.url
    assert form.locator('input[name="as_of"]').input_value() == "01/11/2022"
    matrix = reviewer.locator("table.compliance-matrix")
    assert matrix.locator("tbody tr").count() == 2  # the plan's two units, no other plan's
    assert {"Huyện ủy Lâm Hà", "Huyện ủy Đức Trọng"} <= set(
        matrix.locator("tbody th").all_inner_texts()
    )
    step(reviewer, "105-matrix-shown")

    reviewer.goto(base + "/admin/snippets/directives/reportschedule/")
    click_and_wait(
        reviewer,
        reviewer.get_by_role("button", name="Tổng hợp ngay"),
        timeout=COMPILE_TIMEOUT,
    )
    assert reviewer.url.endswith("/admin/snippets/directives/reportschedule/")
    report = ConsolidatedReport.objects.get()
    assert f"Đã tổng hợp: {report.title}" in messages_of(reviewer)
    step(reviewer, "106-reviewer-compiled")

    reviewer.goto(base + "/admin/snippets/directives/consolidatedreport/")
    row = reviewer.locator("tbody tr", has_text=report.title)
    step(reviewer, "107-report-archive")
    with reviewer.expect_download() as pdf:
        row.get_by_role("link", name="PDF", exact=True).click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    with open(pdf.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    with reviewer.expect_download() as xlsx:
        row.get_by_role("link", name="XLSX", exact=True).click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    with open(xlsx.value.path(), "rb") as file:
        assert file.read(4) == b"PK\x03\x04"  # a zip, as every XLSX is

    # The title opens the report's detail (read only for the department).
    click_and_wait(reviewer, row.get_by_role("link", name=report.title))
    assert reviewer.url.endswith(
        f"/admin/snippets/directives/consolidatedreport/inspect/{report.pk}/"
    )
    detail = reviewer.locator("main").inner_text()
    assert report.title in detail and "Đã gửi" in detail
    # Labelled in Vietnamese, where it went in words, its files as downloads.
    assert "Lịch báo cáo" in detail and schedule.name in detail
    assert ", ".join(report.sent_to) in detail
    compiled = timezone.localtime(report.compiled_at)  # in Vietnam's time, not UTC
    assert f"Tổng hợp lúc\n{compiled:%H:%M %d/%m/%Y}" in detail
    assert "{" not in detail and "[" not in detail
    main = reviewer.locator("main")
    for kind in ("pdf", "xlsx", "docx"):
        href = f"/admin/reports/{report.pk}/files/{kind}/"
        assert main.locator(f'a[href="{href}"]').count() == 1, kind
    step(reviewer, "108-report-detail")


def test_the_administrator_adds_edits_and_deletes_a_schedule(browser, portal, workspace):
    base = portal
    admin = person(browser, base, "quantri", password=PASSWORD)
    admin.goto(base + "/admin/snippets/directives/reportschedule/")
    click_and_wait(admin, admin.get_by_role("link", name="Thêm lịch báo cáo tổng hợp"))
    assert admin.url.endswith("/admin/snippets/directives/reportschedule/add/")
    admin.locator("#id_name").fill("Báo cáo quý 80-KH/TU")
    admin.locator("#id_directives").select_option(str(workspace.loop_plan.pk))
    admin.locator("#id_frequency").select_option("quarterly")
    admin.locator("#id_recipients-ADD").click()
    admin.locator("#id_recipients-0-email").fill("vanphong@tinhuy.test")
    admin.locator("#id_signer_name").fill("Trần Văn B")
    step(admin, "110-admin-adds-schedule")
    click_and_wait(admin, admin.locator("footer button.action-save"))
    assert admin.url.endswith("/admin/snippets/directives/reportschedule/")
    texts = messages_of(admin)
    assert "Đã tạo Lịch báo cáo tổng hợp “Báo cáo quý 80-KH/TU”." in " ".join(texts), texts
    added = ReportSchedule.objects.get(name="Báo cáo quý 80-KH/TU")
    assert added.frequency == "quarterly" and added.signer_name == "Trần Văn B"
    assert [r.email for r in added.recipients.all()] == ["vanphong@tinhuy.test"]
    assert list(added.directives.all()) == [workspace.loop_plan]
    step(admin, "111-admin-schedule-added")

    click_and_wait(admin, admin.get_by_role("link", name="Báo cáo quý 80-KH/TU"))
    assert admin.url.endswith(f"/admin/snippets/directives/reportschedule/edit/{added.pk}/")
    admin.locator("#id_name").fill("Báo cáo quý 80-KH/TU (sửa)")
    admin.locator("#id_send_docx").check()
    step(admin, "112-admin-edits-schedule")
    click_and_wait(admin, admin.locator("footer button.action-save"))
    texts = messages_of(admin)
    assert "Đã lưu Lịch báo cáo tổng hợp “Báo cáo quý 80-KH/TU (sửa)”." in " ".join(texts)
    added.refresh_from_db()
    assert added.name == "Báo cáo quý 80-KH/TU (sửa)" and added.send_docx
    step(admin, "113-admin-schedule-saved")

    # "Xoá" is in the edit page's header menu ("Thao tác").
    click_and_wait(admin, admin.get_by_role("link", name="Báo cáo quý 80-KH/TU (sửa)"))
    admin.locator("#w-slim-header-buttons").get_by_role("button", name="Thao tác").click()
    click_and_wait(admin, admin.get_by_role("link", name="Xoá", exact=True))
    assert admin.url.endswith(f"/admin/snippets/directives/reportschedule/delete/{added.pk}/")
    assert admin.get_by_role("link", name="Không xoá").is_visible()
    assert (
        "Bạn có chắc muốn xoá mục lịch báo cáo tổng hợp này?" in admin.locator("main").inner_text()
    )
    step(admin, "114-admin-confirms-delete")
    click_and_wait(admin, admin.get_by_role("button", name="Đúng, xoá đi"))
    assert admin.url.endswith("/admin/snippets/directives/reportschedule/")
    texts = admin.locator(".messages li").all_inner_texts()
    assert any("Đã xoá Lịch báo cáo tổng hợp “Báo cáo quý 80-KH/TU (sửa)”." in t for t in texts), (
        texts
    )
    assert not ReportSchedule.objects.filter(pk=added.pk).exists()
    assert admin.get_by_role("link", name="Báo cáo quý 80-KH/TU (sửa)").count() == 0
    step(admin, "115-admin-schedule-deleted")


def test_the_department_editor_unselects_a_group_in_the_unit_picker(browser, portal, workspace):
    factories.user_in(department_editors_ensure(), "btg-bientap", first_name="Biên tập BTG")
    a, b = workspace.a.unit, workspace.b.unit
    plan = workspace.plan
    task = plan.tasks.order_by("sort_order").first()
    editor = person(browser, portal, "btg-bientap")
    editor.goto(f"{portal}/admin/pages/{plan.pk}/edit/")
    picker = editor.locator("[data-unit-picker]").first  # the first task's
    group = picker.locator("[data-unit-picker-group]", has=editor.get_by_label(a.name))
    count = picker.locator("[data-unit-picker-count]")
    expect(picker.get_by_label(a.name)).to_be_checked()
    group.get_by_role("button", name="Chọn cả nhóm").click()
    expect(picker.get_by_label(b.name)).to_be_checked()
    expect(count).to_have_text("Đã chọn 2 đơn vị")
    group.get_by_role("button", name="Bỏ chọn nhóm").click()
    expect(picker.get_by_label(a.name)).not_to_be_checked()
    expect(picker.get_by_label(b.name)).not_to_be_checked()
    expect(count).to_have_text("Chưa chọn đơn vị nào")
    step(editor, "116-unit-picker-group-unselected")
    picker.get_by_label(b.name).check()
    expect(count).to_have_text("Đã chọn 1 đơn vị")
    click_and_wait(editor, editor.locator("footer").get_by_role("button", name="Lưu nháp"))
    texts = messages_of(editor)
    assert any(text.startswith("Đã lưu") for text in texts), texts
    step(editor, "117-unit-picker-saved")
    draft = DirectivePage.objects.get(pk=plan.pk).get_latest_revision_as_object()
    revised = next(t for t in draft.tasks.all() if t.pk == task.pk)  # from the revision
    assert {u.name for u in revised.units.all()} == {b.name}
