"""The board's pages: /admin/board/ (department, its leaders, administrators), its
ranking as XLSX, and the reminder buttons of the board and the matrix."""

from collections import Counter

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives import caching
from directives.admin_shell import day_param
from directives.board.charts import bar_chart, line_chart
from directives.board.export import ranking_xlsx
from directives.board.figures import Light, build_board, month_starts, rank, ranking_key
from directives.compliance.matrix import directives_for
from directives.models import UnitCategory
from directives.notices.on_demand import remind_overdue
from directives.reports.views import XLSX, back
from directives.units.views import ReaderPageView, readers_only

RANKING_RULE = gettext_lazy(
    "Cách xếp hạng: (1) tỷ lệ hoàn thành đúng hạn, cao trước (tính trên việc đã đến hạn "
    "hoặc đã xong); (2) tổng số ngày trễ hạn, ít trước; (3) số lần bị trả lại, ít trước. "
    "Đơn vị bằng nhau cả ba tiêu chí thì đồng hạng và xếp theo thứ tự trong danh mục đơn "
    "vị. Đơn vị chưa có việc đến hạn xếp cuối."
)


# Directives shown in full on the board, the most pressing first (`urgency`).
DETAILED_DIRECTIVES = 15


def urgency(figures) -> tuple:
    """Most overdue work first, then most due this week, then the newest."""
    issued = figures.directive.issued_on
    return (
        -figures.overdue,
        -len(figures.due_this_week),
        -(issued.toordinal() if issued else 0),
        -figures.directive.pk,
    )


class BoardView(ReaderPageView):
    template_name = "directives/board/board.html"
    page_title = gettext_lazy("Bảng điều hành")
    header_icon = "view"

    def get(self, request, *args, **kwargs):
        category = request.GET.get("category", "")
        if category and category not in UnitCategory.values:
            messages.warning(request, _("Bỏ qua loại đơn vị lọc không hợp lệ."))
            category = ""
        as_of = day_param(request, "as_of", timezone.localdate())
        # The same for every reader (they all read everything): computed once per
        # content generation (directives.caching), day and filter.
        board = caching.cached(
            "board",
            as_of,
            category,
            compute=lambda: build_board(today=as_of, category=category or None),
        )
        ranked = rank(board.units)
        if request.GET.get("format") == "xlsx":
            title = _("Xếp hạng đơn vị thực hiện nhiệm vụ, tính đến %(day)s") % {
                "day": f"{as_of:%d/%m/%Y}"
            }
            response = HttpResponse(
                ranking_xlsx(ranked, title=title, rule=str(RANKING_RULE)), content_type=XLSX
            )
            response["Content-Disposition"] = (
                f'attachment; filename="xep-hang-don-vi-{as_of:%Y%m%d}.xlsx"'
            )
            return response
        # The board below the filters is the same for every reader too: rendered once
        # per generation, day, filter, language and time zone (it took 90 ms a visit),
        # its reminder forms given each reader's own CSRF token.
        body = caching.cached(
            "board-html",
            as_of,
            category,
            get_language(),
            timezone.get_current_timezone_name(),
            request.get_full_path(),
            compute=lambda: render_to_string(
                "directives/board/board_body.html",
                {
                    **_body_context(board, ranked, as_of, request),
                    "csrf_token": caching.CSRF_PLACEHOLDER,
                },
                request=request,
            ),
        )
        context = self.get_context_data(
            board_body=caching.with_csrf(body, get_token(request)),
            categories=UnitCategory.choices,
            category=category,
            # What was typed stays in the box, also when it was refused (31/02).
            as_of_typed=request.GET.get("as_of", "").strip()[:20] or f"{as_of:%d/%m/%Y}",
        )
        return self.render_to_response(context)


def _body_context(board, ranked, as_of, request) -> dict:
    """What the board's body shows: figures, the most pressing directives in full,
    the ranking with its ties, the units by light, the charts."""
    starts = month_starts(as_of)
    months = [f"{s:%m/%Y}" for s in starts]
    trend_rows = {label: [p.rate for p in points] for label, points in board.trend.items()}
    # The most pressing directives in full, the others one line each.
    pressing = sorted(board.directives, key=urgency)
    detailed, others = pressing[:DETAILED_DIRECTIVES], pressing[DETAILED_DIRECTIVES:]
    keys = Counter(ranking_key(r.figures) for r in ranked)
    lights = dict.fromkeys(Light.LABELS, 0)
    for figures in board.units:
        lights[figures.light] += 1
    return {
        "board": board,
        "ranked": ranked,
        "ranking_rule": RANKING_RULE,
        # The ranking's ties, for the "đồng hạng" mark.
        "tied": {r.figures.unit.pk for r in ranked if keys[ranking_key(r.figures)] > 1},
        "units": sorted(
            board.units,
            key=lambda f: (
                list(Light.LABELS).index(f.light),
                -f.days_late,
                f.unit.sort_order,
                f.unit.name,
            ),
        ),
        "lights": [(light, Light.LABELS[light], count) for light, count in lights.items()],
        "detailed": detailed,
        "others": others,
        "directive_chart": bar_chart(
            [
                (d.directive.number_symbol or d.directive.title, d.tally.on_time_rate)
                for d in detailed
            ]
        ),
        "trend_chart": line_chart(trend_rows, months),
        "trend": board.trend,
        "months": months,
        "query": request.GET.urlencode(),
    }


board_view = BoardView.as_view()


@require_POST
def remind(request):
    """ "Nhắc nhở" (one unit) or "Nhắc tất cả đơn vị quá hạn" (one directive)."""
    readers_only(request)
    unit_ids = directive_ids = None
    if unit := request.POST.get("unit", "").strip():
        if not unit.isdigit():
            messages.error(request, _("Không rõ đơn vị cần nhắc."))
            return back(request)
        unit_ids = [int(unit)]
    if directive := request.POST.get("directive", "").strip():
        found = directives_for(directive)
        if not found:
            messages.error(request, _("Không tìm thấy văn bản cần nhắc."))
            return back(request)
        directive_ids = [d.pk for d in found]
    if unit_ids is None and directive_ids is None:
        messages.error(request, _("Chưa chọn đơn vị hoặc văn bản cần nhắc."))
        return back(request)
    result = remind_overdue(
        user=request.user,
        today=timezone.localdate(),
        unit_ids=unit_ids,
        directive_ids=directive_ids,
    )

    def names(units) -> str:
        return ", ".join(u.name for u in units)

    if result.sent:
        messages.success(
            request,
            ngettext(
                "Đã gửi nhắc nhở tới %(n)s đơn vị: %(units)s.",
                "Đã gửi nhắc nhở tới %(n)s đơn vị: %(units)s.",
                len(result.sent),
            )
            % {"n": len(result.sent), "units": names(result.sent)},
        )
    if result.already:
        messages.info(
            request,
            _(
                "Hôm nay đã nhắc %(units)s về các nhiệm vụ quá hạn này: không gửi lại "
                "(mỗi đơn vị được nhắc mỗi nhiệm vụ một lần một ngày)."
            )
            % {"units": names(result.already)},
        )
    if result.unreachable:
        messages.error(
            request,
            _("Không gửi được cho %(units)s: đơn vị chưa có địa chỉ nhận thông báo.")
            % {"units": names(result.unreachable)},
        )
    if not (result.sent or result.already or result.unreachable):
        messages.info(request, _("Không có nhiệm vụ quá hạn nào cần nhắc."))
    return back(request)
