"""Every UI string goes through gettext and the Vietnamese catalogue has all of them."""

import re
import shutil
import subprocess
from pathlib import Path

from django.utils import translation

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "portal" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> dict[str, str]:
    """msgid -> msgstr of a .po file (singular forms and msgstr[0] of plurals)."""
    entries = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            join = lambda s: "".join(re.findall(r'"(.*)"', s))  # noqa: E731
            entries[join(msgid.group(1))] = join(msgstr.group(1))
    entries.pop("", None)
    return entries


def test_the_vietnamese_catalogue_translates_every_string():
    entries = _entries(CATALOGUE.read_text(encoding="utf-8"))
    assert len(entries) > 100
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in CATALOGUE.read_text(encoding="utf-8")


def test_the_compiled_catalogue_is_used():
    with translation.override("vi"):
        assert translation.gettext("Văn bản chỉ đạo") == "Văn bản chỉ đạo"
    assert CATALOGUE.with_suffix(".mo").exists()


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_the_catalogue_has_every_string_of_the_code(tmp_path):
    """A string added to a template or module without `make messages` fails here."""
    work = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "tests", "bench", "__pycache__"),
    )
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-obsolete",
            "--ignore",
            "tests/*",
            "--ignore",
            "bench/*",
        ],
        cwd=work,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PORTAL_VAR_DIR": str(tmp_path / "var")},
    )
    fresh = _entries((work / "portal/locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    missing = sorted(set(fresh) - set(_entries(CATALOGUE.read_text(encoding="utf-8"))))
    assert missing == [], f"run `make messages`: {missing[:5]}"
