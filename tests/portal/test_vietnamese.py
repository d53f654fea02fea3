import unicodedata

import pytest

from portal.vietnamese import fold, nfc, slugify_vi, squash_spaces


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Thành ủy Đà Lạt", "thanh-uy-da-lat"),
        ("Huyện ủy Đạ Tẻh", "huyen-uy-da-teh"),
        ("Huyện ủy Đơn Dương", "huyen-uy-don-duong"),
        ("Đài Phát thanh - Truyền hình Lâm Đồng", "dai-phat-thanh-truyen-hinh-lam-dong"),
        ("Sở Thông tin và Truyền thông", "so-thong-tin-va-truyen-thong"),
        ("Đảng ủy Khối Doanh nghiệp tỉnh", "dang-uy-khoi-doanh-nghiep-tinh"),
        ("  Báo   Lâm Đồng!! ", "bao-lam-dong"),
    ],
)
def test_unit_names_become_ascii_slugs_with_d_stroke_folded(name, slug):
    assert slugify_vi(name) == slug


def test_decomposed_text_from_a_pdf_slugs_like_composed_text():
    decomposed = unicodedata.normalize("NFD", "Thành ủy Đà Lạt")
    assert decomposed != "Thành ủy Đà Lạt"
    assert slugify_vi(decomposed) == "thanh-uy-da-lat"


def test_letters_with_two_marks_and_both_tone_placements_fold_alike():
    assert fold("hội nghị điều lệ") == "hoi nghi dieu le"
    assert fold("hòa") == fold("hoà") == "hoa"
    assert fold("thủy") == fold("thuỷ") == "thuy"
    assert fold("ĐẢNG") == "DANG"


def test_nfc_and_spaces():
    assert nfc(unicodedata.normalize("NFD", "báo chí")) == "báo chí"
    assert squash_spaces(" Kế hoạch\n\n số  53 ") == "Kế hoạch số 53"


def test_slug_is_capped_without_a_trailing_dash():
    slug = slugify_vi("Đảng ủy " * 30, max_length=20)
    assert len(slug) <= 20 and not slug.endswith("-")


def test_slug_formatters_fold_every_vietnamese_letter_as_slugs_do():
    import re
    import unicodedata

    from portal.vietnamese import slug_formatters

    text = "Thành ủy Đà Lạt, Bảo Lộc: Quán triệt Nghị quyết ƯỚC"
    for typed in (text, unicodedata.normalize("NFD", text)):
        folded = typed
        for pattern, replacement in slug_formatters():
            folded = re.sub(pattern, replacement, folded)
        assert folded == fold(text)
        assert folded.isascii()
