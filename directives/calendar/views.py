"""The deadline calendar: a month view in the admin, the feed address's buttons, and
the feed itself (public by token: calendar apps cannot sign in)."""

import calendar as month_calendar
from datetime import date, datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from directives.admin_shell import PortalAdminView
from directives.calendar.events import by_day, deadlines_between
from directives.calendar.feeds import (
    active_feed,
    calendar_scope,
    feed_create,
    feed_deadlines,
    feed_owner,
    feed_revoke,
    render_ics,
)


def month_param(request, today: date) -> date:
    """The first day of the month asked for as ?thang=MM/YYYY (this month otherwise)."""
    raw = request.GET.get("thang", "").strip()
    if not raw:
        return today.replace(day=1)
    try:
        return datetime.strptime(raw, "%m/%Y").date()
    except ValueError:
        messages.warning(
            request,
            _("Tháng “%(value)s” không hợp lệ (ghi theo dạng mm/yyyy): hiện tháng này.")
            % {"value": raw[:20]},
        )
        return today.replace(day=1)


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class CalendarView(PortalAdminView):
    template_name = "directives/calendar/month.html"
    page_title = gettext_lazy("Lịch hạn báo cáo")
    header_icon = "date"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        first = month_param(request, today)
        last = date.fromordinal(_shift(first, 1).toordinal() - 1)
        scope = calendar_scope(request.user)
        days = by_day(deadlines_between(unit_ids=scope, first=first, last=last))
        weeks = [
            [(day, days.get(day, [])) if day.month == first.month else (None, []) for day in week]
            for week in month_calendar.Calendar().monthdatescalendar(first.year, first.month)
        ]
        context = self.get_context_data(
            first=first,
            weeks=weeks,
            today=today,
            previous=_shift(first, -1),
            following=_shift(first, 1),
            weekdays=[
                _("Thứ Hai"),
                _("Thứ Ba"),
                _("Thứ Tư"),
                _("Thứ Năm"),
                _("Thứ Sáu"),
                _("Thứ Bảy"),
                _("Chủ nhật"),
            ],
            listing=sorted(days.items()),
            everyone=scope is None,
            feed=active_feed(request.user),
            new_feed_url=request.session.pop("calendar_feed_url", None),
        )
        return self.render_to_response(context)


calendar_view = CalendarView.as_view()


@require_POST
def feed_action(request):
    """Make a new feed address (shown once) or revoke the current one."""
    if request.POST.get("action") == "revoke":
        if feed_revoke(user=request.user):
            messages.success(
                request, _("Đã thu hồi đường dẫn lịch: ứng dụng lịch sẽ không còn nhận được hạn.")
            )
        else:
            messages.info(request, _("Chưa có đường dẫn lịch nào để thu hồi."))
    else:
        # Shown on the next page only: the address is not kept, only its hash.
        request.session["calendar_feed_url"] = feed_create(user=request.user)
        messages.success(
            request, _("Đã tạo đường dẫn lịch mới; đường dẫn cũ (nếu có) không còn dùng được.")
        )
    return redirect("directives_calendar")


@require_GET
def feed(request, token: str):
    """The .ics feed: nothing at all for an unknown or revoked token or an inactive user."""
    user = feed_owner(token)
    if user is None:
        raise Http404
    content = render_ics(
        feed_deadlines(user, timezone.localdate()), name=_("Hạn báo cáo — Cổng chỉ đạo")
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="han-bao-cao.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
