"""Vietnamese text: NFC normalisation, diacritic folding and ASCII slugs.

Text pasted from PDFs often arrives decomposed (NFD); stored text is NFC so
that equal words compare equal. Folding removes every mark, including the
stroke of đ, which Unicode does not decompose.
"""

import re
import unicodedata
from collections import defaultdict

_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_VIETNAMESE_LETTERS = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash_spaces(text: str) -> str:
    """NFC with runs of white space (line breaks from PDF extraction) made single spaces."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """'Thành ủy Đà Lạt' -> 'Thanh uy Da Lat': every diacritic removed, case kept."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def slugify_vi(text: str, max_length: int = 80) -> str:
    """ASCII slug: 'Thành ủy Đà Lạt' -> 'thanh-uy-da-lat'."""
    slug = _NON_SLUG.sub("-", fold(nfc(text)).lower()).strip("-")
    return slug[:max_length].rstrip("-")


def slug_formatters() -> list[tuple[str, str]]:
    """(pattern, replacement) pairs for Wagtail's SlugInput that fold as `fold` does.

    Wagtail's slug field drops every letter outside A-Z while typing (with
    WAGTAIL_ALLOW_UNICODE_SLUGS off), so a slug typed "đà-lạt" became "-l-t";
    these run first. Marks typed as separate characters (NFD) are dropped too.
    """
    groups: dict[str, str] = defaultdict(str)
    for letter in _VIETNAMESE_LETTERS + _VIETNAMESE_LETTERS.upper():
        groups[fold(letter)] += letter
    return [("[\u0300-\u036f]", ""), *((f"[{chars}]", base) for base, chars in groups.items())]
