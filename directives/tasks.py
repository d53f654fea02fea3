"""Celery tasks: thin wrappers over the domain's functions.

Their dotted names (`directives.tasks.…`) are stored in django-celery-beat's rows, so
this module stays where it is. The domain modules import it at the top to enqueue;
each task imports the domain inside its body (the HackSoft styleguide's way of
breaking the mail <-> Celery import loop).
"""

import logging
import smtplib

from django.conf import settings
from django.utils import timezone

from celery import shared_task

logger = logging.getLogger(__name__)

# Worth retrying: the mail server is down, slow or hung up.
TRANSIENT = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    ConnectionError,
    TimeoutError,
)
RETRY = {
    "autoretry_for": TRANSIENT,
    # Exponential, with Celery's full jitter: the n-th retry waits a random time up to
    # backoff × 2**n seconds, so many queued mails do not hit a recovering server at once.
    "retry_backoff": settings.CELERY_RETRY_BACKOFF_SECONDS,
    # Below the broker's visibility timeout: Redis redelivers a message whose
    # countdown outlasts it (portal/settings/base.py).
    "retry_backoff_max": 600,
    "max_retries": 12,
}


# Sends claim their record before talking to the mail server; a claim older than
# SEND_CLAIM_TIMEOUT_SECONDS is taken for a dead worker's. The hard time limit,
# shorter than that, makes it true: no send outlives its claim.
SEND_LIMITS = {
    "time_limit": max(settings.SEND_CLAIM_TIMEOUT_SECONDS - 30, 10),
    "soft_time_limit": max(settings.SEND_CLAIM_TIMEOUT_SECONDS - 45, 5),
}


@shared_task(**SEND_LIMITS)
def send_notice_mail(mail_id: int) -> bool:
    """Retries are the outbox's (recorded in the row, picked up by the sweep)."""
    from directives.notices import outbox

    return outbox.send(mail_id)


@shared_task(**SEND_LIMITS)
def sweep_outbox() -> int:
    """Beat, every OUTBOX_SWEEP_SECONDS: every notice still due (broker was down,
    deferred by the mail server, or its worker died)."""
    from directives.notices import outbox

    return outbox.sweep()


@shared_task
def publish_scheduled_pages() -> None:
    """Wagtail's go-live-at / expire-at only happen when this command runs."""
    from django.core.management import call_command

    call_command("publish_scheduled")


@shared_task
def compile_scheduled_report(schedule_id: int) -> int | None:
    from directives.reports import reporting

    report = reporting.compile_scheduled(schedule_id=schedule_id, run_day=timezone.localdate())
    return report.pk if report else None


@shared_task(**SEND_LIMITS)
def send_consolidated_report(report_id: int) -> bool:
    """Retries are recorded on the report and picked up by the sweep."""
    from directives.reports import reporting

    return reporting.send_report(report_id)


@shared_task
def catch_up_reports() -> int:
    """Compile and send every scheduled report whose run beat missed."""
    from directives.reports import reporting

    return len(reporting.catch_up())


@shared_task(**SEND_LIMITS)
def reconcile_reports() -> int:
    """Beat, every OUTBOX_SWEEP_SECONDS: reports compiled and unsent, deferred, or
    claimed by a dead worker."""
    from directives.reports import reporting

    return reporting.reconcile()


@shared_task(bind=True, **RETRY)
def send_unit_reminders(self) -> int:
    from directives.notices import reminders

    return reminders.send_unit_reminders(timezone.localdate())


@shared_task(bind=True, **RETRY)
def send_department_digest(self) -> bool:
    from directives.notices import reminders

    return reminders.send_department_digest(timezone.localdate())
