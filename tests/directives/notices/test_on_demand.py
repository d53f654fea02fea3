"""Reminders on demand: two clicks, one message, one audit entry; the day's limit is per
(unit, task); channels behind one interface; a unit nobody can reach is said so."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from directives.board.figures import Light, build_board
from directives.bootstrap import bootstrap_portal
from directives.models import ChannelMessage, NoticeMail, Unit, UnitReminder
from directives.notices.on_demand import remind_overdue
from tests.conftest import vietnam_time

TODAY = date(2026, 12, 1)


@pytest.fixture
def late_unit(db):
    with time_machine.travel(vietnam_time(TODAY), tick=False):
        bootstrap_portal(demo=True, password="mat-khau-lanh-dao-1")
        board = build_board(today=TODAY)
    late = next(f for f in board.units if f.light == Light.LATE)
    return late


def _texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_two_clicks_send_one_reminder(client, late_unit):
    leader = get_user_model().objects.get(username="lanh-dao")
    client.force_login(leader)
    unit = late_unit.unit
    with time_machine.travel(vietnam_time(TODAY, 10), tick=False):
        first = client.post(
            "/admin/board/remind/", {"unit": unit.pk, "next": "/admin/board/"}, follow=True
        )
        second = client.post(
            "/admin/board/remind/", {"unit": unit.pk, "next": "/admin/board/"}, follow=True
        )
    assert any("Đã gửi nhắc nhở tới 1 đơn vị" in t and unit.name in t for t in _texts(first))
    assert any("Hôm nay đã nhắc" in t and "không gửi lại" in t for t in _texts(second))
    mails = NoticeMail.objects.filter(subject__startswith="[Đôn đốc]")
    assert mails.count() == 1
    mail = mails.get()
    assert f"Kính gửi {unit.name}" in mail.body
    assert "đã quá" in mail.body and "ngày" in mail.body
    assert UnitReminder.objects.filter(unit=unit).count() == late_unit.overdue_tasks
    entries = ModelLogEntry.objects.filter(action="directives.reminder.sent")
    assert entries.count() == 1
    assert entries.get().user == leader
    # The next day the unit may be reminded again.
    with time_machine.travel(vietnam_time(TODAY + timedelta(days=1), 10), tick=False):
        again = remind_overdue(user=leader, today=TODAY + timedelta(days=1), unit_ids=[unit.pk])
    assert again.sent == [unit]


def test_a_directive_reminds_every_late_unit_once(client, late_unit):
    client.force_login(get_user_model().objects.get(username="reviewer"))
    with time_machine.travel(vietnam_time(TODAY, 10), tick=False):
        board = build_board(today=TODAY)
        directive = next(d for d in board.directives if d.overdue_units)
        response = client.post(
            "/admin/board/remind/", {"directive": directive.directive.pk}, follow=True
        )
        again = client.post(
            "/admin/board/remind/", {"directive": directive.directive.pk}, follow=True
        )
    late = {unit for unit, _items in directive.overdue_units}
    assert NoticeMail.objects.filter(subject__startswith="[Đôn đốc]").count() == len(late)
    assert any(f"tới {len(late)} đơn vị" in t for t in _texts(response))
    assert not any("Đã gửi nhắc nhở" in t for t in _texts(again))


def test_channels_and_unreachable_units(settings, late_unit):
    settings.NOTICE_CHANNELS = ("email", "sms", "zalo")
    user = get_user_model().objects.get(username="lanh-dao")
    unit = late_unit.unit
    result = remind_overdue(user=user, today=TODAY, unit_ids=[unit.pk])
    assert result.sent == [unit]
    assert sorted(ChannelMessage.objects.values_list("channel", flat=True)) == ["sms", "zalo"]
    # A unit with no address and no people, with e-mail only: nothing sent, nothing claimed.
    settings.NOTICE_CHANNELS = ("email",)
    other = next(
        f.unit for f in build_board(today=TODAY).units if f.overdue_tasks and f.unit != unit
    )
    other.contact_emails.all().delete()
    get_user_model().objects.filter(
        groups__in=[other.editors_group_id, other.approvers_group_id]
    ).update(email="")
    result = remind_overdue(user=user, today=TODAY, unit_ids=[other.pk])
    assert result.unreachable == [other]
    assert not UnitReminder.objects.filter(unit=other).exists()


def test_bad_reminder_requests_say_what_is_wrong(client, late_unit):
    client.force_login(get_user_model().objects.get(username="lanh-dao"))
    for data, expected in (
        ({}, "Chưa chọn đơn vị hoặc văn bản"),
        ({"unit": "abc"}, "Không rõ đơn vị"),
        ({"directive": "999999"}, "Không tìm thấy văn bản"),
        ({"unit": str(Unit.objects.order_by("-pk").first().pk + 100)}, "Không có nhiệm vụ quá hạn"),
    ):
        response = client.post("/admin/board/remind/", data, follow=True)
        assert response.status_code == 200
        assert any(expected in t for t in _texts(response)), (data, _texts(response))
    assert client.get("/admin/board/remind/").status_code == 405
    assert not UnitReminder.objects.exists()
