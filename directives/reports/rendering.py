"""A consolidated report rendered as a Party-style PDF (weasyprint) and an XLSX annex."""

import gc
import html
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from directives.compliance.matrix import Matrix
from directives.compliance.rules import Outcome
from directives.indicators.definitions import Kind, format_figure
from directives.locales import in_source_locale
from directives.models import ReportSchedule, ResultsReportPage
from directives.models.reports import ISSUING_BODY, ISSUING_PARENT

FORMULA_PREFIXES = ("=", "+", "-", "@")
FILLS = {
    Outcome.DONE_ON_TIME: "DFF3E4",
    Outcome.DONE_LATE: "FFE6CC",
    Outcome.PENDING: "EEF1F4",
    Outcome.OVERDUE: "FDE2E1",
}
EXCERPT_WORDS = 60


@dataclass
class ReportMeta:
    """What the header, title and signature block say."""

    issuing_parent: str = ISSUING_PARENT
    issuing_body: str = ISSUING_BODY
    number_symbol: str = "-BC/BTGTU"
    place: str = "Lâm Đồng"
    issued_on: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    report_recipients: str = ""
    signing_authority: str = ""
    signer_position: str = ""
    signer_name: str = ""
    excerpts: list = field(default_factory=list)

    @classmethod
    def from_schedule(cls, schedule: ReportSchedule, **kwargs) -> "ReportMeta":
        names = (
            "issuing_parent",
            "issuing_body",
            "number_symbol",
            "place",
            "report_recipients",
            "signing_authority",
            "signer_position",
            "signer_name",
        )
        return cls(**{name: getattr(schedule, name) for name in names}, **kwargs)


def on_demand_meta(matrix: Matrix) -> ReportMeta:
    """Header, excerpts, recipients and signature block for a report asked for now (matrix
    page, command line): those of the directive's schedule where it has one, else the
    schedule's defaults, so that the draft the department edits is a whole Party report."""
    schedule = (
        ReportSchedule.objects.filter(directives=matrix.directives[0], enabled=True)
        .order_by("pk")
        .first()
        if matrix.directives
        else None
    )
    return ReportMeta.from_schedule(
        schedule or ReportSchedule(),
        issued_on=timezone.localdate(),
        period_end=matrix.as_of,
        excerpts=results_excerpts(matrix),
    )


# On paper the number is written in by hand after signing: leave room before "-BC/…".
NUMBER_GAP = "\u2003" * 3


def number_line(number_symbol: str) -> str:
    """'12-BC/BTGTU' as given, or '      -BC/BTGTU' with room for a number yet to come.

    A "Số" typed into the field is dropped: the template prints its own.
    """
    number_symbol = " ".join(number_symbol.split())
    if number_symbol[:3].casefold() == "số ":
        number_symbol = number_symbol[3:]
    if not number_symbol or number_symbol.startswith("-"):
        return f"{NUMBER_GAP}{number_symbol}"
    return number_symbol


def place_date(place: str, day: date | None) -> str:
    """'Lâm Đồng, ngày 03 tháng 12 năm 2026'; dots where the date is still to be written."""
    if day is None:
        return _("%(place)s, ngày … tháng … năm …") % {"place": place}
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day:%d}",
        "month": f"{day:%m}",
        "year": day.year,
    }


def period_line(meta: "ReportMeta", as_of: date) -> str:
    if meta.period_start and meta.period_end:
        return _("(kỳ báo cáo từ %(start)s đến %(end)s; số liệu tính đến %(as_of)s)") % {
            "start": f"{meta.period_start:%d/%m/%Y}",
            "end": f"{meta.period_end:%d/%m/%Y}",
            "as_of": f"{as_of:%d/%m/%Y}",
        }
    return _("(số liệu tính đến %(as_of)s)") % {"as_of": f"{as_of:%d/%m/%Y}"}


def report_subject(matrix: Matrix) -> str:
    main = matrix.directives[0]
    # A document without a number is cited by its title, not by its bare type.
    document = main.heading_line if main.number_symbol else main.title
    return _("kết quả thực hiện %(document)s") % {"document": document}


def report_title(matrix: Matrix) -> str:
    return _("BÁO CÁO %(subject)s") % {"subject": report_subject(matrix)}


def results_excerpts(matrix: Matrix) -> list[tuple[str, str, date]]:
    """(unit, first words of its latest results report, date sent) per unit."""
    reports = (
        ResultsReportPage.objects.live()
        .filter(
            in_source_locale(),
            directive__in=matrix.directives,
            submitted_at__isnull=False,
            unit__in=matrix.units,
        )
        .select_related("unit")
        .order_by("unit_id", "-submitted_at")
    )
    seen, excerpts = set(), []
    for report in reports:
        if report.unit_id in seen or timezone.localtime(report.submitted_at).date() > matrix.as_of:
            continue
        seen.add(report.unit_id)
        # Plain text, unescaped: the templates and openpyxl escape it themselves
        # (left escaped, the PDF printed "&lt;" and "&amp;").
        text = " ".join(html.unescape(strip_tags(str(report.body))).split())
        excerpts.append(
            (report.unit.name, Truncator(text).words(EXCERPT_WORDS), report.submitted_at)
        )
    return excerpts


