"""Every interface string has its Vietnamese and English translation, and the
Wagtail admin screens that units use are in Vietnamese from login to submission."""

import json
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
        # A plural's translation may use the plural's placeholders ("1 page" /
        # "%(counter)s pages" has one form in Vietnamese: "%(counter)s trang").
        allowed = set(PLACEHOLDER.findall(entry.msgid)) | set(
            PLACEHOLDER.findall(entry.msgid_plural or "")
        )
        for text in translations:
            found = PLACEHOLDER.findall(text)
            assert set(found) <= allowed, entry.msgid
            if not entry.msgid_plural:
                assert sorted(found) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


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


# Wagtail's messages on the loop's way (after saving, submitting, approving, publishing,
# creating, a failed upload, a form with errors), rendered only after a POST: each must
# have its Vietnamese. Found by walking the loop in a browser (issue 18).
LOOP_MESSAGES = [
    "Page '%(page_title)s' has been updated.",
    "Page '%(page_title)s' has been submitted for moderation.",
    "Page '%(page_title)s' has been published.",
    "Page '%(page_title)s' created.",
    "Page '%(page_title)s' created and submitted for moderation.",
    "Page '%(page_title)s' created and published.",
    "The page could not be saved due to validation errors",
    "The page could not be created due to validation errors",
    "There are validation errors, click save to highlight them.",
    "%(model_name)s '%(object)s' created.",
    "%(model_name)s '%(object)s' updated.",
    "New: %(model_name)s",
    "Draft saved",
    "Workflow states",
    "Used by",
    "Your most recent edits",
    "Awaiting your review",
    "Images",
]


def test_the_loops_messages_are_in_vietnamese():
    with translation.override("vi"):
        missing = [m for m in LOOP_MESSAGES if translation.gettext(m) == m]
    assert missing == []


