"""Reading attached files: real formats, and the broken ones units really send."""

from search.extraction import extract
from tests.factories import pdf_bytes
from tests.search import helpers


def test_text_is_read_from_each_format():
    assert "Hoi nghi bao cao vien" in extract(pdf_bytes("Hoi nghi bao cao vien"), "pdf").text
    docx = extract(helpers.docx_bytes("Hội nghị báo cáo viên", "Điều lệ Đảng"), "docx")
    assert docx.status == "ok"
    assert "Hội nghị báo cáo viên" in docx.text and "Điều lệ Đảng" in docx.text
    assert "Kết quả quý IV" in extract(helpers.odt_bytes("Kết quả quý IV"), "odt").text
    sheet = extract(helpers.xlsx_bytes([["Đơn vị", "Số tin bài"], ["Báo Lâm Đồng", 120]]), "xlsx")
    assert "Báo Lâm Đồng 120" in sheet.text


def test_decomposed_text_is_stored_composed():
    text = extract(helpers.docx_bytes("ba\u0301o chi\u0301"), "docx").text
    assert text == "báo chí"


def test_a_scanned_pdf_is_flagged_not_failed():
    result = extract(helpers.scanned_pdf(), "pdf")
    assert (result.status, result.text) == ("no_text", "")
    assert "bản quét" in result.detail


def test_broken_encrypted_and_bomb_files_are_skipped_with_a_reason():
    cases = {
        "broken pdf": (b"%PDF-1.4 garbage" * 10, "pdf"),
        "html named pdf": (b"<html><script>alert(1)</script></html>", "pdf"),
        "not a zip": (b"PK\x03\x04 broken", "docx"),
        "encrypted": (helpers.encrypted_pdf("bi mat"), "pdf"),
        "zip bomb": (helpers.zip_bomb_docx(), "docx"),
        "entity bomb": (helpers.entity_bomb_docx(), "docx"),
    }
    for name, (data, extension) in cases.items():
        result = extract(data, extension)
        assert result.status == "failed", name
        assert result.text == "", name
        assert result.detail, name
    assert "mật khẩu" in extract(*cases["encrypted"]).detail
    assert "quá lớn" in extract(*cases["zip bomb"]).detail
