"""The search page in Chromium: suggestions while typing, results with marked
words, a facet, and no diacritics needed."""

import pytest

from directives.bootstrap import bootstrap_portal
from tests.browser.test_unit_workspace import PASSWORD, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(live_server):
    bootstrap_portal(demo=True, password=PASSWORD)
    return live_server.url


def test_searching_without_diacritics_from_the_header(browser, portal):
    page = sign_in(browser, portal, "reviewer")
    page.goto(portal + "/")
    box = page.locator("#site-search-q")
    box.press_sequentially("huong dan tuyen", delay=30)
    options = page.locator("#site-search-suggestions option")
    options.first.wait_for(state="attached")
    assert "Hướng dẫn tuyên truyền" in options.first.get_attribute("value")
    box.fill("bao chi")
    box.press("Enter")
    page.wait_for_url("**/search/?q=bao+chi")
    results = page.locator(".search-result")
    assert results.count() >= 1
    marked = {text.lower() for text in page.locator(".search-result mark").all_inner_texts()}
    assert "báo" in marked  # found through its folded form
    assert marked <= {"báo", "bao", "bào", "bảo", "chí", "chi", "chỉ", "chì", "chị"}
    shot(page, "40-search-results")
    page.locator('[data-facet="kind"] a').first.click()
    assert page.locator('[data-facet="kind"] a[aria-current="true"]').count() == 1
    assert page.locator(".search-result").count() >= 1
    shot(page, "41-search-filtered")
