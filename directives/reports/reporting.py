"""Consolidated reports: compile once per schedule and period, send exactly once.

Compile and send are idempotent so that two workers, a redelivered message or
beat catching up after downtime change nothing:
- compiling finds the existing record for (schedule, period) instead of making
  a second one (a unique constraint backs this up);
- sending first claims the record with one conditional UPDATE (compiled ->
  sending); whoever does not win the claim does nothing. Each recipient's
  outcome is recorded (delivered, refused for good), so a retry after a
  "try again later" goes to the remaining addresses only. The Message-ID is
  fixed at the first claim and reused on every retry, so that in the one
  unavoidable window (the SMTP server accepted, then the worker died before
  recording it) a resend carries the same Message-ID and mail clients fold it.
"""

import logging
import time
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, make_msgid
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directives import tasks
from directives.compliance.matrix import build_matrix, directives_for
from directives.models import ConsolidatedReport, ReportSchedule, ReportStatus
from directives.notices.addresses import contact_addresses
from directives.notices.delivery import (
    Delivery,
    PermanentSendError,
    TemporarySendError,
    claim_timeout,
    deliver,
    next_attempt,
)
from directives.notices.outbox import message_domain
from directives.reports.rendering import (
    ReportMeta,
    render_pdf,
    render_xlsx,
    report_title,
    results_excerpts,
)
from directives.reports.scheduling import (
    Span,
    complete_periods,
    due_periods,
    schedule_expression,
)
from directives.reports.word import render_docx

logger = logging.getLogger(__name__)


def schedule_directives(schedule: ReportSchedule):
    found = []
    for directive in schedule.directives.all():
        for page in directives_for(directive.pk):
            if page not in found:
                found.append(page)
    return found


def schedule_recipients(schedule: ReportSchedule) -> list[str]:
    addresses = [r.email for r in schedule.recipients.all()]
    for unit in schedule.recipient_units.prefetch_related("contact_emails"):
        addresses += contact_addresses(unit)
    return sorted(set(addresses))


def render_files(directives, *, as_of: date, meta: ReportMeta, pdf: bool = True, xlsx: bool = True):
    """The matrix and its files; the Word file is always made, for the department to
    edit, sign and stamp."""
    # Periodic tasks: every period of the report's span, one column each.
    matrix = build_matrix(directives=directives, as_of=as_of, since=meta.period_start)
    meta.excerpts = results_excerpts(matrix)
    return (
        matrix,
        render_pdf(matrix, meta) if pdf else None,
        render_xlsx(matrix, meta) if xlsx else None,
        render_docx(matrix, meta),
    )


def compile_report(
    *, schedule: ReportSchedule, period_start: date, period_end: date, as_of: date | None = None
) -> tuple[ConsolidatedReport, bool]:
    """The report of a schedule for a period; (record, created). Never two per period,
    and never a period that has not ended: its figures would still change."""
    if period_start > period_end:
        raise ValueError(_("Kỳ báo cáo không hợp lệ: ngày bắt đầu sau ngày kết thúc."))
    if period_end >= timezone.localdate():
        raise ValueError(
            _("Kỳ %(start)s - %(end)s chưa kết thúc: chưa thể tổng hợp báo cáo của kỳ này.")
            % {"start": f"{period_start:%d/%m/%Y}", "end": f"{period_end:%d/%m/%Y}"}
        )
    existing = ConsolidatedReport.objects.filter(
        schedule=schedule, period_start=period_start, period_end=period_end
    ).first()
    if existing is not None:
        return existing, False
    as_of = as_of or period_end
    directives = schedule_directives(schedule)
    if not directives:
        raise ValueError(_("Lịch báo cáo chưa có văn bản nào đang đăng."))
    meta = ReportMeta.from_schedule(
        schedule, issued_on=timezone.localdate(), period_start=period_start, period_end=period_end
    )
    matrix, pdf, xlsx, docx = render_files(
        directives, as_of=as_of, meta=meta, pdf=schedule.send_pdf, xlsx=schedule.send_xlsx
    )
    stem = f"bao-cao-{directives[0].slug}-{period_start:%Y%m%d}-{period_end:%Y%m%d}"
    report = ConsolidatedReport(
        schedule=schedule,
        title=f"{report_title(matrix)} ({period_start:%d/%m/%Y} - {period_end:%d/%m/%Y})",
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        snapshot=matrix.as_json(),
    )
    if pdf:
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    if xlsx:
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    report.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another worker compiled the same period meanwhile: keep theirs.
        for stored in (report.pdf, report.xlsx, report.docx):
            if stored:
                stored.delete(save=False)
        return ConsolidatedReport.objects.get(
            schedule=schedule, period_start=period_start, period_end=period_end
        ), False
    return report, True


