"""Reminder digests: what each unit is told, once a day; the department's week."""

from datetime import date, timedelta

from django.core import mail

import pytest

from directives.models import ReminderDigest
from directives.notices import reminders
from tests import factories
from tests.conftest import vietnam_time

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def morning_of_today(time_machine):
    """Beat sends digests in the morning of TODAY; the fixtures' reports are stamped then too."""
    time_machine.move_to(vietnam_time(TODAY, 7))


@pytest.fixture
def deadlines(workspace):
    _home, index, _units = factories.site_tree()
    a, b = workspace.a.unit, workspace.b.unit
    return factories.directive(
        index,
        title="Kế hoạch 80-KH/TU",
        number_symbol="80-KH/TU",
        issuer=workspace.department,
        tasks=[
            {
                "units": [a, b],
                "due_date": TODAY + timedelta(days=7),
                "description": "Hội nghị báo cáo viên",
            },
            {"units": [a], "due_date": TODAY + timedelta(days=1), "description": "Báo cáo nhanh"},
            {
                "units": [a],
                "due_date": TODAY - timedelta(days=1),
                "description": "Kế hoạch tuyên truyền",
            },
            {
                "units": [a],
                "due_date": TODAY + timedelta(days=3),
                "description": "Không nhắc hôm nay",
            },
        ],
    )


def test_each_unit_gets_one_digest_of_what_it_has_not_sent(workspace, deadlines):
    tasks = list(deadlines.tasks.order_by("sort_order"))
    # Unit B already reported on the 7-day task.
    factories.submission(workspace.b.unit, deadlines, title="Báo cáo B", tasks=[tasks[0]])
    items = reminders.unit_reminder_items(TODAY)
    assert [i["description"] for i in items[workspace.a.unit.pk]] == [
        "Kế hoạch tuyên truyền",
        "Báo cáo nhanh",
        "Hội nghị báo cáo viên",
    ]
    assert [i["when"] for i in items[workspace.a.unit.pk]] == [
        "quá hạn từ hôm qua",
        "còn 1 ngày",
        "còn 7 ngày",
    ]
    assert workspace.b.unit.pk not in items

    mail.outbox.clear()
    assert reminders.send_unit_reminders(TODAY) == 1
    assert reminders.send_unit_reminders(TODAY) == 0  # beat catching up: nothing twice
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "vanphong@lamha.test" in digest.bcc and "a-editor@tinhuy.test" in digest.bcc
    assert "Báo cáo nhanh" in digest.body and "02/12/2026" in digest.body
    assert ReminderDigest.objects.filter(unit=workspace.a.unit, day=TODAY).count() == 1
    # The next day is a new day.
    assert reminders.send_unit_reminders(TODAY + timedelta(days=6)) == 1


def test_a_failed_send_frees_the_day_for_the_retry(workspace, deadlines, monkeypatch):
    def down(self, *args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", down)
    with pytest.raises(ConnectionRefusedError):
        reminders.send_unit_reminders(TODAY)
    assert not ReminderDigest.objects.exists()
    monkeypatch.undo()
    assert reminders.send_unit_reminders(TODAY) == 2  # units A and B


def test_weekly_department_digest_of_overdue_units(workspace, deadlines):
    mail.outbox.clear()
    assert reminders.send_department_digest(TODAY)
    assert not reminders.send_department_digest(TODAY)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    # Only unit A has an unsent task past its deadline (the one due yesterday).
    assert "Huyện ủy Lâm Hà: nhiệm vụ 3" in body and "Đức Trọng" not in body
    assert "reviewer@tinhuy.test" in mail.outbox[0].bcc
    assert mail.outbox[0].subject == "[Tổng hợp tuần] 1 đơn vị quá hạn - 01/12/2026"
