"""Printing and 'Tải Word' in a real Chromium: the Guidance prints in at most 4 A4 pages
without the sending status or the site's chrome, the matrix prints landscape without
the admin sidebar, and the link downloads the document. The PDFs and DOCX files are kept
under var/test-artifacts/documents/ (or $TEST_ARTIFACTS_DIR/documents/)."""

from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from directives.bootstrap import bootstrap_portal
from directives.models import SubmissionPage
from portal.vietnamese import squash_spaces
from tests.browser.test_unit_workspace import ARTIFACTS, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-trinh-duyet"
GUIDANCE = "/van-ban/huong-dan-thuc-hien-ke-hoach-53-kh-tu/"
MAX_PAGES = 4
KEPT = ARTIFACTS / "documents"


@pytest.fixture
def portal(live_server):
    # The demo's reviewer and units' people, with the real Guidance.
    bootstrap_portal(demo=True, password=PASSWORD)
    KEPT.mkdir(parents=True, exist_ok=True)
    return live_server.url


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(BytesIO(pdf))
    return len(reader.pages), squash_spaces(" ".join(p.extract_text() for p in reader.pages))


def test_the_guidance_prints_on_at_most_four_a4_pages_without_the_status_column(browser, portal):
    page = sign_in(browser, portal, "reviewer")
    page.goto(portal + GUIDANCE)
    page.emulate_media(media="print")
    shot(page, "60-guidance-print")
    pdf = page.pdf(format="A4")
    (KEPT / "guidance-print.pdf").write_bytes(pdf)
    pages, text = pdf_text(pdf)
    assert pages <= MAX_PAGES
    assert "Tình hình gửi" not in text and "đã gửi" not in text  # the status column
    for chrome in ("Cổng chỉ đạo, điều hành", "Đăng xuất", "Tải Word", "Loại văn bản"):
        assert chrome not in text
    assert "HƯỚNG DẪN" in text and "Thành ủy Đà Lạt" in text and "Trần Trung Hiếu" in text


def test_the_matrix_prints_landscape_without_the_admin_sidebar(browser, portal):
    page = sign_in(browser, portal, "reviewer")
    page.goto(portal + "/admin/reports/compliance/")
    sidebar = page.locator(".sidebar-main-menu")
    sidebar.wait_for()  # drawn by the admin's script
    page.emulate_media(media="print")
    assert not sidebar.is_visible()
    shot(page, "61-matrix-print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (KEPT / "matrix-print.pdf").write_bytes(pdf)
    box = PdfReader(BytesIO(pdf)).pages[0].mediabox
    assert box.width > box.height  # landscape
    _pages, text = pdf_text(pdf)
    assert "Tình hình thực hiện nhiệm vụ" in text and "Toàn tỉnh" in text
    assert "Bảng điều hành" not in text  # a menu item of the sidebar


def test_tai_word_downloads_the_directive_and_a_units_report(browser, portal):
    page = sign_in(browser, portal, "reviewer")
    page.goto(portal + GUIDANCE)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Word").click()
    path = KEPT / "guidance.docx"
    download.value.save_as(path)
    document = Document(path)
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs][:3] == ["TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO", "*"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert document.paragraphs[0].text == "HƯỚNG DẪN"

    report = SubmissionPage.objects.filter(live=True).select_related("unit").first()
    page.goto(portal + report.url)
    shot(page, "62-report-word-link")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Word").click()
    path = KEPT / "report.docx"
    download.value.save_as(path)
    left = Document(path).tables[0].rows[0].cells[0]
    assert report.unit.name.upper() in [p.text for p in left.paragraphs]
