"""The leader's board in Chromium, at 1366 px and on a 375 px phone: it opens, filters by
unit category, and "Nhắc nhở" clicked twice sends one reminder (the second click says so).
The board, the matrix, the Guidance page and a unit's dashboard have no horizontal
overflow at 375 px. Screenshots: 60–66."""

from django.utils import timezone

import pytest

from directives.board.figures import build_board
from directives.bootstrap import bootstrap_portal
from directives.models import NoticeMail, Unit, UnitReminder
from tests.browser.test_unit_workspace import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-bang-dieu-hanh"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def portal(live_server):
    bootstrap_portal(demo=True, password=PASSWORD)
    return live_server.url


def sign_in(browser, base, username, viewport):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(base + "/admin/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")
    return page


# Boxes that scroll sideways on purpose, and the folded-away sidebar.
SCROLLERS = ".board-scroll, .matrix-scroll, .w-sidebar, .sidebar-panel"


def overflow(page) -> list[str]:
    """Elements sticking out past the window's right edge (a phone would scroll sideways),
    outside the boxes that scroll on purpose; the admin scrolls its content in an inner
    box, so the document's own width says nothing."""
    return page.evaluate(
        """(scrollers) => {
            const width = window.innerWidth, out = [];
            for (const el of document.body.querySelectorAll("*")) {
                if (el.closest(scrollers)) continue;
                const box = el.getBoundingClientRect();
                if (!box.width || !box.height || box.right <= width + 1) continue;
                // Cut off by a box inside the window: nothing to scroll to.
                let clipped = false;
                for (let up = el.parentElement; up && !clipped; up = up.parentElement) {
                    clipped = getComputedStyle(up).overflowX !== "visible"
                        && up.getBoundingClientRect().right <= width + 1;
                }
                if (!clipped)
                    out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}`);
            }
            return out.slice(0, 10);
        }""",
        SCROLLERS,
    )


def test_a_leader_filters_the_board_and_reminds_a_unit_once(browser, portal):
    leader = sign_in(browser, portal, "lanh-dao", DESKTOP)
    assert leader.locator("#board-summary-section").is_visible()
    shot(leader, "60-leader-home-board-summary")
    leader.get_by_role("link", name="Mở bảng điều hành").click()
    leader.wait_for_url("**/admin/board/")
    assert leader.locator("svg.board-chart").count() == 2
    assert "Cách xếp hạng" in leader.locator(".ranking-rule").inner_text()
    shot(leader, "61-board-desktop")

    # A category with a late unit on the demo data.
    late = next(f.unit for f in build_board(today=timezone.localdate()).units if f.overdue_tasks)
    leader.select_option("select[name=category]", label=late.get_category_display())
    with leader.expect_navigation():
        leader.get_by_role("button", name="Xem", exact=True).click()
    assert f"category={late.category}" in leader.url
    categories = set(
        leader.locator("table.board-units tbody tr[data-unit]").evaluate_all(
            "rows => rows.map(r => r.dataset.unit)"
        )
    )
    assert categories == set(
        Unit.objects.filter(slug__in=categories, category=late.category).values_list(
            "slug", flat=True
        )
    )
    rows = leader.locator("table.board-units tbody tr[data-unit]")
    assert rows.count() > 0
    remind = leader.locator("table.board-units button[data-remind]").first
    assert remind.is_visible()
    slug = remind.get_attribute("data-remind")
    with leader.expect_navigation():
        remind.click()
    assert "Đã gửi nhắc nhở tới 1 đơn vị" in leader.locator(".messages").inner_text()
    # The filter is kept after the reminder.
    assert f"category={late.category}" in leader.url
    shot(leader, "62-board-reminder-sent")
    with leader.expect_navigation():
        leader.locator(f'table.board-units button[data-remind="{slug}"]').click()
    message = leader.locator(".messages").inner_text()
    assert "Hôm nay đã nhắc" in message and "không gửi lại" in message
    shot(leader, "63-board-reminder-already-sent")
    assert NoticeMail.objects.filter(subject__startswith="[Đôn đốc]").count() == 1
    assert UnitReminder.objects.values("unit").distinct().count() == 1


