"""Sending a consolidated report: per-recipient outcome, 4xx retried with backoff,
5xx refused for good, a dead worker's claim recovered within minutes (issue 12,
items 4 and 7)."""

from datetime import date, timedelta

from django.core import mail
from django.utils import timezone

import pytest

from directives.models import ConsolidatedReport, ReportStatus
from directives.reports import reporting
from tests.mailserver import free_port

pytestmark = pytest.mark.django_db
RECIPIENTS = ["btgtw@dang.test", "vanphong@lamha.test"]


@pytest.fixture
def report(schedule):
    compiled, _created = reporting.compile_report(
        schedule=schedule, period_start=date(2026, 5, 1), period_end=date(2026, 5, 31)
    )
    return compiled


def later(time_machine, minutes: int):
    time_machine.move_to(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_a_dead_server_defers_with_backoff_and_keeps_the_message_id(
    report, settings, smtp_server, time_machine
):
    settings.CELERY_RETRY_BACKOFF_SECONDS = 60
    settings.EMAIL_PORT = free_port()  # nobody listens there
    assert reporting.send_report(report.pk) is False
    report.refresh_from_db()
    first_id = report.message_id
    assert report.status == ReportStatus.COMPILED and report.attempts == 1
    assert report.next_attempt_at > timezone.now() and report.last_error
    assert reporting.reconcile() == 0  # waits for its backoff

    from tests.mailserver import MailServer

    server = MailServer(port=settings.EMAIL_PORT, inbox=smtp_server).start()
    try:
        later(time_machine, 2)
        assert reporting.reconcile() == 1
    finally:
        server.stop()
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT and report.message_id == first_id
    assert smtp_server.by_message_id() == {first_id: 1}
    assert reporting.reconcile() == 0


def test_greylisting_450_then_250_sends_once_to_each(report, settings, smtp_server, time_machine):
    settings.CELERY_RETRY_BACKOFF_SECONDS = 60
    smtp_server.greylist["btgtw@dang.test"] = 2
    assert reporting.send_report(report.pk) is False
    report.refresh_from_db()
    assert report.status == ReportStatus.COMPILED
    assert report.sent_to == ["vanphong@lamha.test"] and "450" in report.last_error
    later(time_machine, 2)
    assert reporting.reconcile() == 1  # greylisted again
    later(time_machine, 5)
    assert reporting.reconcile() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT and report.attempts == 3
    assert sorted(report.sent_to) == RECIPIENTS and report.refused == {}
    for address in RECIPIENTS:
        assert len(smtp_server.received_by(address)) == 1, address
    assert smtp_server.by_message_id() == {report.message_id: 2}
    # Bcc: no recipient sees another's address.
    _rcpt, message = smtp_server.accepted[0]
    assert message["To"] is None and message["Bcc"] is None


def test_451_on_data_is_retried(report, settings, smtp_server, time_machine):
    settings.CELERY_RETRY_BACKOFF_SECONDS = 60
    smtp_server.data_replies = ["451 4.3.0 Local error, try again"]
    assert reporting.send_report(report.pk) is False
    assert ConsolidatedReport.objects.get(pk=report.pk).status == ReportStatus.COMPILED
    later(time_machine, 2)
    assert reporting.reconcile() == 1
    report.refresh_from_db()
    assert smtp_server.by_message_id() == {report.message_id: 1}
    assert report.status == ReportStatus.SENT and sorted(report.sent_to) == RECIPIENTS


def test_a_550_recipient_is_recorded_and_the_others_receive_it(report, smtp_server, time_machine):
    smtp_server.refuse["btgtw@dang.test"] = "550 5.1.1 Mailbox unavailable"
    assert reporting.send_report(report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT
    assert report.sent_to == ["vanphong@lamha.test"]
    assert report.refused == {"btgtw@dang.test": "550 5.1.1 Mailbox unavailable"}
    assert "btgtw@dang.test" in report.last_error
    later(time_machine, 120)
    assert reporting.reconcile() == 0  # never retried
    assert smtp_server.received_by("btgtw@dang.test") == []
    assert len(smtp_server.received_by("vanphong@lamha.test")) == 1


def test_every_recipient_refused_fails_the_report(report, smtp_server):
    for address in RECIPIENTS:
        smtp_server.refuse[address] = "550 5.1.1 No such user"
    from directives.tasks import send_consolidated_report

    assert send_consolidated_report.apply(args=[report.pk]).get() is False
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and set(report.refused) == set(RECIPIENTS)


def test_a_killed_workers_report_goes_out_within_minutes_once(report, settings, time_machine):
    settings.SEND_CLAIM_TIMEOUT_SECONDS = 300
    claimed = reporting.claim(report.pk)  # then the worker is killed
    assert claimed.status == ReportStatus.SENDING
    mail.outbox.clear()
    later(time_machine, 3)
    assert reporting.reconcile() == 0  # could still be a live send
    later(time_machine, 3)
    assert reporting.reconcile() == 1
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [claimed.message_id]
    assert reporting.reconcile() == 0
    assert len(mail.outbox) == 1


def test_resend_goes_to_everyone_with_a_new_message_id(report, committed, smtp_server):
    smtp_server.refuse["btgtw@dang.test"] = "550 5.1.1 Mailbox unavailable"
    reporting.send_report(report.pk)
    first = ConsolidatedReport.objects.get(pk=report.pk).message_id
    del smtp_server.refuse["btgtw@dang.test"]  # the address was fixed
    with committed():
        reporting.resend(report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT and report.message_id != first
    assert sorted(report.sent_to) == RECIPIENTS and report.refused == {}
