"""Consolidated reports: compile once per schedule and period, send exactly once.

Compile and send are idempotent so that two workers, a redelivered message or
beat catching up after downtime change nothing:
- compiling finds the existing record for (schedule, period) instead of making
  a second one (a unique constraint backs this up);
- sending first claims the record with one conditional UPDATE (compiled ->
  sending); whoever does not win the claim does nothing. The Message-ID is
  fixed at the first claim and reused on every retry, so that in the one
  unavoidable window (the SMTP server accepted, then the worker died before
  recording it) a resend carries the same Message-ID and mail clients fold it.
"""

import logging
import smtplib
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, make_msgid
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.matrix import build_matrix, directives_for
from directives.models import ConsolidatedReport, ReportSchedule, ReportStatus
from directives.notifications import contact_addresses
from directives.rendering import ReportMeta, render_pdf, render_xlsx, report_title, results_excerpts
from directives.scheduling import report_period

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died: the report may be sent again.
STALE_CLAIM = timedelta(minutes=30)


class PermanentSendError(Exception):
    """The mail server refused every recipient: retrying will not help."""


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
    # Periodic tasks: every period of the report's span, one column each.
    matrix = build_matrix(directives=directives, as_of=as_of, since=meta.period_start)
    meta.excerpts = results_excerpts(matrix)
    return (
        matrix,
        render_pdf(matrix, meta) if pdf else None,
        render_xlsx(matrix, meta) if xlsx else None,
    )


def compile_report(
    *, schedule: ReportSchedule, period_start: date, period_end: date, as_of: date | None = None
) -> tuple[ConsolidatedReport, bool]:
    """The report of a schedule for a period; (record, created). Never two per period."""
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
    matrix, pdf, xlsx = render_files(
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
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another worker compiled the same period meanwhile: keep theirs.
        for stored in (report.pdf, report.xlsx):
            if stored:
                stored.delete(save=False)
        return ConsolidatedReport.objects.get(
            schedule=schedule, period_start=period_start, period_end=period_end
        ), False
    return report, True


def period_for(schedule: ReportSchedule, run_day: date) -> tuple[date, date]:
    previous = schedule.reports.order_by("-period_end").values_list("period_end", flat=True).first()
    return report_period(schedule.frequency, run_day, previous)


def compile_scheduled(*, schedule_id: int, run_day: date) -> ConsolidatedReport | None:
    schedule = ReportSchedule.objects.filter(pk=schedule_id, enabled=True).first()
    if schedule is None:
        return None
    start, end = period_for(schedule, run_day)
    report, created = compile_report(schedule=schedule, period_start=start, period_end=end)
    if created or report.status == ReportStatus.COMPILED:
        enqueue_send(report)
    return report


def enqueue_send(report: ConsolidatedReport) -> None:
    """Queue the e-mail only once the record is committed (the worker must find it)."""
    from directives.tasks import send_consolidated_report

    def send():
        try:
            send_consolidated_report.delay(report.pk)
        except Exception:
            # The daily reconcile picks it up.
            logger.exception("Could not queue report %s", report.pk)

    transaction.on_commit(send)


def claim(report_id: int) -> ConsolidatedReport | None:
    """Atomically take a report for sending; None if someone else has it or it is sent."""
    now = timezone.now()
    taken = ConsolidatedReport.objects.filter(
        Q(status=ReportStatus.COMPILED)
        | Q(status=ReportStatus.SENDING, claimed_at__lt=now - STALE_CLAIM),
        pk=report_id,
    ).update(status=ReportStatus.SENDING, claimed_at=now)
    if not taken:
        return None
    report = ConsolidatedReport.objects.select_related("schedule").get(pk=report_id)
    if not report.message_id:
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
        report.message_id = make_msgid(idstring=f"report-{report.pk}", domain=domain)
        report.save(update_fields=["message_id"])
    return report


def _message(report: ConsolidatedReport, recipients: list[str]) -> EmailMessage:
    message = EmailMessage(
        subject=report.title,
        body=_(
            "Kính gửi các đồng chí,\n\nBan Tuyên giáo Tỉnh ủy gửi kèm %(title)s.\n"
            "Số liệu tính đến ngày %(as_of)s.\n"
        )
        % {"title": report.title, "as_of": f"{report.as_of:%d/%m/%Y}"},
        bcc=recipients,
        headers={"Message-ID": report.message_id},
    )
    for field in (report.pdf, report.xlsx):
        if field:
            with field.open("rb") as handle:
                message.attach(field.name.rsplit("/", 1)[-1], handle.read())
    return message


def send_report(report_id: int) -> bool:
    """Send a compiled report once. Returns True if this call sent it.

    Connection problems release the claim and re-raise (the task retries);
    a server refusing every address marks the report failed (no retry).
    """
    report = claim(report_id)
    if report is None:
        return False
    recipients = schedule_recipients(report.schedule) if report.schedule else []
    if not recipients:
        _finish(report, ReportStatus.FAILED, error=_("Lịch báo cáo không có người nhận."))
        return False
    try:
        _message(report, recipients).send()
    except smtplib.SMTPRecipientsRefused as refused:
        _finish(
            report,
            ReportStatus.FAILED,
            error=_("Máy chủ thư từ chối: %(who)s")
            % {"who": ", ".join(sorted(refused.recipients))},
        )
        raise PermanentSendError(str(refused.recipients)) from refused
    except Exception as error:
        ConsolidatedReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.COMPILED,
            claimed_at=None,
            attempts=report.attempts + 1,
            last_error=str(error)[:2000],
        )
        raise
    _finish(report, ReportStatus.SENT, recipients=recipients)
    return True


def _finish(report, status, *, recipients=(), error=""):
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        status=status,
        sent_at=timezone.now() if status == ReportStatus.SENT else None,
        sent_to=list(recipients),
        attempts=report.attempts + 1,
        last_error=error,
    )


def resend(report: ConsolidatedReport) -> None:
    """An administrator's explicit "send again": a new Message-ID, a fresh claim."""
    ConsolidatedReport.objects.filter(pk=report.pk).exclude(status=ReportStatus.SENDING).update(
        status=ReportStatus.COMPILED, message_id="", claimed_at=None
    )
    enqueue_send(report)


def reconcile() -> int:
    """Re-queue every report compiled but not sent, or stuck with a dead worker's claim."""
    stuck = ConsolidatedReport.objects.filter(
        Q(status=ReportStatus.COMPILED)
        | Q(status=ReportStatus.SENDING, claimed_at__lt=timezone.now() - STALE_CLAIM)
    )
    count = 0
    for report in stuck:
        enqueue_send(report)
        count += 1
    return count