def test_pages_fit_a_phone(browser, portal):
    leader = sign_in(browser, portal, "lanh-dao", PHONE)
    leader.goto(portal + "/admin/board/")
    assert not overflow(leader), overflow(leader)
    shot(leader, "64-board-phone")
    leader.goto(portal + "/admin/reports/compliance/")
    assert not overflow(leader), overflow(leader)
    # The matrix scrolls inside its own box, the unit column staying in view.
    box = leader.locator(".matrix-scroll").last
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    shot(leader, "65-matrix-phone")
    leader.goto(portal + "/van-ban/huong-dan-thuc-hien-ke-hoach-53-kh-tu/")
    assert not overflow(leader), overflow(leader)
    # Tasks as stacked cards: each labelled value on its own line, the page not a tower.
    assert (
        leader.locator(".task-table tbody tr").first.evaluate("tr => getComputedStyle(tr).display")
        == "block"
    )
    height = leader.evaluate("document.documentElement.scrollHeight")
    shot(leader, "70-guidance-phone")
    editor = sign_in(browser, portal, "thanh-uy-da-lat-editor", PHONE)
    assert not overflow(editor), overflow(editor)
    shot(editor, "66-unit-dashboard-phone")
    # The Guidance was 12,000 px tall at 375 px with one word per line.
    assert height < 12_000, height


def test_receipt_calendar_and_directive_reminder_buttons(browser, portal):
    from directives.demo import DEMO_NUMBER
    from directives.models import CalendarFeed, DirectivePage, DirectiveReceipt

    plan = DirectivePage.objects.get(number_symbol=DEMO_NUMBER, locale__language_code="vi")
    editor = sign_in(browser, portal, "thanh-uy-da-lat-editor", DESKTOP)
    editor.goto(portal + plan.url)
    with editor.expect_navigation():
        editor.get_by_role("button", name="Đã nhận").click()
    assert "đã nhận văn bản" in editor.locator(".messages").inner_text()
    assert "đã xác nhận đã nhận lúc" in editor.locator(".doc-receipt").inner_text()
    assert DirectiveReceipt.objects.filter(acknowledged_at__isnull=False).count() == 1
    shot(editor, "67-directive-receipt-confirmed")

    editor.get_by_role("link", name="Quản trị").click()
    editor.goto(portal + "/admin/lich/")
    assert editor.locator(".calendar-deadline").count() > 0
    with editor.expect_navigation():
        editor.get_by_role("button", name="Tạo đường dẫn lịch").click()
    url = editor.locator("[data-feed-url]").input_value()
    assert url.endswith(".ics")
    shot(editor, "68-calendar-month-and-feed")
    # The address is made on the configured site address; fetch its path from this server.
    feed = editor.context.request.get(portal + "/lich/" + url.rsplit("/lich/", 1)[1])
    assert feed.ok and b"BEGIN:VEVENT" in feed.body()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Thu hồi đường dẫn lịch").click()
    assert "Đã thu hồi" in editor.locator(".messages").inner_text()
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()

    leader = sign_in(browser, portal, "lanh-dao", DESKTOP)
    leader.goto(portal + "/admin/board/")
    card = leader.locator(f'article[data-directive="{plan.pk}"]')
    assert "chưa xác nhận đã nhận" in card.inner_text()
    with leader.expect_navigation():
        card.get_by_role("button", name="Nhắc tất cả đơn vị quá hạn").click()
    assert "Đã gửi nhắc nhở tới" in leader.locator(".messages").inner_text()
    leader.goto(portal + "/admin/reports/compliance/")
    with leader.expect_navigation():
        leader.locator("table.compliance-matrix button[data-remind]").first.click()
    assert leader.locator(".messages").inner_text().strip()
    shot(leader, "69-matrix-reminder")
