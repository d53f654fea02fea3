"""Celery tasks: thin wrappers over the domain's functions."""

import logging
import smtplib

from django.core.mail import EmailMessage

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(
        smtplib.SMTPServerDisconnected,
        smtplib.SMTPConnectError,
        ConnectionError,
        TimeoutError,
    ),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=12,
)
def send_notice(self, subject: str, body: str, recipients: list[str]) -> int:
    """One e-mail to every recipient (each sees only their own address: Bcc)."""
    try:
        return EmailMessage(subject=subject, body=body, bcc=recipients).send()
    except smtplib.SMTPRecipientsRefused as refused:
        # A bad address will not get better by retrying: report it and stop.
        logger.error("Notice %r refused for %s", subject, sorted(refused.recipients))
        return 0