def test_the_admin_screens_each_role_uses_are_all_in_vietnamese(workspace, monkeypatch):
    """Login, dashboard, explorer, editor, workflow, documents and account screens, as a
    unit editor, a unit leader with a submission awaiting approval, a department reviewer,
    a department editor and an administrator (listings, snippets, reports, settings),
    with an invalid form posted: every string Wagtail looks up has a Vietnamese translation."""
    from django.test import Client

    from directives.units.provisioning import department_editors_ensure, leadership_group_ensure
    from tests import factories

    # Our Vietnamese source strings, and units such as "%s MB", translate to themselves.
    own = {e.msgid for path in (CATALOGUES[0], ADMIN) for e in polib.pofile(str(path))}
    recorder = UntranslatedRecorder(monkeypatch, own)
    people = workspace.people
    draft = workspace.a.draft
    section = draft.get_parent()
    draft.get_workflow().start(draft, people.a_editor)
    # Two revisions to compare (Wagtail's compare screen, reached from the history).
    draft.title += " (sửa)"
    draft.save_revision(user=people.a_editor)
    from directives.models import ReportSchedule

    schedule = ReportSchedule.objects.create(name="Báo cáo tháng", signer_name="Trần Văn B")
    schedule.directives = [workspace.plan]
    schedule.save()
    department_editor = factories.user_in(department_editors_ensure(), "department-editor")
    leader = factories.user_in(leadership_group_ensure(), "lanh-dao")
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", "quantri@tinhuy.test", "x")
    directive = workspace.plan
    index = directive.get_parent()
    # The workflow reports (Reports → Quy trình duyệt / Bước duyệt), filtered too: a
    # unit's people and the administrator have them (Wagtail shows them to whoever may
    # edit pages, which the department's reviewers may not).
    workflow_reports = [
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/workflow/?status=in_progress",
        "/admin/reports/workflow_tasks/?status=in_progress",
    ]
    schedule_screens = [
        "/admin/snippets/directives/reportschedule/",
        "/admin/snippets/directives/reportschedule/inspect/{schedule}/",
    ]
    editor_screens = [
        "/admin/",
        f"/admin/pages/{section.pk}/",
        f"/admin/pages/{section.pk}/add_subpage/",
        f"/admin/pages/add/directives/resultsreportpage/{section.pk}/",
        f"/admin/pages/{draft.pk}/edit/",
        f"/admin/pages/{draft.pk}/history/",
        f"/admin/pages/{workspace.a.live.pk}/edit/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/documents/chooser/",
        "/admin/account/",
        "/admin/todo/",
        "/admin/huong-dan/",
        "/admin/lich/",
        *workflow_reports,
    ]
    screens = {
        None: ["/admin/login/", "/admin/password_reset/", "/login/"],
        people.a_editor: editor_screens,
        people.a_approver: [
            *editor_screens,
            f"/admin/pages/{draft.pk}/workflow_history/",
            "/admin/pages/search/?q=ke",
        ],
        people.reviewer: [
            "/admin/",
            "/admin/review/",
            "/admin/review/?state=draft",
            f"/admin/review/{workspace.a.live.pk}/",
            "/admin/reports/compliance/",
            "/admin/todo/",
            "/admin/board/",
            "/admin/lich/",
            "/admin/snippets/directives/consolidatedreport/",
            *schedule_screens,
        ],
        leader: [
            "/admin/",
            "/admin/board/",
            "/admin/lich/",
            "/admin/reports/compliance/",
            "/admin/snippets/directives/consolidatedreport/",
            "/admin/huong-dan/",
        ],
        department_editor: [
            "/admin/",
            f"/admin/pages/{index.pk}/",
            f"/admin/pages/{directive.pk}/edit/",
            f"/admin/pages/add/directives/directivepage/{index.pk}/",
            "/admin/documents/",
        ],
        admin: [
            "/admin/",
            "/admin/snippets/directives/unit/",
            "/admin/snippets/directives/unit/add/",
            "/admin/snippets/directives/documenttype/",
            "/admin/snippets/directives/reportschedule/",
            "/admin/snippets/directives/reportschedule/add/",
            "/admin/snippets/directives/consolidatedreport/",
            "/admin/users/",
            "/admin/groups/",
            "/admin/workflows/list/",
            "/admin/reports/site-history/",
            "/admin/reports/locked/",
            f"/admin/pages/{draft.pk}/revisions/compare/earliest...latest/",
            *workflow_reports,
            *schedule_screens,
        ],
    }
    # Error screens: a form posted empty comes back with its messages. (A page form
    # posted empty breaks inside Wagtail's StreamField: LOOP_MESSAGES holds its messages.)
    invalid_posts = {admin: ["/admin/snippets/directives/unit/add/"]}
    # Success screens: a form posted right, followed to the page that says so.
    valid_posts = {
        people.reviewer: [
            (
                f"/admin/review/{workspace.b.live.pk}/",
                {"event": "commented", "reason": "Bổ sung số liệu."},
            )
        ],
        admin: [
            (
                "/admin/snippets/directives/documenttype/add/",
                {"name": "Thông báo", "code": "TB", "slug": "", "sort_order": "9"},
            )
        ],
    }
    for user, urls in screens.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for url in urls:
            url = url.format(schedule=schedule.pk)
            recorder.where = url
            assert client.get(url).status_code == 200, url
        for url in invalid_posts.get(user, []):
            recorder.where = f"POST {url}"
            response = client.post(url, {}, follow=True)
            assert response.status_code in (200, 400), url
        for url, data in valid_posts.get(user, []):
            recorder.where = f"POST {url}"
            response = client.post(url, data, follow=True)
            assert response.status_code == 200 and response.redirect_chain, url
            assert list(response.context["messages"]), url
    if recorder.missing:
        # The whole list, to translate in portal/admin_locale in one go.
        out = ROOT / "var" / "test-artifacts" / "untranslated-admin.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(recorder.missing, ensure_ascii=False, indent=1))
    assert recorder.missing == {}
