"""Translating a directive in wagtail-localize's editor and reading it in English,
in Chromium; the unit editor's admin in Vietnamese."""

import re

import pytest

from directives.bootstrap import bootstrap_portal
from directives.models import DirectivePage
from tests.browser.test_unit_workspace import PASSWORD, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDANCE = "huong-dan-thuc-hien-ke-hoach-53-kh-tu"


@pytest.fixture
def portal(live_server):
    bootstrap_portal(demo=True, password=PASSWORD)
    return live_server.url


def test_a_directive_is_translated_in_the_localize_editor_and_read_in_english(browser, portal):
    guidance = DirectivePage.objects.get(locale__language_code="vi", slug=GUIDANCE)
    page = sign_in(browser, portal, "department-editor")
    # The "Translate" entry of the page's header menu leads here.
    page.goto(portal + f"/admin/localize/submit/page/{guidance.pk}/")
    page.get_by_label("English").check()
    page.locator("main form button[type=submit], main form input[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    editor = page.locator("#component-root, .editor, main").first
    editor.get_by_text(guidance.title, exact=True).first.wait_for()
    shot(page, "30-localize-editor")

    # Translate the title: the first segment's field, then save it.
    page.get_by_role("button", name=re.compile("^(Translate|Dịch)$")).first.click()
    field = page.locator("textarea").first
    field.fill("Guidance on implementing Plan 53-KH/TU")
    page.get_by_role("button", name=re.compile("^(Save|Lưu)$")).first.click()
    page.get_by_text("Guidance on implementing Plan 53-KH/TU").first.wait_for()
    page.get_by_role("button", name=re.compile("Publish|Đăng|Xuất bản")).first.click()
    page.wait_for_load_state("networkidle")

    reader = sign_in(browser, portal, "reviewer")
    reader.goto(portal + guidance.url)
    reader.locator(".language-switcher").get_by_role("link", name="English").click()
    reader.wait_for_url(f"**/en/van-ban/{GUIDANCE}/")
    assert reader.locator("html").get_attribute("lang") == "en"
    assert reader.title().startswith("Guidance on implementing Plan 53-KH/TU")
    assert "This page has not been translated yet" not in reader.content()
    assert reader.get_by_role("heading", name="Tasks and deadlines").is_visible()
    shot(reader, "31-directive-in-english")
    reader.locator(".language-switcher").get_by_role("link", name="Tiếng Việt").click()
    reader.wait_for_url(f"**/van-ban/{GUIDANCE}/")
    assert reader.locator("html").get_attribute("lang") == "vi"


def test_a_unit_editor_works_in_vietnamese_from_login_to_the_editor(browser, portal):
    page = sign_in(browser, portal, "thanh-uy-bao-loc-editor")
    assert page.get_by_text("Nhiệm vụ của đơn vị").first.is_visible()
    shot(page, "32-unit-dashboard-vietnamese")
    page.get_by_role("button", name="Viết báo cáo cho nhiệm vụ này").or_(
        page.get_by_role("link", name="Tiếp tục soạn")
    ).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    footer = page.locator("footer").last
    # Submitting is the main button; saving a draft waits in the footer's menu.
    assert "Trình lãnh đạo duyệt" in footer.inner_text()
    footer.locator(".w-dropdown__toggle").click()
    assert footer.get_by_role("button", name="Lưu nháp").is_visible()
    assert "Save draft" not in page.content()
    shot(page, "33-unit-editor-vietnamese")
