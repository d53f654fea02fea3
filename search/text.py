"""Vietnamese search text: folding for matching, query parsing, snippets.

Matching runs on folded text (no diacritics, no đ stroke, lower case), so
"bao chi", "báo chí" and "BÁO CHÍ" all find "báo chí", both tone-mark
placements (hòa/hoà) meet, and the database's own parser only ever sees
ASCII letters, whatever its locale. The exact text is kept beside it, so
that a match with the searcher's own diacritics ranks first.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape

from portal.vietnamese import fold, nfc, squash_spaces

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def fold_lower(text: str) -> str:
    return fold(nfc(text)).lower()


def folded_words(text: str) -> str:
    """The folded text as the index stores it: words only, one space apart, so
    that PostgreSQL's parser (which keeps "kh/tu" whole) and FTS5 split alike."""
    return " ".join(words(fold(text)))


def words(text: str) -> list[str]:
    """Lower-case words as both search engines' tokenizers split them."""
    return _WORD.findall(nfc(text).lower())


@dataclass
class ParsedQuery:
    """A query reduced to words and quoted phrases, every one harmless to SQL
    and to the full-text syntax of FTS5, PostgreSQL and Elasticsearch."""

    text: str = ""  # what the page shows back, cleaned
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def terms(self) -> list[list[str]]:
        """Single words and phrases alike, each a list of exact lower-case words."""
        return [[word] for word in self.words] + self.phrases

    def folded_terms(self) -> list[list[str]]:
        return [[fold(word) for word in term] for term in self.terms]

    @property
    def all_words(self) -> list[str]:
        return [word for term in self.terms for word in term]


def parse_query(raw: str) -> ParsedQuery:
    """Officials type words, document numbers such as 53-KH/TU, and sometimes
    "quoted phrases". Everything else (operators, brackets, a lone quote, NUL)
    is punctuation; the query is capped in characters and words."""
    text = _CONTROL.sub(" ", nfc(raw or ""))
    truncated = len(text) > MAX_QUERY_CHARS
    text = squash_spaces(text[:MAX_QUERY_CHARS])
    parsed = ParsedQuery(text=text, truncated=truncated)
    budget = MAX_QUERY_WORDS
    # Balanced quotes make phrases; an unbalanced one is ignored.
    parts = text.split('"')
    if len(parts) % 2 == 0:
        parts[-2:] = [parts[-2] + " " + parts[-1]]
    for position, part in enumerate(parts):
        found = words(part)[:budget]
        budget -= len(found)
        if position % 2 == 1 and len(found) > 1:
            parsed.phrases.append(found)
        else:
            parsed.words.extend(word for word in found if word not in parsed.words)
        if budget <= 0:
            parsed.truncated = True
            break
    return parsed


class _FoldTable(dict):
    """str.translate's table for `fold` and lower case, one character at a time,
    each worked out the first time it is seen: a page's text folds in C, not
    through unicodedata character by character (20 results' texts: 10 ms, now 2).
    A character that would not stay one character (a lone combining mark) stays
    as it is, so positions in the folded text are positions in the text."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code)).lower()
        if len(folded) != 1:
            folded = chr(code) if len(chr(code).lower()) != 1 else chr(code).lower()
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_by_character(text: str) -> str:
    """`fold(text).lower()` for NFC Vietnamese, of the same length whatever the text."""
    return text.translate(_FOLD_TABLE)


def _pattern(query: ParsedQuery):
    targets = sorted({fold(word) for word in query.all_words}, key=len, reverse=True)
    if not targets:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in targets) + r")\b")


def _marked(text: str, folded: str, pattern, start: int, end: int) -> str:
    pieces, cursor = [], start
    for match in pattern.finditer(folded, start, end):
        pieces.append(escape(text[cursor : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        cursor = match.end()
    pieces.append(escape(text[cursor:end]))
    return "".join(pieces)


def _first_match(text: str, pattern, size: int = 2000):
    """(the first match, the folded text up to at least it): the text folds a
    part at a time, as far as the first match, not whole (a scan's OCR text runs
    to tens of thousands of characters; 20 results' texts whole: 7 ms). A match
    that reaches the end of a part may be the start of a longer word: it counts
    only once the part stops after it."""
    while True:
        folded = _fold_by_character(text[:size])
        first = pattern.search(folded)
        whole = size >= len(text)
        if whole or (first is not None and first.end() < len(folded)):
            return first, folded
        size *= 4


def snippet(text: str, query: ParsedQuery, length: int = 240) -> str:
    """HTML: a passage around the first match, matched words in <mark>.

    Folding keeps one character per character, so positions found in the
    folded text are positions in the original.
    """
    text = nfc(text)
    pattern = _pattern(query)
    if pattern is None:
        return escape(text[:length])
    first, folded = _first_match(text, pattern)
    start = max(0, (first.start() if first else 0) - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + length)
    if len(folded) < end:
        folded = _fold_by_character(text[:end])
    marked = _marked(text, folded, pattern, start, end)
    return ("…" if start else "") + marked + ("…" if end < len(text) else "")


def highlight(text: str, query: ParsedQuery) -> str:
    """HTML: the whole text (a title), matched words in <mark>, typed with or
    without their diacritics ("Đà Lạt", "da lat")."""
    text = nfc(text)
    pattern = _pattern(query)
    if pattern is None:
        return escape(text)
    return _marked(text, _fold_by_character(text), pattern, 0, len(text))
