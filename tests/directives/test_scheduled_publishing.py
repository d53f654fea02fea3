"""A directive scheduled with "go live at" goes live from beat and notifies its
units (issue 12, item 9)."""

from datetime import date

from django.conf import settings
from django.core import mail

import pytest

from directives import tasks
from directives.models import DirectivePage, DirectiveTask, NoticeMail
from portal.celery import app
from tests import factories
from tests.conftest import vietnam_time

pytestmark = pytest.mark.django_db


def test_beat_runs_publish_scheduled_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    assert entry["task"] == "directives.tasks.publish_scheduled_pages"
    assert entry["task"] in app.tasks
    assert entry["schedule"].total_seconds() <= 60


def test_a_scheduled_directive_goes_live_after_its_time_and_tells_its_units(
    workspace, committed, time_machine
):
    time_machine.move_to(vietnam_time(date(2026, 12, 1), 9), tick=False)
    _home, index, _units = factories.site_tree()
    page = DirectivePage(
        title="Kế hoạch 90-KH/TU",
        number_symbol="90-KH/TU",
        subject="Kế hoạch 90-KH/TU",
        issuer=workspace.department,
        document_type=factories.document_type(),
        issued_on=date(2026, 11, 30),
        live=False,
        go_live_at=vietnam_time(date(2026, 12, 1), 14),
    )
    task = DirectiveTask(number="1", description="Báo cáo kết quả", sort_order=0)
    task.units = [workspace.a.unit]
    page.tasks.add(task)
    index.add_child(instance=page)
    NoticeMail.objects.all().delete()
    mail.outbox.clear()
    with committed():
        page.save_revision(user=workspace.people.reviewer).publish()
    page.refresh_from_db()
    assert not page.live  # scheduled, not published
    assert [m.subject for m in mail.outbox] == []

    time_machine.move_to(vietnam_time(date(2026, 12, 1), 13, 59), tick=False)
    with committed():
        tasks.publish_scheduled_pages.apply()
    page.refresh_from_db()
    assert not page.live
    assert [m.subject for m in mail.outbox] == []

    time_machine.move_to(vietnam_time(date(2026, 12, 1), 14, 1), tick=False)
    with committed():
        tasks.publish_scheduled_pages.apply()
    page.refresh_from_db()
    assert page.live
    assert [m.subject for m in mail.outbox] == ["[Nhiệm vụ mới] Kế hoạch 90-KH/TU"]
    assert "vanphong@lamha.test" in mail.outbox[0].bcc
