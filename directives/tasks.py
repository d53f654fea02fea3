"""Celery tasks: thin wrappers over the domain's functions."""

import logging
import smtplib

from django.core.mail import EmailMessage
from django.utils import timezone

from celery import shared_task

from directives import reminders, reporting

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
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 12,
}


@shared_task(bind=True, **RETRY)
def send_notice(self, subject: str, body: str, recipients: list[str]) -> int:
    """One e-mail to every recipient (each sees only their own address: Bcc)."""
    try:
        return EmailMessage(subject=subject, body=body, bcc=recipients).send()
    except smtplib.SMTPRecipientsRefused as refused:
        # A bad address will not get better by retrying: report it and stop.
        logger.error("Notice %r refused for %s", subject, sorted(refused.recipients))
        return 0


@shared_task
def compile_scheduled_report(schedule_id: int) -> int | None:
    report = reporting.compile_scheduled(schedule_id=schedule_id, run_day=timezone.localdate())
    return report.pk if report else None


@shared_task(bind=True, **RETRY)
def send_consolidated_report(self, report_id: int) -> bool:
    try:
        return reporting.send_report(report_id)
    except reporting.PermanentSendError:
        logger.error("Report %s refused by the mail server; not retried", report_id)
        return False


@shared_task
def reconcile_reports() -> int:
    return reporting.reconcile()


@shared_task(bind=True, **RETRY)
def send_unit_reminders(self) -> int:
    return reminders.send_unit_reminders(timezone.localdate())


@shared_task(bind=True, **RETRY)
def send_department_digest(self) -> bool:
    return reminders.send_department_digest(timezone.localdate())
