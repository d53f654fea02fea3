"""Query parsing, folding and snippets: what officials type, and what they must never break."""

import pytest

from search.text import MAX_QUERY_WORDS, folded_words, parse_query, snippet


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
