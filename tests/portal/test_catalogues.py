"""Every interface string has its Vietnamese and English translation, and the
Wagtail admin screens that units use are in Vietnamese from login to submission."""

import re
import shutil
import subprocess
from pathlib import Path

from django.utils import translation

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "portal" / "locale"
ADMIN = ROOT / "portal" / "admin_locale" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
CATALOGUES = [
    OURS / "vi" / "LC_MESSAGES" / "django.po",
    OURS / "en" / "LC_MESSAGES" / "django.po",
    OURS / "vi" / "LC_MESSAGES" / "djangojs.po",
    ADMIN,
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_entry_is_translated_with_its_placeholders(path):
    catalogue = polib.pofile(str(path))
    assert len(catalogue) > 50
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    for entry in catalogue:
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_matches_its_source(path):
    """`make messages` compiles; a .po edited without it fails here."""
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(path))}
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(path.with_suffix(".mo")))
        if e.msgid
    }
    assert compiled == source


def test_english_is_english_and_vietnamese_is_the_source():
    with translation.override("en"):
        assert translation.gettext("Văn bản chỉ đạo") == "Directives"
        assert translation.ngettext("%(counter)s văn bản", "%(counter)s văn bản", 2) == (
            "%(counter)s documents"
        )
    with translation.override("vi"):
        assert translation.gettext("Văn bản chỉ đạo") == "Văn bản chỉ đạo"
        assert translation.gettext("Save draft") == "Lưu nháp"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_the_catalogues_have_every_string_of_the_code(tmp_path):
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
            "-l",
            "en",
            "--no-obsolete",
            "--ignore",
            "tests/*",
            "--ignore",
            "bench/*",
            "--ignore",
            "portal/admin_locale/*",
        ],
        cwd=work,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PORTAL_VAR_DIR": str(tmp_path / "var")},
    )
    for language in ("vi", "en"):
        relative = f"portal/locale/{language}/LC_MESSAGES/django.po"
        fresh = {e.msgid for e in polib.pofile(str(work / relative))}
        kept = {e.msgid for e in polib.pofile(str(ROOT / relative))}
        missing = sorted(fresh - kept)
        assert missing == [], f"{language}: run `make messages` and translate: {missing[:5]}"


class UntranslatedRecorder:
    """Records every gettext lookup that comes back untranslated while active."""

    def __init__(self, monkeypatch, own_msgids):
        self.missing: dict[str, str] = {}
        self.where = ""
        trans = translation._trans
        for name in ("gettext", "pgettext", "ngettext", "npgettext"):
            monkeypatch.setattr(trans, name, self._wrap(getattr(trans, name), own_msgids))

    def _wrap(self, original, own_msgids):
        def lookup(*args):
            result = original(*args)
            strings = [a for a in args if isinstance(a, str)]
            msgid = (
                strings[1]
                if original.__name__.startswith(("pgettext", "npgettext"))
                else strings[0]
            )
            if (
                result in strings
                and msgid not in own_msgids
                and re.search(r"[A-Za-z]{2}", msgid)
                and translation.get_language() == "vi"
            ):
                self.missing.setdefault(msgid, self.where)
            return result

        return lookup


def test_the_admin_screens_units_use_are_all_in_vietnamese(workspace, monkeypatch):
    """Login, dashboard, explorer, editor, workflow, documents and account screens,
    as a unit editor and a unit leader with a submission awaiting approval: every
    string Wagtail looks up has a Vietnamese translation."""
    from django.test import Client

    # Our Vietnamese source strings, and units such as "%s MB", translate to themselves.
    own = {e.msgid for path in (CATALOGUES[0], ADMIN) for e in polib.pofile(str(path))}
    recorder = UntranslatedRecorder(monkeypatch, own)
    people = workspace.people
    draft = workspace.a.draft
    section = draft.get_parent()
    draft.get_workflow().start(draft, people.a_editor)
    screens = {
        None: ["/admin/login/", "/admin/password_reset/", "/login/"],
        people.a_editor: [
            "/admin/",
            f"/admin/pages/{section.pk}/",
            f"/admin/pages/{section.pk}/add_subpage/",
            f"/admin/pages/add/directives/resultsreportpage/{section.pk}/",
            f"/admin/pages/{draft.pk}/edit/",
            f"/admin/pages/{draft.pk}/history/",
            "/admin/documents/",
            "/admin/documents/multiple/add/",
            "/admin/documents/chooser/",
            "/admin/account/",
        ],
        people.a_approver: [
            "/admin/",
            f"/admin/pages/{draft.pk}/edit/",
            f"/admin/pages/{draft.pk}/workflow_history/",
            "/admin/pages/search/?q=ke",
        ],
    }
    for user, urls in screens.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for url in urls:
            recorder.where = url
            assert client.get(url).status_code == 200, url
    assert recorder.missing == {}
