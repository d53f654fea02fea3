"""Broken on purpose, with real processes (issue 12, "Proof"): a private Redis that
is stopped and restarted, Celery workers that are killed, beat, and an SMTP
server that answers 450/451/550 on command. Messages are counted by Message-ID
on what the server accepted.

PostgreSQL only (as in production; `.ci/run` runs them in its PostgreSQL pass):
several processes writing at once is what these tests are about.
"""

import sys
import time
from datetime import date

from django.db import connection, transaction

import pytest

from directives.models import ConsolidatedReport, MailStatus, NoticeMail, ReportStatus
from directives.notices import outbox
from directives.notices.notifications import Notice
from directives.reports import reporting
from search import query
from search.models import PendingIndex
from search.text import parse_query
from tests.directives.submissions.test_workflow import act, submit
from tests.integration.cluster import Cluster
from tests.mailserver import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


@pytest.fixture
def cluster(tmp_path, request):
    if connection.vendor != "postgresql":
        pytest.skip("fault tests run against PostgreSQL (DATABASE_URL=postgres://…)")
    started = Cluster(tmp_path, **getattr(request, "param", {}))
    yield started
    started.close()
    sys.stderr.write(started.tail())  # shown when the test failed


@pytest.fixture
def quiet(db):
    """Forget the fixtures' own notices: only the test's are counted."""
    NoticeMail.objects.all().delete()


def sent(model, pk) -> bool:
    return model.objects.get(pk=pk).status == "sent"


def notice(subject: str, *recipients: str) -> NoticeMail:
    with transaction.atomic():
        (mail,) = outbox.record([Notice(subject=subject, body="Nội dung", recipients=recipients)])
    return mail


def test_redis_down_while_submitting_and_approving(cluster, workspace, quiet):
    """Both notices arrive exactly once after Redis returns, and another unit's
    search finds the published text."""
    cluster.start_worker("w1")
    cluster.start_beat()
    cluster.wait_until_ready()
    page, people = workspace.a.draft, workspace.people
    cluster.stop_redis()
    submit(page, people.a_editor)
    act(page, people.a_approver, "approve")
    page.refresh_from_db()
    assert page.live
    notices = list(NoticeMail.objects.order_by("pk"))
    assert [n.status for n in notices] == [MailStatus.PENDING, MailStatus.PENDING]
    assert PendingIndex.objects.filter(page_id=page.pk).exists()
    time.sleep(3)  # beat and the worker try, and fail, meanwhile

    cluster.start_redis()
    wait_for(
        lambda: (
            not NoticeMail.objects.exclude(status=MailStatus.SENT).exists()
            and not PendingIndex.objects.exists()
        ),
        timeout=120,
        what="the pending notices and index update after Redis returned",
    )
    time.sleep(5)  # more sweeps: still nothing twice
    counts = cluster.inbox.by_message_id()
    assert counts == {n.message_id: 1 for n in notices}, cluster.tail()
    subjects = sorted(str(m["Subject"]).strip().split("]")[0] for _r, m in cluster.inbox.accepted)
    assert subjects == ["[Chờ phê duyệt", "[Đã phê duyệt"]
    hits = query.search(people.b_editor, parse_query(page.title), query.Filters()).hits
    assert page.title in [hit.entry.title for hit in hits]


def test_greylisting_then_250_and_a_refused_recipient(cluster, schedule, quiet):
    """450 on RCPT then 250: the report and the notice arrive exactly once at each
    address; a 550 recipient is recorded as refused while the others receive it."""
    inbox = cluster.inbox
    inbox.greylist.update({"btgtw@dang.test": 2, "a@lamha.test": 1})
    inbox.refuse["sai@lamha.test"] = "550 5.1.1 No such user"
    cluster.start_worker("w1")
    cluster.start_beat()
    with transaction.atomic():
        report = reporting.compile_scheduled(schedule_id=schedule.pk, run_day=date(2026, 6, 1))
    mail = notice("[Chờ phê duyệt] Báo cáo", "a@lamha.test", "b@lamha.test", "sai@lamha.test")
    wait_for(
        lambda: sent(ConsolidatedReport, report.pk) and sent(NoticeMail, mail.pk),
        timeout=120,
        what="the greylisted report and notice",
    )
    report.refresh_from_db()
    mail.refresh_from_db()
    assert sorted(report.sent_to) == ["btgtw@dang.test", "vanphong@lamha.test"]
    assert report.attempts == 3
    assert mail.refused == {"sai@lamha.test": "550 5.1.1 No such user"}
    assert sorted(mail.delivered) == ["a@lamha.test", "b@lamha.test"]
    time.sleep(5)
    for address in ("btgtw@dang.test", "vanphong@lamha.test", "a@lamha.test", "b@lamha.test"):
        assert len(inbox.received_by(address)) == 1, address
    assert inbox.received_by("sai@lamha.test") == []
    ids = {m["Message-ID"] for _r, m in inbox.accepted}
    assert ids == {report.message_id, mail.message_id}


