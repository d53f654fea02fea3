"""Admin views of compliance and consolidated reports (department and administrators)."""

from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from directives.admin_shell import ReadOnlyInspectView, day_param
from directives.compliance.matrix import build_matrix
from directives.compliance.rules import Outcome
from directives.locales import in_source_locale
from directives.models import ConsolidatedReport, DirectivePage, ReportSchedule
from directives.reports import reporting
from directives.reports.rendering import on_demand_meta, render_pdf, render_xlsx
from directives.reports.word import render_docx
from directives.units.views import ReaderPageView, department_only

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What the matrix page downloads, as it stands on screen (no number, not yet signed).
DOWNLOADS = {
    "xlsx": (render_xlsx, XLSX),
    "docx": (render_docx, DOCX),
    "pdf": (render_pdf, "application/pdf"),
}


class ComplianceMatrixView(ReaderPageView):
    """Units × tasks at a date, colour-coded, with counts and on-time rates."""

    template_name = "directives/admin/compliance_matrix.html"
    page_title = gettext_lazy("Tình hình thực hiện nhiệm vụ")
    header_icon = "table"

    def choices(self):
        params = self.request.GET
        directives = list(
            DirectivePage.objects.live()
            .filter(in_source_locale(), tasks__isnull=False)
            .distinct()
            .order_by("-issued_on", "title")
        )
        chosen = next((d for d in directives if str(d.pk) == params.get("directive")), None)
        if params.get("directive") and chosen is None:
            messages.warning(self.request, _("Bỏ qua văn bản lọc không hợp lệ."))
        as_of = day_param(self.request, "as_of", timezone.localdate())
        since = day_param(self.request, "since", None)
        if since and since > as_of:
            messages.warning(self.request, _("“Từ ngày” sau “tính đến ngày”: bỏ qua."))
            since = None
        return directives, chosen, as_of, since

    def get(self, request, *args, **kwargs):
        directives, chosen, as_of, since = self.choices()
        selected = [chosen] if chosen else directives
        matrix = build_matrix(directives=selected, as_of=as_of, since=since) if selected else None
        wanted = request.GET.get("format")
        if matrix is not None and wanted in DOWNLOADS:
            render, content_type = DOWNLOADS[wanted]
            response = HttpResponse(
                render(matrix, on_demand_meta(matrix)), content_type=content_type
            )
            response["Content-Disposition"] = (
                f'attachment; filename="tinh-hinh-thuc-hien-{as_of:%Y%m%d}.{wanted}"'
            )
            return response
        context = self.get_context_data(
            directives=directives,
            chosen=chosen,
            as_of=as_of,
            since=since,
            matrix=matrix,
            outcomes=Outcome.choices,
        )
        return self.render_to_response(context)


compliance_matrix = ComplianceMatrixView.as_view()


def download_report(request, pk: int, kind: str):
    department_only(request)
    report = get_object_or_404(ConsolidatedReport, pk=pk)
    stored = {"pdf": report.pdf, "xlsx": report.xlsx, "docx": report.docx}.get(kind)
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=stored.name.rsplit("/", 1)[-1]
    )


def back(request):
    """Where a button's form asked to return, if that is a page of this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("wagtailadmin_home")


def period_value(span: tuple[date, date]) -> str:
    """How a period travels in a form: "2026-11-01:2026-11-30"."""
    return f"{span[0]:%Y-%m-%d}:{span[1]:%Y-%m-%d}"


@require_POST
def resend_report(request, pk: int):
    department_only(request)
    report = get_object_or_404(ConsolidatedReport, pk=pk)
    reporting.resend(report)
    messages.success(request, _("Đã đưa báo cáo vào hàng đợi gửi lại."))
    return back(request)


@require_POST
def compile_now(request, pk: int):
    """Compile a schedule's last complete period, or an earlier complete one chosen
    in the listing, and queue it for sending (once: see reporting.compile_report)."""
    department_only(request)
    schedule = get_object_or_404(ReportSchedule, pk=pk)
    periods = {
        period_value(span): span
        for span in reporting.choosable_periods(schedule, timezone.localdate())
    }
    chosen = request.POST.get("period", "")
    if chosen and chosen not in periods:
        messages.error(request, _("Kỳ báo cáo đã chọn không phải một kỳ đã kết thúc của lịch này."))
        return back(request)
    # The newest complete period unless an earlier one was chosen.
    period = periods.get(chosen) or next(iter(periods.values()), None)
    existed = (
        period is not None
        and schedule.reports.filter(period_start=period[0], period_end=period[1]).exists()
    )
    try:
        report = reporting.compile_scheduled(
            schedule_id=schedule.pk, run_day=timezone.localdate(), period=period
        )
    except ValueError as error:
        messages.error(request, str(error))
    else:
        if report is None:
            messages.warning(request, _("Lịch báo cáo đang tắt."))
        elif existed:
            messages.info(
                request,
                _("Kỳ này đã được tổng hợp trước đó: %(title)s (%(status)s).")
                % {"title": report.title, "status": report.get_status_display()},
            )
        else:
            messages.success(request, _("Đã tổng hợp: %(title)s") % {"title": report.title})
    return back(request)


class ArchivedReportInspectView(ReadOnlyInspectView):
    """An archived report's page: what was compiled, for which period, where it went and
    what the mail servers said, and its files as the same downloads as the list's."""

    def get_field_label(self, field_name, field):
        if field_name == "schedule":
            return _("Lịch báo cáo")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if field_name in ("pdf", "xlsx", "docx"):
            if not getattr(self.object, field_name):
                return "—"
            url = reverse("directives_reports:download", args=[self.object.pk, field_name])
            label = _("Tải Word") if field_name == "docx" else field_name.upper()
            return format_html(
                '<a class="button button-small button-secondary" href="{}">{}</a>', url, label
            )
        return super().get_field_display_value(field_name, field)