def choosable_periods(schedule: ReportSchedule, run_day: date, count: int = 12) -> list[Span]:
    """The complete periods "compile now" offers, newest (the default) first; none for
    a crontab that cannot be read (the form refuses to save one)."""
    try:
        return complete_periods(schedule_expression(schedule), run_day, count)
    except ValueError:
        return []


def compile_scheduled(
    *, schedule_id: int, run_day: date, period: Span | None = None
) -> ConsolidatedReport | None:
    """Compile (once) and queue for sending the schedule's last complete period before
    run_day, or the given one; None if the schedule is off."""
    schedule = ReportSchedule.objects.filter(pk=schedule_id, enabled=True).first()
    if schedule is None:
        return None
    if period is None:
        periods = choosable_periods(schedule, run_day, count=1)
        if not periods:
            raise ValueError(_("Lịch báo cáo này chưa có kỳ nào đã kết thúc."))
        period = periods[0]
    report, created = compile_report(
        schedule=schedule, period_start=period[0], period_end=period[1]
    )
    if created or report.status == ReportStatus.COMPILED:
        enqueue_send(report)
    return report


# Periods one catch-up check compiles per schedule at most.
CATCH_UP_PER_CHECK = 12


def catch_up(now: datetime | None = None) -> list[ConsolidatedReport]:
    """Compile and queue every period an enabled schedule owes and has no report for.

    Beat's DatabaseScheduler drops a crontab run missed by more than about two
    hours, so what is owed is worked out from the schedules' own timing and our
    records; the unique (schedule, period) keeps a period that beat did run from
    being compiled twice.
    """
    now = now or timezone.now()
    compiled = []
    for schedule in ReportSchedule.objects.filter(enabled=True):
        try:
            owed = due_periods(schedule_expression(schedule), schedule.reporting_since, now)
        except ValueError:
            # An unreadable crontab (the admin form refuses one) must not stop the others.
            logger.exception("Schedule %s has an unreadable crontab", schedule.pk)
            continue
        have = set(schedule.reports.values_list("period_start", "period_end"))
        missing = [span for span in owed if span not in have]
        # Oldest first, a few at a time: a PDF takes seconds and the task has a time
        # limit; the next hourly check takes the rest.
        for start, end in missing[:CATCH_UP_PER_CHECK]:
            try:
                report, created = compile_report(
                    schedule=schedule, period_start=start, period_end=end
                )
            except ValueError:
                # Nothing to report on yet (no live directive): the next check retries.
                logger.exception(
                    "Could not catch up schedule %s for %s-%s", schedule.pk, start, end
                )
                break
            if created:
                enqueue_send(report)
                compiled.append(report)
    return compiled


def enqueue_send(report: ConsolidatedReport) -> None:
    """Queue the e-mail only once the record is committed (the worker must find it).
    The record itself is the durable part: with the broker down, the sweep
    (`reconcile`, every OUTBOX_SWEEP_SECONDS) sends it."""

    def send():
        try:
            tasks.send_consolidated_report.delay(report.pk)
        except Exception:
            logger.warning("Broker unavailable; report %s waits for the sweep", report.pk)

    transaction.on_commit(send)


def _claimable(now) -> Q:
    """Compiled and due (not deferred to later), or claimed by a worker that has since died."""
    due = Q(status=ReportStatus.COMPILED) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return due | Q(status=ReportStatus.SENDING, claimed_at__lt=now - claim_timeout())


def claim(report_id: int) -> ConsolidatedReport | None:
    """Atomically take a report for sending; None if someone else has it or it is sent."""
    now = timezone.now()
    taken = ConsolidatedReport.objects.filter(_claimable(now), pk=report_id).update(
        status=ReportStatus.SENDING, claimed_at=now
    )
    if not taken:
        return None
    report = ConsolidatedReport.objects.select_related("schedule").get(pk=report_id)
    if not report.message_id:
        report.message_id = make_msgid(idstring=f"report-{report.pk}", domain=message_domain())
        report.save(update_fields=["message_id"])
    return report


