"""The notice outbox: record in the change's transaction, send once, sweep the rest.

- `record` writes one NoticeMail per notice inside the caller's transaction (a
  rolled-back change sends nothing) and asks Celery, after the commit, to send
  it now. A dead broker only delays it: `sweep` (beat, every
  OUTBOX_SWEEP_SECONDS) sends every due row.
- `send` claims the row with one conditional UPDATE, so two workers, a
  redelivered message and the sweep never send it twice; a row recorded as
  sent is never claimed again. The Message-ID was fixed when the row was
  written, so in the one window nothing can close (the server accepted, then
  the worker died before recording it) the copy sent after the stale claim
  expires carries the same Message-ID, which mail clients fold.
- Each recipient's outcome is kept: delivered, refused for good (5xx), or
  deferred (4xx, server down) and retried with backoff to those alone.
"""

import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from directives import tasks
from directives.models import MailStatus, NoticeMail
from directives.notices.delivery import (
    PermanentSendError,
    TemporarySendError,
    claim_timeout,
    deliver,
    next_attempt,
)

logger = logging.getLogger(__name__)


def message_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"


def record(notices: Iterable) -> list[NoticeMail]:
    """Write the notices as pending mails now, queue their sending after commit."""
    mails = NoticeMail.objects.bulk_create(
        NoticeMail(
            subject=notice.subject,
            body=notice.body,
            recipients=list(notice.recipients),
            message_id=make_msgid(idstring="notice", domain=message_domain()),
        )
        for notice in notices
    )
    for mail in mails:
        queue(mail.pk)
    return mails


def queue(mail_id: int) -> None:
    def send_now():
        try:
            tasks.send_notice_mail.delay(mail_id)
        except Exception:
            # Recorded already: the sweep sends it once the broker is back.
            logger.warning("Broker unavailable; notice %s waits for the sweep", mail_id)

    transaction.on_commit(send_now)


def _claimable(now) -> Q:
    due = Q(status=MailStatus.PENDING, next_attempt_at__lte=now)
    dead_worker = Q(status=MailStatus.SENDING, claimed_at__lt=now - claim_timeout())
    return due | dead_worker


def claim(mail_id: int) -> NoticeMail | None:
    now = timezone.now()
    taken = NoticeMail.objects.filter(_claimable(now), pk=mail_id).update(
        status=MailStatus.SENDING, claimed_at=now
    )
    return NoticeMail.objects.get(pk=mail_id) if taken else None


def send(mail_id: int) -> bool:
    """Send one recorded notice to whoever has not had it yet; True if this call
    finished it (every recipient delivered or refused for good)."""
    mail = claim(mail_id)
    if mail is None:
        return False
    pending = mail.undelivered
    message = EmailMessage(
        subject=mail.subject, body=mail.body, headers={"Message-ID": mail.message_id}
    )
    attempts = mail.attempts + 1
    try:
        result = deliver(message, pending) if pending else None
    except TemporarySendError as error:
        _defer(mail, attempts, str(error))
        return False
    except PermanentSendError as error:
        refused = {**mail.refused, **dict.fromkeys(pending, str(error))}
        _finish(mail, attempts, delivered=mail.delivered, refused=refused)
        logger.error("Notice %s refused by the mail server: %s", mail.pk, error)
        return True
    delivered = [*mail.delivered, *(result.delivered if result else [])]
    refused = {**mail.refused, **(result.refused if result else {})}
    if result and result.refused:
        logger.error("Notice %s refused for %s", mail.pk, sorted(result.refused))
    if result and result.deferred:
        # Keep what went through, retry the greylisted addresses alone.
        NoticeMail.objects.filter(pk=mail.pk).update(delivered=delivered, refused=refused)
        _defer(mail, attempts, "; ".join(f"{a}: {r}" for a, r in result.deferred.items()))
        return False
    _finish(mail, attempts, delivered=delivered, refused=refused)
    return True


def _defer(mail: NoticeMail, attempts: int, error: str) -> None:
    exhausted = attempts >= settings.SEND_MAX_ATTEMPTS
    NoticeMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.FAILED if exhausted else MailStatus.PENDING,
        claimed_at=None,
        attempts=attempts,
        next_attempt_at=next_attempt(attempts),
        last_error=error[:2000],
    )
    if exhausted:
        logger.error("Notice %s given up after %s attempts: %s", mail.pk, attempts, error)


def _finish(mail: NoticeMail, attempts: int, *, delivered: list, refused: dict) -> None:
    NoticeMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT if delivered else MailStatus.FAILED,
        delivered=delivered,
        refused=refused,
        attempts=attempts,
        sent_at=timezone.now(),
        claimed_at=None,
        last_error="; ".join(f"{a}: {r}" for a, r in refused.items())[:2000],
    )


def sweep(limit: int = 500) -> int:
    """Send every due notice (the broker was down, the server deferred it, or its
    worker died). Stops starting sends at half the claim timeout, so the task's
    time limit never cuts one short; the next sweep takes the rest."""
    started = time.monotonic()
    budget = claim_timeout().total_seconds() / 2
    due = NoticeMail.objects.filter(_claimable(timezone.now())).order_by("next_attempt_at")
    count = 0
    for mail_id in list(due.values_list("pk", flat=True)[:limit]):
        if time.monotonic() - started > budget:
            break
        send(mail_id)
        count += 1
    return count
