from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

import pytest
import time_machine

from directives.bootstrap import bootstrap_portal

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def pytest_addoption(parser):
    parser.addoption(
        "--vietnam-clock",
        metavar="HH:MM",
        help="run the whole session as if it were this time of today in Vietnam, with the "
        "clock ticking (CI runs 23:30 and 00:30: Vietnam's midnight is 17:00 UTC, and a test "
        "that mixes a fixed date with the real clock fails on one side of it)",
    )


def pytest_configure(config):
    wanted = config.getoption("--vietnam-clock")
    if wanted:
        hour, minute = (int(part) for part in wanted.split(":"))
        instant = datetime.combine(datetime.now(VIETNAM).date(), time(hour, minute), VIETNAM)
        # Started here, before any test, so it covers fixtures and module-level dates;
        # a test's own `time_machine` travel nests inside it.
        config._vietnam_clock = time_machine.travel(instant, tick=True)
        config._vietnam_clock.start()


def pytest_unconfigure(config):
    if getattr(config, "_vietnam_clock", None):
        config._vietnam_clock.stop()


def vietnam_time(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An instant on `day` in Vietnam, for freezing the clock in date-sensitive tests."""
    return datetime.combine(day, time(hour, minute), VIETNAM)


@pytest.fixture
def content(db):
    """The portal's real content, as `bootstrap_portal` loads it (no demo accounts)."""
    return bootstrap_portal()


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user("canbo", password="mat-khau-dai-du-10")


@pytest.fixture
def signed_in(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def workspace(db):
    """Two units (A, B) with their people, a department reviewer, a directive giving
    each a task, and in each section a draft with an attached file and a live report."""
    from types import SimpleNamespace

    from directives.models import SubmissionAttachment, UnitCategory, UnitContactEmail
    from directives.units.provisioning import department_group_ensure
    from tests import factories

    _home, directives_index, _units = factories.site_tree()
    department = factories.unit("Ban Tuyên giáo Tỉnh ủy", UnitCategory.PARTY_DEPARTMENT)
    a = factories.unit("Huyện ủy Lâm Hà")
    b = factories.unit("Huyện ủy Đức Trọng")
    UnitContactEmail.objects.create(unit=a, email="vanphong@lamha.test")
    UnitContactEmail.objects.create(unit=b, email="vanphong@ductrong.test")
    plan = factories.directive(
        directives_index,
        title="Kế hoạch 53-KH/TU",
        number_symbol="53-KH/TU",
        issuer=department,
        tasks=[
            {"units": [a], "due_date": date(2022, 9, 30), "deadline_text": "trước 30/9/2022"},
            {"units": [b], "due_date": date(2022, 9, 30), "deadline_text": "trước 30/9/2022"},
        ],
    )
    task_a, task_b = plan.tasks.order_by("sort_order")
    people = SimpleNamespace(
        a_editor=factories.user_in(a.editors_group, "a-editor", first_name="Biên tập A"),
        a_approver=factories.user_in(a.approvers_group, "a-approver", first_name="Lãnh đạo A"),
        b_editor=factories.user_in(b.editors_group, "b-editor"),
        b_approver=factories.user_in(b.approvers_group, "b-approver"),
        reviewer=factories.user_in(department_group_ensure(), "reviewer"),
    )
    pages = {}
    for key, unit_, task in (("a", a, task_a), ("b", b, task_b)):
        draft = factories.submission(
            unit_,
            plan,
            title=f"Dự thảo báo cáo {key.upper()}",
            tasks=[task],
            report=True,
            published=False,
        )
        doc = factories.document(unit_, f"Tệp dự thảo {key.upper()}")
        draft.attachments.add(SubmissionAttachment(document=doc))
        draft.save_revision()
        draft.save()
        live = factories.submission(
            unit_, plan, title=f"Kế hoạch đã gửi {key.upper()}", tasks=[task]
        )
        pages[key] = SimpleNamespace(unit=unit_, task=task, draft=draft, draft_doc=doc, live=live)
    return SimpleNamespace(plan=plan, department=department, people=people, **pages)


@pytest.fixture
def fresh_task(workspace):
    """A task of unit A with nothing written yet: a report for it can be started
    without meeting the workspace's own drafts (one open report per task)."""
    from tests import factories

    _home, index, _units = factories.site_tree()
    plan = factories.directive(
        index,
        title="Kế hoạch 61-KH/TU",
        number_symbol="61-KH/TU",
        issuer=workspace.department,
        tasks=[{"units": [workspace.a.unit], "description": "Tổ chức hội nghị quán triệt"}],
    )
    return plan.tasks.get()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (notifications) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def denied(response) -> bool:
    """Wagtail's admin answers a permission failure by sending the user back to the
    dashboard with a message; everything else answers 403."""
    if response.status_code == 302:
        return response.url in ("/admin/", "/admin")
    return response.status_code == 403


@pytest.fixture
def schedule(workspace):
    """A monthly consolidated report of Plan 53-KH/TU to an address and unit A."""
    from directives.models import ReportRecipient, ReportSchedule

    schedule = ReportSchedule(name="Báo cáo tháng 53-KH/TU", signer_name="Trần Văn B")
    schedule.directives = [workspace.plan]
    schedule.recipient_units = [workspace.a.unit]
    schedule.recipients.add(ReportRecipient(email="btgtw@dang.test"))
    schedule.save()
    return schedule


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The database rolls back after each test; the cache must too, or a later test
    (whose pages may reuse the same ids) would be served an earlier test's pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp_server(settings):
    """A scripted SMTP server on loopback, used by the SMTP backend (tests/mailserver.py)."""
    from tests.mailserver import MailServer

    server = MailServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_TIMEOUT = 10
    yield server.inbox
    server.stop()
