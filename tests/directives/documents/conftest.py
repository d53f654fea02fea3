# The browser tests here drive the same Chromium as tests/browser/ (run when
# REQUIRE_BROWSER=1 or chromium is present, skipped otherwise).
from tests.browser.conftest import browser  # noqa: F401
