"""Scans: read with Tesseract on the `ocr` queue, found by words only in their
image; marked and found by title where Tesseract is missing, read later by
`search_rebuild --ocr`; bounded like text extraction."""

import io

from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from wagtail.documents.models import Document

import pytest

from directives.models import SubmissionAttachment
from portal.vietnamese import fold
from search import ocr, query, tasks
from search.models import DocumentText, SearchEntry, TextStatus
from search.text import parse_query, words
from tests import scans

pytestmark = pytest.mark.django_db
needs_ocr = pytest.mark.skipif(
    not ocr.available(),
    reason="tesseract-ocr, tesseract-ocr-vie and poppler-utils are not installed "
    "(.ci/run installs them)",
)


def attach(workspace, committed, content: bytes, name: str, title: str) -> Document:
    live = workspace.a.live
    with committed():
        document = Document(title=title, collection=workspace.a.unit.collection)
        document.file.save(name, ContentFile(content), save=False)
        document.save()
        live.attachments.add(SubmissionAttachment(document=document))
        live.save_revision().publish()
    return document


def found(user, typed) -> list[str]:
    results = query.search(user, parse_query(typed), query.Filters())
    return [hit.entry.title for hit in results.hits] + [
        file.entry.title for hit in results.hits for file in hit.files
    ]


@needs_ocr
def test_a_scan_is_found_by_words_only_in_its_image(workspace, committed, client):
    scan = attach(workspace, committed, scans.scanned_pdf(), "scan.pdf", "Tệp số 7")
    read = DocumentText.objects.get(document=scan)
    assert (read.status, read.language) == (TextStatus.OCR, "vie")
    expected = set(words(fold(" ".join(scans.GUIDANCE_PAGE))))
    recognised = set(words(fold(read.text)))
    assert len(expected & recognised) / len(expected) >= 0.75
    reviewer = workspace.people.reviewer
    assert "Tệp số 7" in found(reviewer, "quan triet")
    assert "Tệp số 7" in found(reviewer, "Lâm Đồng")
    client.force_login(reviewer)
    page = client.get("/search/", {"q": "quan triet"}).content.decode()
    assert "văn bản nhận dạng từ ảnh quét" in page


@needs_ocr
def test_a_photographed_page_in_jpeg_is_read_too(workspace, committed):
    photo = attach(workspace, committed, scans.scanned_jpeg(), "anh.jpg", "Ảnh chụp")
    assert DocumentText.objects.get(document=photo).status == TextStatus.OCR
    assert "Ảnh chụp" in found(workspace.people.reviewer, "tuyen truyen")


def test_without_tesseract_the_scan_is_marked_and_found_by_title(
    workspace, committed, client, monkeypatch
):
    monkeypatch.setattr(ocr, "missing", lambda: "tesseract")
    scan = attach(workspace, committed, scans.scanned_pdf(), "scan.pdf", "Công văn quét")
    assert DocumentText.objects.get(document=scan).status == TextStatus.NO_OCR
    assert found(workspace.people.reviewer, "cong van quet") == ["Công văn quét"]
    client.force_login(workspace.people.reviewer)
    page = client.get("/search/", {"q": "cong van quet"}).content.decode()
    assert "chưa nhận dạng được (thiếu OCR)" in page
    with pytest.raises(CommandError, match="thiếu tesseract"):
        call_command("search_rebuild", "--ocr", stdout=io.StringIO())
    assert DocumentText.objects.get(document=scan).status == TextStatus.NO_OCR


@needs_ocr
def test_search_rebuild_ocr_reads_the_backlog_once_tesseract_is_there(
    workspace, committed, monkeypatch
):
    with monkeypatch.context() as patched:
        patched.setattr(ocr, "missing", lambda: "tesseract")
        scan = attach(workspace, committed, scans.scanned_pdf(), "scan.pdf", "Tệp chờ")
    assert "Tệp chờ" not in found(workspace.people.reviewer, "Lâm Đồng")
    out = io.StringIO()
    call_command("search_rebuild", "--ocr", stdout=out)
    assert "1/1" in out.getvalue()
    assert DocumentText.objects.get(document=scan).status == TextStatus.OCR
    assert "Tệp chờ" in found(workspace.people.reviewer, "Lâm Đồng")
    entry = SearchEntry.objects.get(document=scan)
    assert (entry.text_status, entry.text_missing) == (TextStatus.OCR, False)


def test_ocr_runs_on_its_own_queue():
    assert tasks.ocr_document.queue == "ocr"


@needs_ocr
def test_a_long_scan_is_read_up_to_its_page_limit(monkeypatch):
    monkeypatch.setattr(ocr, "MAX_PAGES", 1)
    result = ocr.read(scans.scanned_pdf(pages=2), "pdf")
    assert result.status == TextStatus.OCR
    assert result.detail == "đọc 1 trang đầu trong 2 trang"


@needs_ocr
def test_a_page_over_its_time_ends_with_a_status(monkeypatch):
    monkeypatch.setattr(ocr, "PAGE_SECONDS", 0.01)
    monkeypatch.setattr(ocr, "_run", _timing_out)
    result = ocr.read(scans.scanned_pdf(), "pdf")
    assert result.status == TextStatus.FAILED
    assert "giây một trang" in result.detail


def _timing_out(args, seconds):
    import subprocess

    raise subprocess.TimeoutExpired(args, seconds)


@needs_ocr
@pytest.mark.parametrize(
    ("content", "extension", "detail"),
    [
        (b"%PDF-1.4 broken", "pdf", "tệp hỏng"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "png", "không nhận dạng được"),
        (None, "png", "ảnh quá lớn"),
    ],
)
def test_broken_or_huge_scans_end_with_a_status(content, extension, detail):
    if content is None:  # 30 megapixels: small as a file, far over the page budget
        from PIL import Image

        out = io.BytesIO()
        Image.new("1", (6000, 5000), 1).save(out, "PNG")
        content = out.getvalue()
    result = ocr.read(content, extension)
    assert result.status == TextStatus.FAILED
    assert detail in result.detail
