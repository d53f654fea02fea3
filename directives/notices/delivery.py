"""Handing one message to the mail server and reading its answer per recipient.

Django's SMTP backend discards what the server said about each address: a
partial refusal looks like success and a greylisting "450" looks like a dead
server's permanent failure. Here the SMTP conversation's outcome is sorted into
delivered / refused for good (5xx) / try again later (4xx, connection
problems), for notices and consolidated reports alike. Retries are scheduled in
the database (`next_attempt`), not as Celery countdowns, so that they survive a
broker outage and the broker's visibility timeout can stay short.
"""

import contextlib
import random
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.utils import timezone

# The mail server is down, slow or hung up: worth trying again.
CONNECTION_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    ConnectionError,
    TimeoutError,
    OSError,
)


class TemporarySendError(Exception):
    """The whole message was not accepted this time (4xx, connection): retry later."""


class PermanentSendError(Exception):
    """The server refused the whole message for good (5xx on MAIL FROM or DATA)."""


@dataclass
class Delivery:
    delivered: list[str] = field(default_factory=list)
    # address -> "550 reply text"
    refused: dict[str, str] = field(default_factory=dict)
    deferred: dict[str, str] = field(default_factory=dict)


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _sort_refusals(recipients: list[str], refusals: dict) -> Delivery:
    result = Delivery()
    for address in recipients:
        if address not in refusals:
            result.delivered.append(address)
            continue
        code, text = refusals[address]
        bucket = result.refused if code >= 500 else result.deferred
        bucket[address] = _reply(code, text)
    return result


def deliver(message: EmailMessage, recipients: list[str]) -> Delivery:
    """Send `message` (its own To/Cc/Bcc ignored) to `recipients`, once.

    Raises TemporarySendError when nothing was accepted but a later try may
    succeed, PermanentSendError when the server refused the message itself.
    """
    connection = get_connection()
    try:
        if not isinstance(connection, SMTPBackend):
            # Development and test backends (file, console, locmem) accept everyone.
            message.to, message.cc, message.bcc = [], [], list(recipients)
            message.connection = connection
            message.send()
            return Delivery(delivered=list(recipients))
        connection.open()
        smtp = connection.connection
        encoding = message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(message.from_email or settings.DEFAULT_FROM_EMAIL, encoding)
        # Bcc: the envelope names each address, the headers none of them.
        message.to, message.cc, message.bcc = [], [], []
        payload = message.message().as_bytes(linesep="\r\n")
        try:
            refusals = smtp.sendmail(from_email, recipients, payload)
        except smtplib.SMTPRecipientsRefused as error:
            refusals = error.recipients
        except smtplib.SMTPResponseException as error:
            # 451 on DATA (SMTPDataError), 421 on MAIL FROM, …: the message as a whole.
            reply = _reply(error.smtp_code, error.smtp_error)
            if 400 <= error.smtp_code < 500:
                raise TemporarySendError(reply) from error
            raise PermanentSendError(reply) from error
        return _sort_refusals(recipients, refusals)
    except CONNECTION_ERRORS as error:
        raise TemporarySendError(str(error) or type(error).__name__) from error
    finally:
        # Closing a broken connection must not hide what the server said.
        with contextlib.suppress(OSError):
            connection.close()


def next_attempt(attempts: int) -> datetime:
    """When to try again after `attempts` failures: exponential backoff from
    CELERY_RETRY_BACKOFF_SECONDS, capped at an hour, with jitter so that many
    deferred mails do not hit a recovering server at once."""
    base = settings.CELERY_RETRY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    delay = min(base, 3600)
    return timezone.now() + timedelta(seconds=delay * random.uniform(0.75, 1.0))  # noqa: S311


def claim_timeout() -> timedelta:
    """A claim older than this belongs to a dead worker.

    Safe because every send task has a hard time limit shorter than this
    (directives.tasks.SEND_LIMITS): a live worker's send has been killed by
    then, so a second claim can never overlap a send still in progress.
    """
    return timedelta(seconds=settings.SEND_CLAIM_TIMEOUT_SECONDS)