def test_451_on_data_is_retried_until_accepted(cluster):
    cluster.inbox.data_replies = ["451 4.3.0 Try again later", "451 4.3.0 Try again later"]
    cluster.start_worker("w1")
    cluster.start_beat()
    mail = notice("[Đã phê duyệt] Báo cáo", "a@lamha.test")
    wait_for(lambda: sent(NoticeMail, mail.pk), timeout=90, what="the notice after two 451s")
    assert NoticeMail.objects.get(pk=mail.pk).attempts == 3
    assert cluster.inbox.by_message_id() == {mail.message_id: 1}


def test_kill_9_during_the_smtp_send_sends_the_report_once_within_minutes(cluster, schedule, quiet):
    inbox = cluster.inbox
    inbox.hold_data.clear()  # DATA waits: the worker is caught mid-send
    cluster.start_worker("doomed")
    cluster.start_beat()
    with transaction.atomic():
        report = reporting.compile_scheduled(schedule_id=schedule.pk, run_day=date(2026, 6, 1))
    assert inbox.data_started.wait(timeout=90), cluster.tail()
    assert ConsolidatedReport.objects.get(pk=report.pk).status == ReportStatus.SENDING
    cluster.kill_worker("doomed")
    killed_at = time.monotonic()
    time.sleep(1)  # let the server see the connection drop
    inbox.hold_data.set()  # the server finds its client gone and keeps nothing
    cluster.start_worker("rescuer")
    # Redis would hold the dead worker's message for its hour-long visibility
    # timeout; the sweep does not wait for it.
    wait_for(lambda: sent(ConsolidatedReport, report.pk), timeout=180, what="the rescued report")
    recovered = time.monotonic() - killed_at
    sys.stderr.write(f"kill -9 mid-send: report sent {recovered:.0f} s after the kill\n")
    time.sleep(5)
    report.refresh_from_db()
    assert inbox.by_message_id() == {report.message_id: 1}
    assert recovered < 120


@pytest.mark.parametrize("cluster", [{"visibility_timeout": 3}], indirect=True)
def test_two_workers_and_redelivered_messages_send_everything_once(cluster, schedule, quiet):
    """A visibility timeout shorter than a send makes Redis hand the same message
    to the other worker while the first is still sending; claims keep it to one."""
    inbox = cluster.inbox
    inbox.hold_data.clear()
    cluster.start_worker("w1")
    cluster.start_worker("w2")
    cluster.start_beat()
    with transaction.atomic():
        report = reporting.compile_scheduled(schedule_id=schedule.pk, run_day=date(2026, 6, 1))
    mails = [notice(f"[Thông báo {n}] Kiểm tra", f"n{n}@lamha.test") for n in range(5)]
    from directives import tasks

    for mail in mails:  # duplicates of every message, as a redelivery would make
        tasks.send_notice_mail.delay(mail.pk)
    tasks.send_consolidated_report.delay(report.pk)
    time.sleep(6)  # longer than the visibility timeout while DATA is held
    inbox.hold_data.set()
    wait_for(
        lambda: (
            sent(ConsolidatedReport, report.pk)
            and not NoticeMail.objects.exclude(status=MailStatus.SENT).exists()
        ),
        timeout=120,
        what="every report and notice",
    )
    time.sleep(5)
    report.refresh_from_db()
    expected = {report.message_id: 1, **{m.message_id: 1 for m in mails}}
    assert inbox.by_message_id() == expected, cluster.tail()
