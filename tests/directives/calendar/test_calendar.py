"""The deadline calendar: the month view, and the .ics feed with its personal token,
which answers nothing once revoked or once its owner is deactivated."""

import re
from datetime import date, timedelta

from django.contrib.auth import get_user_model

import pytest
import time_machine
from icalendar import Calendar

from directives.bootstrap import bootstrap_portal
from directives.calendar.events import deadlines_between
from directives.demo import DEMO_NUMBER
from directives.models import CalendarFeed, DirectiveTask, Unit
from tests.conftest import vietnam_time

TODAY = date(2026, 12, 1)


@pytest.fixture
def demo(db):
    with time_machine.travel(vietnam_time(TODAY), tick=False):
        bootstrap_portal(demo=True, password="mat-khau-lich-han-1")
        yield


def _feed_url(client) -> str:
    response = client.post("/admin/lich/feed/", {"action": "create"}, follow=True)
    found = re.search(r'value="([^"]+\.ics)"[^>]*data-feed-url', response.content.decode())
    assert found, "the new address is shown once"
    return found.group(1).split("://", 1)[-1].split("/", 1)[1]


def test_a_units_feed_has_its_deadlines_and_stops_when_revoked(client, demo):
    editor = get_user_model().objects.get(username="thanh-uy-da-lat-editor")
    unit = Unit.objects.get(name="Thành ủy Đà Lạt")
    client.force_login(editor)
    with time_machine.travel(vietnam_time(TODAY, 10), tick=False):
        path = "/" + _feed_url(client)
        client.logout()  # calendar apps have no session
        response = client.get(path)
        expected = deadlines_between(
            unit_ids={unit.pk}, first=TODAY - timedelta(days=60), last=TODAY + timedelta(days=366)
        )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert expected and len(events) == len(expected)
    demo_tasks = DirectiveTask.objects.filter(directive__number_symbol=DEMO_NUMBER)
    dalat_demo = [t for t in demo_tasks if unit in t.units.all()]
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert all(f"nhiệm vụ {t.number}" in summaries for t in dalat_demo)
    assert all("Thành ủy Đà Lạt" in str(e["DESCRIPTION"]) for e in events)
    # All-day events on the deadline's own date.
    first = next(e for e in events if str(e["UID"]).startswith(expected[0].uid))
    assert first["DTSTART"].dt == expected[0].due
    # Another unit's deadlines are not in it.
    others = {
        d.uid
        for d in deadlines_between(unit_ids=None, first=TODAY, last=TODAY + timedelta(days=60))
    }
    mine = {str(e["UID"]).split("@")[0] for e in events}
    assert mine <= others | {d.uid for d in expected}

    client.force_login(editor)
    revoked = client.post("/admin/lich/feed/", {"action": "revoke"}, follow=True)
    assert "Đã thu hồi đường dẫn lịch" in revoked.content.decode()
    client.logout()
    assert client.get(path).status_code == 404
    assert client.get("/lich/khong-co-that.ics").status_code == 404


def test_a_new_address_ends_the_old_one_and_deactivation_ends_all(client, demo):
    leader = get_user_model().objects.get(username="lanh-dao")
    client.force_login(leader)
    old = "/" + _feed_url(client)
    new = "/" + _feed_url(client)
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    # Only a hash is kept: the address is nowhere in the database.
    token = new.rsplit("/", 1)[-1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_hash=token).exists()
    leader.is_active = False
    leader.save()
    assert client.get(new).status_code == 404


def test_month_view(client, demo):
    client.force_login(get_user_model().objects.get(username="thanh-uy-da-lat-editor"))
    with time_machine.travel(vietnam_time(TODAY, 10), tick=False):
        page = client.get("/admin/lich/")
        bad = client.get("/admin/lich/", {"thang": "13/2026"})
        january = client.get("/admin/lich/", {"thang": "01/2027"})
    html = page.content.decode()
    assert page.status_code == 200 and "Tháng 12/2026" in html
    assert 'class="calendar-deadline"' in html
    assert "Thứ Hai" in html and "Chủ nhật" in html
    assert "không hợp lệ" in bad.content.decode() and "Tháng 12/2026" in bad.content.decode()
    assert "Tháng 01/2027" in january.content.decode()
    assert client.get("/admin/lich/feed/").status_code == 405
