"""Query parsing, folding and snippets: what officials type, and what they must never break."""

from pathlib import Path

import pytest

from portal.vietnamese import fold, nfc
from search.text import MAX_QUERY_WORDS, _fold_by_character, folded_words, parse_query, snippet

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("báo chí", ["báo", "chí"]),
        ("BÁO CHÍ", ["báo", "chí"]),
        ("ba\u0301o chi\u0301", ["báo", "chí"]),  # decomposed, as pasted from a PDF
        ("53-KH/TU", ["53", "kh", "tu"]),
        ('"', []),
        ('"hội nghị', ["hội", "nghị"]),
        ("(báo chí", ["báo", "chí"]),
        ("& | ! :* <-> \\", []),
        ("báo\x00chí", ["báo", "chí"]),
        ("<script>alert(1)</script>", ["script", "alert", "1"]),
        ("NEAR(a b) OR c*", ["near", "a", "b", "or", "c"]),
    ],
)
def test_a_query_is_reduced_to_words(typed, words):
    parsed = parse_query(typed)
    assert parsed.words == words
    assert parsed.phrases == []


def test_balanced_quotes_make_phrases():
    parsed = parse_query('"hội nghị" báo chí "điều lệ"')
    assert parsed.phrases == [["hội", "nghị"], ["điều", "lệ"]]
    assert parsed.words == ["báo", "chí"]
    assert parsed.folded_terms() == [["bao"], ["chi"], ["hoi", "nghi"], ["dieu", "le"]]


def test_long_queries_are_capped_and_say_so():
    many = parse_query(" ".join(f"từ{i}" for i in range(250)))
    assert len(many.words) == MAX_QUERY_WORDS
    assert many.truncated
    huge = parse_query("a" * 100_000)
    assert len(huge.text) == 200
    assert huge.truncated
    assert not parse_query("báo chí").truncated


def test_folding_makes_every_spelling_one_word():
    assert folded_words("Điều lệ HỘI NGHỊ hòa hoà thủy thuỷ 53-KH/TU") == (
        "dieu le hoi nghi hoa hoa thuy thuy 53 kh tu"
    )


def test_snippets_mark_matches_whatever_the_diacritics_and_escape_the_rest():
    text = "Mở đầu. <b>Tăng cường</b> quản lý BÁO CHÍ và bào chì trên địa bàn"
    html = snippet(text, parse_query("bao chi"))
    assert "<mark>BÁO</mark> <mark>CHÍ</mark>" in html
    assert "<mark>bào</mark> <mark>chì</mark>" in html
    assert "<mark>Mở</mark>" not in html
    assert "&lt;b&gt;" in html and "<b>" not in html


@pytest.mark.parametrize(
    "text",
    [
        (ROOT / "directives/content/huong-dan-53-KH-TU.txt").read_text(encoding="utf-8"),
        "ĐẢNG BỘ TỈNH LÂM ĐỒNG · Ủy ban · hòa hoà · QUÝ IV/2022 · “trích yếu” – 53-KH/TU",
    ],
)
def test_snippets_fold_character_by_character_as_fold_does(text):
    text = nfc(text)
    assert _fold_by_character(text) == fold(text).lower()


def test_snippets_of_text_that_does_not_fold_whole_still_mark_matches():
    # "x́" has no precomposed form: folding the text whole drops its mark, and
    # positions would no longer line up; folded one by one, the mark stays.
    text = "Ký hiệu x\u0301 và báo chí"
    assert len(fold(nfc(text))) != len(nfc(text))
    assert _fold_by_character(nfc(text)) == "ky hieu x\u0301 va bao chi"
    assert "<mark>báo</mark> <mark>chí</mark>" in snippet(text, parse_query("báo chí"))


@pytest.mark.parametrize("filler", [1990, 1996, 1999, 2000, 7990, 9000])
def test_snippets_of_long_texts_find_the_first_match_however_far(filler):
    """The text folds a part at a time up to the first match: one deep in a
    scan's text, or a longer word across the end of a part, reads as whole."""
    text = "x" * filler + " Tỉnh ủy và tỉnhđoàn; " + "y " * 3000 + "tỉnh cuối"
    shown = snippet(text, parse_query("tinh"))
    assert "<mark>Tỉnh</mark> ủy" in shown
    # "tỉnhđoàn" is one word: never marked as "tỉnh", wherever a part ends.
    assert "tỉnhđoàn" in shown and "<mark>tỉnh</mark>đoàn" not in shown
    assert shown.startswith("…") and shown.endswith("…")


@pytest.mark.parametrize("cut", [1995, 1998, 2001])
def test_a_word_across_the_end_of_a_part_is_not_taken_for_its_start(cut):
    # "tinhdoan" straddles the 2,000th character; the first real "tinh" is far after.
    text = "a " * ((cut - 4) // 2) + "tinhdoan " + "b " * 2000 + "Tỉnh nhà"
    shown = snippet(text, parse_query("tinh"))
    assert "<mark>Tỉnh</mark> nhà" in shown
    assert "tinhdoan" not in shown