def _message(report: ConsolidatedReport) -> EmailMessage:
    message = EmailMessage(
        subject=report.title,
        body=_(
            "Kính gửi các đồng chí,\n\nBan Tuyên giáo Tỉnh ủy gửi kèm %(title)s.\n"
            "Số liệu tính đến ngày %(as_of)s.\n"
        )
        % {"title": report.title, "as_of": f"{report.as_of:%d/%m/%Y}"},
        headers={"Message-ID": report.message_id},
    )
    attached = [report.pdf, report.xlsx]
    if report.schedule.send_docx:
        attached.append(report.docx)
    for field in attached:
        if field:
            with field.open("rb") as handle:
                message.attach(field.name.rsplit("/", 1)[-1], handle.read())
    return message


def send_report(report_id: int) -> bool:
    """Send a compiled report once to each recipient. Returns True if this call
    finished it with at least one recipient reached.

    A "try again later" (4xx) or an unreachable server keeps what was delivered,
    releases the claim and sets the next attempt (backoff); the sweep retries the
    remaining addresses alone. A 5xx refusal is recorded for that address for good.
    """
    report = claim(report_id)
    if report is None:
        return False
    attempts = report.attempts + 1
    recipients = schedule_recipients(report.schedule) if report.schedule else []
    if not recipients:
        _finish(
            report, attempts, delivered=[], refused={}, error=_("Lịch báo cáo không có người nhận.")
        )
        return False
    done = set(report.sent_to) | set(report.refused)
    pending = [address for address in recipients if address not in done]
    try:
        result = deliver(_message(report), pending) if pending else Delivery()
    except TemporarySendError as error:
        _defer(report, attempts, str(error))
        return False
    except PermanentSendError as error:
        refused = {**report.refused, **dict.fromkeys(pending, str(error))}
        _finish(report, attempts, delivered=report.sent_to, refused=refused)
        logger.error("Report %s refused by the mail server: %s", report.pk, error)
        return False
    delivered = [*report.sent_to, *result.delivered]
    refused = {**report.refused, **result.refused}
    if result.refused:
        logger.error("Report %s refused for %s", report.pk, sorted(result.refused))
    if result.deferred:
        ConsolidatedReport.objects.filter(pk=report.pk).update(sent_to=delivered, refused=refused)
        _defer(report, attempts, "; ".join(f"{a}: {r}" for a, r in result.deferred.items()))
        return False
    _finish(report, attempts, delivered=delivered, refused=refused)
    return bool(delivered)


def _defer(report: ConsolidatedReport, attempts: int, error: str) -> None:
    exhausted = attempts >= settings.SEND_MAX_ATTEMPTS
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED if exhausted else ReportStatus.COMPILED,
        claimed_at=None,
        attempts=attempts,
        next_attempt_at=None if exhausted else next_attempt(attempts),
        last_error=error[:2000],
    )


def _finish(
    report: ConsolidatedReport,
    attempts: int,
    *,
    delivered: Iterable[str],
    refused: dict[str, str],
    error: str = "",
) -> None:
    delivered = list(delivered)
    if refused and not error:
        error = _("Máy chủ thư từ chối: %(who)s") % {"who": ", ".join(sorted(refused))}
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.SENT if delivered else ReportStatus.FAILED,
        sent_at=timezone.now() if delivered else None,
        sent_to=delivered,
        refused=refused,
        attempts=attempts,
        claimed_at=None,
        next_attempt_at=None,
        last_error=error,
    )


def resend(report: ConsolidatedReport) -> None:
    """An administrator's explicit "send again": to everyone, a new Message-ID, a fresh claim."""
    ConsolidatedReport.objects.filter(pk=report.pk).exclude(status=ReportStatus.SENDING).update(
        status=ReportStatus.COMPILED,
        message_id="",
        claimed_at=None,
        next_attempt_at=None,
        sent_to=[],
        refused={},
    )
    enqueue_send(report)


def reconcile() -> int:
    """Send every report that is due: compiled but unsent (the broker was down),
    deferred by the mail server, or stuck with a dead worker's claim. Sends
    inline, and stops starting new ones well before the claim timeout, so that
    the task's time limit never cuts a send short."""
    started = time.monotonic()
    budget = claim_timeout().total_seconds() / 2
    due = ConsolidatedReport.objects.filter(_claimable(timezone.now())).order_by("pk")
    count = 0
    for report_id in list(due.values_list("pk", flat=True)):
        if time.monotonic() - started > budget:
            break
        send_report(report_id)
        count += 1
    return count