def put(sheet, row, column, value, **style):
    """Write one spreadsheet cell; text stays text: "=…", "+…", "-…", "@…" typed by a
    unit is never a formula."""
    if isinstance(value, Promise):
        value = str(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = value.startswith(FORMULA_PREFIXES)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def render_xlsx(matrix: Matrix, meta: ReportMeta) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Tổng hợp")
    bold = Font(bold=True)

    put(summary, 1, 1, report_title(matrix), font=Font(bold=True, size=13))
    put(summary, 2, 1, _("Số liệu tính đến %(day)s") % {"day": f"{matrix.as_of:%d/%m/%Y}"})
    headers = [_("Đơn vị"), _("Loại đơn vị"), *Outcome.labels, _("Bị trả lại"), _("Tỷ lệ đúng hạn")]
    for column, header in enumerate(headers, start=1):
        put(summary, 4, column, header, font=bold)
    row = 5
    for unit, _cells, tally in matrix.rows():
        values = [unit.name, unit.get_category_display(), *tally.counts.values(), tally.returned]
        for column, value in enumerate(values, start=1):
            put(summary, row, column, value)
        rate = put(summary, row, len(values) + 1, tally.on_time_rate)
        rate.number_format = "0%"
        row += 1
    values = [_("Toàn tỉnh"), "", *matrix.overall.counts.values(), matrix.overall.returned]
    for column, value in enumerate(values, start=1):
        put(summary, row, column, value, font=bold)
    put(summary, row, len(values) + 1, matrix.overall.on_time_rate, font=bold).number_format = "0%"
    summary.column_dimensions["A"].width = 42

    grid = workbook.create_sheet(_("Ma trận"))
    put(grid, 1, 1, _("Đơn vị"), font=bold)
    for column, heading in enumerate(matrix.columns, start=2):
        put(
            grid,
            1,
            column,
            f"{_('NV')} {heading.label}: {heading.task.description[:80]}",
            font=bold,
            alignment=Alignment(wrap_text=True, vertical="top"),
        )
        grid.column_dimensions[grid.cell(row=1, column=column).column_letter].width = 22
    grid.column_dimensions["A"].width = 42
    for row, (unit, cells, _tally) in enumerate(matrix.rows(), start=2):
        put(grid, row, 1, unit.name)
        for column, cell in enumerate(cells, start=2):
            if cell is None:
                continue
            text = cell.outcome.label
            if cell.submitted_at:
                text += f" ({timezone.localtime(cell.submitted_at):%d/%m/%Y})"
            if cell.returned:
                text += " - " + _("bị trả lại")
            put(grid, row, column, text, fill=PatternFill("solid", fgColor=FILLS[cell.outcome]))

    if matrix.indicators:
        indicator_sheets(workbook, matrix, bold)

    excerpts = workbook.create_sheet(_("Trích báo cáo"))
    for column, header in enumerate((_("Đơn vị"), _("Gửi lúc"), _("Trích nội dung")), start=1):
        put(excerpts, 1, column, header, font=bold)
    for row, (unit_name, text, sent) in enumerate(meta.excerpts, start=2):
        put(excerpts, row, 1, unit_name)
        put(excerpts, row, 2, f"{timezone.localtime(sent):%d/%m/%Y %H:%M}")
        put(excerpts, row, 3, text)

    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_figure(total, value):
    """A figure as a number the department can add up again; yes/no as text."""
    if value is None:
        return None
    return (
        format_figure(total.indicator.kind, value) if total.indicator.kind == Kind.YES_NO else value
    )


def indicator_sheets(workbook, matrix: Matrix, bold) -> None:
    """Totals per indicator (province and categories), each unit's figures one column per
    indicator, and the units' difficulties and proposals."""
    from openpyxl.styles import Alignment, Font

    table = matrix.indicator_table
    wrap = Alignment(wrap_text=True, vertical="top")
    totals = workbook.create_sheet(_("Chỉ tiêu"))
    put(totals, 1, 1, str(table.counting_rule), alignment=wrap)
    headers = [
        _("NV"),
        _("Mã"),
        _("Chỉ tiêu"),
        _("Đơn vị tính"),
        _("Cách tổng hợp"),
        _("Toàn tỉnh"),
        _("Đơn vị đã báo cáo"),
        _("Đơn vị được giao"),
        *table.categories,
    ]
    for column, header in enumerate(headers, start=1):
        put(totals, 3, column, header, font=bold, alignment=wrap)
    for row, (total, groups) in enumerate(table.rows, start=4):
        values = [
            total.column.label,
            total.indicator.code,
            total.indicator.name,
            total.indicator.unit_of_measure,
            str(total.aggregate_label),
            total.total,
            total.units_reported,
            total.units_expected,
            *(group.total if group else "" for group in groups),
        ]
        for column, value in enumerate(values, start=1):
            put(totals, row, column, value)
    totals.column_dimensions["C"].width = 42

    italic = Font(italic=True)
    by_unit = workbook.create_sheet(_("Số liệu theo đơn vị"))
    put(by_unit, 1, 1, _("In nghiêng: báo cáo đang chờ thẩm định."), font=italic)
    put(by_unit, 2, 1, _("Đơn vị"), font=bold)
    put(by_unit, 2, 2, _("Loại đơn vị"), font=bold)
    for column, total in enumerate(matrix.indicators, start=3):
        heading = (
            f"{_('NV')} {total.column.label} · {total.indicator.code}: {total.indicator.label}"
        )
        put(by_unit, 2, column, heading, font=bold, alignment=wrap)
        by_unit.column_dimensions[by_unit.cell(row=2, column=column).column_letter].width = 18
    by_unit.column_dimensions["A"].width = 42
    row = 3
    for unit in matrix.units:
        put(by_unit, row, 1, unit.name)
        put(by_unit, row, 2, unit.get_category_display())
        for column, total in enumerate(matrix.indicators, start=3):
            value = total.values.get(unit.pk)
            if value is not None:
                style = {"font": italic} if unit.pk in total.awaiting else {}
                put(by_unit, row, column, xlsx_figure(total, value), **style)
        row += 1
    put(by_unit, row, 1, _("Toàn tỉnh"), font=bold)
    for column, total in enumerate(matrix.indicators, start=3):
        # A yes/no indicator's total is the number of units answering "có".
        put(by_unit, row, column, total.total, font=bold)

    notes = workbook.create_sheet(_("Khó khăn, kiến nghị"))
    headers = [
        _("Đơn vị"),
        _("Tiến độ"),
        _("Kết quả nổi bật"),
        _("Khó khăn, vướng mắc"),
        _("Kiến nghị, đề xuất"),
        _("Chờ thẩm định"),
    ]
    for column, header in enumerate(headers, start=1):
        put(notes, 1, column, header, font=bold)
    for row, note in enumerate(matrix.notes, start=2):
        values = [
            note.unit_name,
            note.progress_label,
            note.highlights,
            note.difficulties,
            note.proposals,
            _("có") if note.awaiting else "",
        ]
        for column, value in enumerate(values, start=1):
            put(notes, row, column, value, alignment=wrap)
    for letter in "CDE":
        notes.column_dimensions[letter].width = 50


def chart_bars(matrix: Matrix) -> list[dict]:
    """On-time rate per unit category and overall, as bar widths for the SVG chart."""
    bars = [
        {"label": label, "rate": tally.on_time_rate}
        for label, tally in sorted(matrix.by_category.items())
    ]
    bars.append({"label": _("Toàn tỉnh"), "rate": matrix.overall.on_time_rate})
    for n, bar in enumerate(bars):
        bar["y"] = 8 + n * 26
        bar["width"] = round((bar["rate"] or 0) * 300, 1)
        bar["percent"] = "—" if bar["rate"] is None else f"{bar['rate']:.0%}"
    return bars


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


@contextmanager
def collector_paused():
    """Hold the cyclic garbage collector back for one render.

    weasyprint makes hundreds of thousands of short-lived objects for a large report
    (a box, a style and a text layout per cell); the collector's passes over them and
    over everything Django holds took a quarter of the render (bench/reports.py). The
    objects are freed by the first collection after the render.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Up to this many indicators their totals stand in the report's body; more go to the
# appendices alone (reportlab draws a table cell some twenty times faster than
# weasyprint lays one out, and nobody reads 150 rows in section I).
BODY_INDICATORS = 30


def render_pdf(matrix: Matrix, meta: ReportMeta) -> bytes:
    """The body laid out by weasyprint, then the appendices (reports.appendix)."""
    import pikepdf
    from weasyprint import HTML

    # Imported here: the appendix module draws on this one's fills and rates.
    from directives.reports.appendix import render_appendices

    bars = chart_bars(matrix)
    title = report_title(matrix)
    html = render_to_string(
        "directives/reports/report.html",
        {
            "matrix": matrix,
            "meta": meta,
            "number": number_line(meta.number_symbol),
            "place_date": place_date(meta.place, meta.issued_on),
            "period_line": period_line(meta, matrix.as_of),
            "title": title,
            "subject": report_subject(matrix),
            "outcomes": Outcome.choices,
            "bars": bars,
            "chart_height": 16 + 26 * len(bars),
            "overdue": matrix.overdue(),
            "indicator_table": matrix.indicator_table,
            "body_indicators": BODY_INDICATORS,
        },
    )
    with collector_paused():
        document = HTML(string=html).render()
        body = document.write_pdf()
        appendices = render_appendices(matrix, first_page=len(document.pages) + 1, title=title)
    if appendices is None:
        return body
    # qpdf joins the two files in 60 ms where pypdf took 270 (bench/reports.py).
    with pikepdf.open(BytesIO(body)) as joined, pikepdf.open(BytesIO(appendices)) as rest:
        joined.pages.extend(rest.pages)
        out = BytesIO()
        joined.save(out)
    return out.getvalue()
