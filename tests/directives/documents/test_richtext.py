"""Rich text as Word paragraphs: paragraphs, list items and headings, bold and italic."""

from directives.documents.richtext import Run, blocks_of


def test_paragraphs_keep_bold_and_italic_and_links_become_their_text():
    (block,) = blocks_of(
        '<p>Thực hiện <b>Kế hoạch</b> số <i>53-KH/TU</i>, <a linktype="page" id="3">xem</a>'
        " &amp; làm.</p>"
    )
    assert block.runs == [
        Run("Thực hiện "),
        Run("Kế hoạch", bold=True),
        Run(" số "),
        Run("53-KH/TU", italic=True),
        Run(", xem & làm."),
    ]
    assert not block.item and not block.heading


def test_list_items_and_headings_are_blocks_of_their_own():
    blocks = blocks_of("<h3>1. Mục đích</h3><ul><li> Một </li><li>Hai<br/>dòng</li></ul>lẻ")
    assert [(b.text, b.item, b.heading) for b in blocks] == [
        ("1. Mục đích", False, True),
        ("Một", True, False),
        ("Hai\ndòng", True, False),
        ("lẻ", False, False),
    ]


def test_whitespace_is_read_as_a_browser_shows_it_and_empty_paragraphs_vanish():
    blocks = blocks_of("<p>  hai \n  từ  </p><p> </p><p><b></b></p>")
    assert [b.text for b in blocks] == ["hai từ"]
