"""Notices are recorded with the change and sent once, whatever the broker and the
mail server do (issue 12, items 6, 7 and 8)."""

from datetime import timedelta

from django.core import mail
from django.db import transaction
from django.utils import timezone

import pytest

from directives import tasks
from directives.models import MailStatus, NoticeMail
from directives.notices import outbox
from directives.notices.notifications import Notice
from tests.directives.submissions.test_workflow import act, submit

pytestmark = pytest.mark.django_db

NOTICE = Notice(
    subject="[Chờ phê duyệt] Báo cáo quý",
    body="Nội dung thông báo",
    recipients=("a@lamha.test", "b@lamha.test", "c@lamha.test"),
)


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(tasks.send_notice_mail, "delay", refuse)


def later(time_machine, minutes: int):
    time_machine.move_to(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_broker_down_submit_and_approve_lose_no_notice(workspace, committed, broker_down, caplog):
    page, p = workspace.a.draft, workspace.people
    NoticeMail.objects.all().delete()  # the fixture's own (never committed) notices
    mail.outbox.clear()
    with committed():
        submit(page, p.a_editor)
    with committed():
        act(page, p.a_approver, "approve")
    assert page.live  # the work itself went through
    assert mail.outbox == []
    pending = NoticeMail.objects.filter(status=MailStatus.PENDING)
    assert sorted(m.subject.split("]")[0] for m in pending) == ["[Chờ phê duyệt", "[Đã phê duyệt"]
    assert all(m.message_id.startswith("<") for m in pending)
    assert "waits for the sweep" in caplog.text

    assert outbox.sweep() == 2
    assert outbox.sweep() == 0  # the next sweep finds nothing left
    assert sorted(m.subject.split("]")[0] for m in mail.outbox) == [
        "[Chờ phê duyệt",
        "[Đã phê duyệt",
    ]
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert ids == set(NoticeMail.objects.values_list("message_id", flat=True))
    assert not NoticeMail.objects.exclude(status=MailStatus.SENT).exists()


def test_a_rolled_back_change_records_no_notice():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.record([NOTICE])
        raise RuntimeError("the change failed")
    assert not NoticeMail.objects.exists()


def test_sent_once_even_when_the_task_is_redelivered(committed):
    mail.outbox.clear()
    with committed():
        (recorded,) = outbox.record([NOTICE])
    assert len(mail.outbox) == 1
    # A redelivered message, the sweep and a second worker all find it sent.
    assert outbox.send(recorded.pk) is False
    assert tasks.send_notice_mail.apply(args=[recorded.pk]).get() is False
    assert outbox.sweep() == 0
    assert len(mail.outbox) == 1
    recorded.refresh_from_db()
    assert recorded.status == MailStatus.SENT
    assert recorded.delivered == list(NOTICE.recipients)


def test_greylisting_450_delivers_to_the_rest_then_retries_that_address(
    smtp_server, settings, time_machine
):
    settings.CELERY_RETRY_BACKOFF_SECONDS = 60
    smtp_server.greylist["b@lamha.test"] = 1
    (recorded,) = outbox.record([NOTICE])
    assert outbox.send(recorded.pk) is False
    recorded.refresh_from_db()
    assert recorded.status == MailStatus.PENDING and recorded.attempts == 1
    assert recorded.delivered == ["a@lamha.test", "c@lamha.test"]
    assert "450" in recorded.last_error
    assert recorded.next_attempt_at > timezone.now()
    assert outbox.sweep() == 0  # not before its backoff

    later(time_machine, 2)
    assert outbox.sweep() == 1
    recorded.refresh_from_db()
    assert recorded.status == MailStatus.SENT
    # Every address got it exactly once, all with the one Message-ID.
    for address in NOTICE.recipients:
        assert len(smtp_server.received_by(address)) == 1, address
    assert smtp_server.by_message_id() == {recorded.message_id: 2}


def test_451_on_data_is_retried_not_dropped(smtp_server, settings, time_machine):
    settings.CELERY_RETRY_BACKOFF_SECONDS = 30
    smtp_server.data_replies = ["451 4.3.0 Try again later"]
    (recorded,) = outbox.record([NOTICE])
    assert outbox.send(recorded.pk) is False
    recorded.refresh_from_db()
    assert recorded.status == MailStatus.PENDING and recorded.delivered == []
    assert "451" in recorded.last_error
    later(time_machine, 1)
    assert outbox.sweep() == 1
    assert smtp_server.by_message_id() == {recorded.message_id: 1}
    assert len(smtp_server.accepted[0][0]) == 3


def test_a_dead_mail_server_backs_off_exponentially(settings, time_machine):
    from tests.mailserver import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.CELERY_RETRY_BACKOFF_SECONDS = 60
    (recorded,) = outbox.record([NOTICE])
    waits = []
    for _attempt in range(3):
        before = timezone.now()
        outbox.send(recorded.pk)
        recorded.refresh_from_db()
        assert recorded.status == MailStatus.PENDING
        waits.append((recorded.next_attempt_at - before).total_seconds())
        time_machine.move_to(recorded.next_attempt_at, tick=False)
    assert recorded.attempts == 3
    assert 45 <= waits[0] <= 60 and 90 <= waits[1] <= 120 and 180 <= waits[2] <= 240


def test_550_is_recorded_for_that_address_and_never_retried(smtp_server, time_machine, caplog):
    smtp_server.refuse["b@lamha.test"] = "550 5.1.1 No such user"
    (recorded,) = outbox.record([NOTICE])
    assert outbox.send(recorded.pk) is True
    recorded.refresh_from_db()
    assert recorded.status == MailStatus.SENT
    assert recorded.delivered == ["a@lamha.test", "c@lamha.test"]
    assert recorded.refused == {"b@lamha.test": "550 5.1.1 No such user"}
    assert "b@lamha.test" in caplog.text
    later(time_machine, 120)
    assert outbox.sweep() == 0
    assert smtp_server.received_by("b@lamha.test") == []
    assert smtp_server.by_message_id() == {recorded.message_id: 1}


def test_every_address_refused_fails_the_notice(smtp_server):
    for address in NOTICE.recipients:
        smtp_server.refuse[address] = "550 5.1.1 No such user"
    (recorded,) = outbox.record([NOTICE])
    outbox.send(recorded.pk)
    recorded.refresh_from_db()
    assert recorded.status == MailStatus.FAILED
    assert set(recorded.refused) == set(NOTICE.recipients)


def test_a_dead_workers_claim_expires_and_the_same_message_id_goes_out(settings, time_machine):
    settings.SEND_CLAIM_TIMEOUT_SECONDS = 300
    (recorded,) = outbox.record([NOTICE])
    # A worker claimed it, then was killed before it could record anything.
    assert outbox.claim(recorded.pk) is not None
    mail.outbox.clear()
    assert outbox.sweep() == 0  # a fresh claim may be a live send
    later(time_machine, 4)
    assert outbox.sweep() == 0
    later(time_machine, 2)
    assert outbox.sweep() == 1
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [recorded.message_id]


def test_send_tasks_cannot_outlive_their_claim(settings):
    assert tasks.send_notice_mail.time_limit < settings.SEND_CLAIM_TIMEOUT_SECONDS
    assert tasks.send_consolidated_report.time_limit < settings.SEND_CLAIM_TIMEOUT_SECONDS
    assert tasks.sweep_outbox.time_limit < settings.SEND_CLAIM_TIMEOUT_SECONDS
