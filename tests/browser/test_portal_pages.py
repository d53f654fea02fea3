"""What an official sees in a real Chromium: sign in, read the Guidance, print it."""

from django.contrib.auth import get_user_model

import pytest

from directives.bootstrap import bootstrap_portal

# The live server needs committed data: each test flushes the database, and the
# bootstrap rebuilds the tree's root.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-trinh-duyet"


@pytest.fixture
def portal(live_server):
    # With the demo: its plan has deadlines around today, the Guidance's are in 2022.
    bootstrap_portal(demo=True, password=PASSWORD)
    get_user_model().objects.create_user("canbo", password=PASSWORD, first_name="Cán bộ")
    return live_server.url


def sign_in(page, base_url, next_path="/"):
    page.goto(base_url + next_path)
    assert "/login/" in page.url
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_an_official_signs_in_and_reads_the_guidance(page, portal):
    sign_in(page, portal)
    assert page.get_by_role("heading", level=1).inner_text() == "Cổng chỉ đạo, điều hành"
    overdue = page.locator("section.panel--alert")
    assert "Hoàn thành" not in overdue.inner_text()  # descriptions, not wording, are listed
    assert "đơn vị chưa gửi" in overdue.inner_text()

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Văn bản chỉ đạo"
    ).click()
    page.get_by_role("link", name="Hướng dẫn tuyên truyền, quán triệt").click()
    assert page.get_by_role("heading", name="I. MỤC ĐÍCH, YÊU CẦU").is_visible()
    assert page.get_by_role("heading", name="III. TỔ CHỨC THỰC HIỆN").is_visible()
    table = page.locator("table.task-table")
    assert table.is_visible()
    assert "30/09/2022" in table.inner_text() and "31/10/2022" in table.inner_text()
    assert page.get_by_text("Trần Trung Hiếu").is_visible()


def test_a_wrong_password_keeps_the_username_and_explains(page, portal):
    page.goto(portal + "/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Tên đăng nhập").input_value() == "canbo"


def test_the_printed_guidance_has_no_navigation(page, portal):
    sign_in(page, portal, "/van-ban/huong-dan-thuc-hien-ke-hoach-53-kh-tu/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.get_by_role("heading", name="II. NỘI DUNG").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_the_guidance_fits_a_phone_screen(page, portal):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, portal, "/van-ban/huong-dan-thuc-hien-ke-hoach-53-kh-tu/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert page.get_by_role("heading", name="I. MỤC ĐÍCH, YÊU CẦU").is_visible()
