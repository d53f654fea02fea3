"""A scan and a signed PDF attached to a report in Chromium: the thumbnail,
the page-by-page preview, the signature verdict, and the scan found by a
word that is only in its image."""

from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, connections

import pytest

from attachments.models import TrustedRoot
from directives.bootstrap import bootstrap_portal
from directives.models import SubmissionPage, Unit
from search import ocr
from tests import scans, signing
from tests.browser.test_unit_workspace import PASSWORD, footer_action, shot, sign_in
from tests.mailserver import wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not ocr.available(), reason="tesseract-ocr is not installed"),
]
ONLY_IN_THE_IMAGE = "Quảng Trị"


@pytest.fixture
def portal(live_server):
    if connection.vendor == "sqlite":
        # Reading a scan keeps one request busy for seconds on a loaded machine
        # while the editor's own background requests write too: writers queue
        # for the lock up front instead of failing on a read-to-write upgrade.
        options = connections.settings["default"].setdefault("OPTIONS", {})
        options.update(timeout=60, transaction_mode="IMMEDIATE")
    bootstrap_portal()
    ca = signing.authority()
    TrustedRoot.objects.create(name="CA thử nghiệm", certificate=ContentFile(ca.pem, "ca.pem"))
    leader = get_user_model().objects.create_user("dalat-lanhdao", password=PASSWORD)
    leader.groups.add(Unit.objects.get(name="Thành ủy Đà Lạt").approvers_group)
    return live_server.url, ca


def attach(editor, number, path, title):
    editor.locator("#id_attachments-ADD").click()
    child = editor.locator(f"#inline_child_attachments-{number}")
    child.locator("[data-chooser-action-choose]").first.click()
    modal = editor.locator(".modal")
    modal.locator("#tab-label-upload").click()
    modal.locator("#id_document-chooser-upload-file").set_input_files(str(path))
    modal.locator("#id_document-chooser-upload-title").fill(title)
    modal.locator("#tab-upload button[type=submit]").click()
    # The upload reads the scan (Celery runs in-process in tests): give it time.
    child.get_by_text(title).first.wait_for(timeout=180_000)


def test_a_scan_and_a_signed_pdf_on_a_report(browser, portal, tmp_path):
    base, ca = portal
    leader = sign_in(browser, base, "dalat-lanhdao")
    leader.goto(f"{base}/search/?q=quang+tri")
    assert leader.locator(".search-result").count() == 0
    leader.goto(base + "/admin/")
    row = leader.locator("tr.task-status", has_text="nhiệm vụ 3").first
    row.get_by_role("button", name="Viết báo cáo cho nhiệm vụ này").click()
    leader.wait_for_url("**/edit/")
    scan, signed = tmp_path / "ban-quet.pdf", tmp_path / "bao-cao-ky-so.pdf"
    scan.write_bytes(scans.scanned_pdf((*scans.GUIDANCE_PAGE, f"Tỉnh {ONLY_IN_THE_IMAGE}")))
    # pyHanko runs its own event loop; Playwright's is running in this thread.
    with ThreadPoolExecutor(1) as pool:
        content = pool.submit(
            signing.signed_pdf, ca, name="Nguyễn Văn A", organisation="Thành ủy Đà Lạt"
        ).result()
    signed.write_bytes(content)
    attach(leader, 0, scan, "Bản quét báo cáo")
    attach(leader, 1, signed, "Báo cáo ký số")
    # Publishing posts the form, then Wagtail redirects: wait for that page (a lull
    # in network traffic can come before the post has been answered on a busy machine).
    with leader.expect_navigation(timeout=120_000):
        footer_action(leader, "action-publish")
    assert "Đã đăng" in leader.locator(".messages").inner_text(), leader.url
    # Read from the test's own connection, waited for: on PostgreSQL under load the
    # report was once not live when read at once (an autosave in flight when Publish
    # was clicked; autosave is now off, settings.WAGTAIL_AUTOSAVE_INTERVAL).
    found = SubmissionPage.objects.filter(
        unit__name="Thành ủy Đà Lạt", live=True, title__contains="nhiệm vụ 3"
    )
    wait_for(found.exists, timeout=30, what="the published report")
    report = found.get()

    leader.goto(base + report.url)
    thumbnails = leader.locator(".file-card__thumb img")
    assert thumbnails.count() == 2
    # Each picture has loaded and shows something (a broken one never does: the wait
    # fails). Waited for, not read at once: under load the lazy images come later.
    leader.wait_for_function(
        "() => [...document.querySelectorAll('.file-card__thumb img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    verdict = leader.locator('[data-signature="intact"]')
    assert "Ký số bởi Nguyễn Văn A" in verdict.inner_text()
    assert "còn nguyên vẹn" in verdict.inner_text()
    assert leader.locator('[data-signature="unsigned"]').inner_text() == "không có chữ ký"
    shot(leader, "50-report-thumbnails-and-signature")

    thumbnails.first.click()
    leader.wait_for_url("**/previews/**")
    page_image = leader.locator(".preview-page img").first
    page_image.wait_for()
    leader.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=page_image.element_handle()
    )
    assert leader.evaluate("(img) => img.naturalWidth", page_image.element_handle()) > 500
    shot(leader, "51-preview-page-by-page")

    leader.goto(f"{base}/search/?q=quang+tri")
    result = leader.locator(".search-result").first
    assert "Bản quét báo cáo" in result.inner_text()
    assert "văn bản nhận dạng từ ảnh quét" in result.inner_text()
    assert result.locator("mark").first.inner_text().lower() in ("quảng", "trị", "quang", "tri")
    shot(leader, "52-scan-found-by-a-word-in-its-image")
