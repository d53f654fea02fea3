"""Admin views of compliance and consolidated reports (department and administrators)."""

from datetime import datetime

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from directives import reporting
from directives.compliance import Outcome
from directives.locales import in_source_locale
from directives.matrix import build_matrix
from directives.models import ConsolidatedReport, DirectivePage, ReportSchedule
from directives.rendering import on_demand_meta, render_xlsx
from directives.views import DepartmentPageView, department_only

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ComplianceMatrixView(DepartmentPageView):
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
        as_of = self.day("as_of", timezone.localdate())
        since = self.day("since", None)
        if since and since > as_of:
            messages.warning(self.request, _("“Từ ngày” sau “tính đến ngày”: bỏ qua."))
            since = None
        return directives, chosen, as_of, since

    def day(self, name, default):
        raw = self.request.GET.get(name, "").strip()
        if not raw:
            return default
        try:
            return datetime.strptime(raw, "%d/%m/%Y").date()
        except ValueError:
            messages.warning(
                self.request,
                _("Ngày “%(value)s” không hợp lệ (ghi theo dạng dd/mm/yyyy): bỏ qua.")
                % {"value": raw[:20]},
            )
            return default

    def get(self, request, *args, **kwargs):
        directives, chosen, as_of, since = self.choices()
        selected = [chosen] if chosen else directives
        matrix = build_matrix(directives=selected, as_of=as_of, since=since) if selected else None
        if matrix is not None and request.GET.get("format") == "xlsx":
            meta = on_demand_meta(matrix)
            response = HttpResponse(render_xlsx(matrix, meta), content_type=XLSX)
            response["Content-Disposition"] = (
                f'attachment; filename="tinh-hinh-thuc-hien-{as_of:%Y%m%d}.xlsx"'
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
    stored = {"pdf": report.pdf, "xlsx": report.xlsx}.get(kind)
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=stored.name.rsplit("/", 1)[-1]
    )


@require_POST
def resend_report(request, pk: int):
    department_only(request)
    report = get_object_or_404(ConsolidatedReport, pk=pk)
    reporting.resend(report)
    messages.success(request, _("Đã đưa báo cáo vào hàng đợi gửi lại."))
    return redirect(request.POST.get("next") or "wagtailadmin_home")


@require_POST
def compile_now(request, pk: int):
    department_only(request)
    schedule = get_object_or_404(ReportSchedule, pk=pk)
    try:
        report = reporting.compile_scheduled(schedule_id=schedule.pk, run_day=timezone.localdate())
    except ValueError as error:
        messages.error(request, str(error))
    else:
        if report is None:
            messages.warning(request, _("Lịch báo cáo đang tắt."))
        else:
            messages.success(request, _("Đã tổng hợp: %(title)s") % {"title": report.title})
    return redirect(request.POST.get("next") or "wagtailadmin_home")
