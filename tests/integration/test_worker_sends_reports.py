"""Compile -> send with a real broker, real worker processes and a real SMTP server.

Two Celery workers (production settings) run against the test database and the
configured broker (Redis when REDIS_URL is set, as in CI; otherwise the
embedded filesystem broker). The SMTP server on loopback is down at first: the
send is retried, goes out once the server is up, and never twice although the
send is requested again and the reconcile job runs.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import date
from email import message_from_bytes

import pytest

from directives.models import ConsolidatedReport, ReportStatus
from directives.reports import reporting
from portal.celery import app as celery_app
from tests.integration.cluster import database_url, worker_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def workers(settings, tmp_path):
    smtp_port = free_port()
    for folder in ("queue", "processed", "control"):
        (settings.CELERY_FILESYSTEM_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "SECRET_KEY": "worker-test-key",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": database_url(),
        "PORTAL_VAR_DIR": str(settings.VAR_DIR),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "CELERY_QUEUE": queue,
        "CELERY_RETRY_BACKOFF_SECONDS": "1",
        "HTTPS": "false",
    }
    processes = [
        subprocess.Popen(
            worker_command(f"w{n}", queue),
            env=env,
            cwd=settings.BASE_DIR,
            stdout=open(tmp_path / f"worker{n}.log", "w"),  # noqa: SIM115 (closed with the process)
            stderr=subprocess.STDOUT,
        )
        for n in range(2)
    ]
    saved = {key: celery_app.conf.get(key) for key in ("task_always_eager", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, task_default_queue=queue)
    yield smtp_port
    celery_app.conf.update(saved)
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=30)
    for n in range(2):
        sys.stderr.write((tmp_path / f"worker{n}.log").read_text()[-3000:])


def test_compile_send_retry_and_never_twice(schedule, workers):
    from aiosmtpd.controller import Controller

    smtp_port = workers
    report = reporting.compile_scheduled(schedule_id=schedule.pk, run_day=date(2026, 6, 1))
    # The mail server is down: the worker records the failure and retries.
    wait_for(
        lambda: ConsolidatedReport.objects.get(pk=report.pk).attempts >= 1,
        what="a failed attempt while the SMTP server is down",
    )
    assert ConsolidatedReport.objects.get(pk=report.pk).status != ReportStatus.SENT

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        from directives.tasks import reconcile_reports

        def swept_and_arrived():
            # What beat does every OUTBOX_SWEEP_SECONDS: the sweep sends what is owed
            # once its backoff has passed (retries are recorded on the report).
            reconcile_reports.delay()
            return inbox.messages

        wait_for(swept_and_arrived, what="the report to arrive")
        wait_for(
            lambda: ConsolidatedReport.objects.get(pk=report.pk).status == ReportStatus.SENT,
            what="the report to be marked sent",
        )
        # A redelivered message, a second request and the reconcile job.
        from directives.tasks import send_consolidated_report

        send_consolidated_report.delay(report.pk)
        send_consolidated_report.delay(report.pk)
        reconcile_reports.delay()
        reporting.compile_scheduled(schedule_id=schedule.pk, run_day=date(2026, 6, 1))
        time.sleep(5)
    finally:
        controller.stop()

    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert sorted(recipients) == ["btgtw@dang.test", "vanphong@lamha.test"]
    report = ConsolidatedReport.objects.get(pk=report.pk)
    assert message["Message-ID"] == report.message_id
    assert "Kế hoạch số 53-KH/TU" in str(message["Subject"]) or message["Subject"]
    names = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert [n.rsplit(".", 1)[-1] for n in names] == ["pdf", "xlsx"]
    assert report.sent_at is not None and report.attempts >= 2
