"""The ranking as a spreadsheet (XLSX), as the board shows it."""

from io import BytesIO

from django.utils.translation import gettext as _

from directives.board.figures import RankedUnit
from directives.compliance.rules import Outcome
from directives.reports.rendering import put


def ranking_xlsx(ranked: list[RankedUnit], *, title: str, rule: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Xếp hạng")
    bold = Font(bold=True)
    put(sheet, 1, 1, title, font=Font(bold=True, size=13))
    put(sheet, 2, 1, rule)
    headers = [
        _("Hạng"),
        _("Đơn vị"),
        _("Loại đơn vị"),
        _("Tỷ lệ đúng hạn"),
        _("Đúng hạn"),
        _("Quá hạn"),
        _("Tổng số ngày trễ"),
        _("Bị trả lại"),
    ]
    for column, header in enumerate(headers, start=1):
        put(sheet, 4, column, header, font=bold)
    for row, item in enumerate(ranked, start=5):
        figures = item.figures
        values = [
            item.rank,
            figures.unit.name,
            figures.unit.get_category_display(),
            figures.tally.on_time_rate,
            figures.tally.counts[Outcome.DONE_ON_TIME],
            figures.overdue_tasks,
            figures.days_late,
            figures.tally.returned,
        ]
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row, column, value)
            if column == 4:
                cell.number_format = "0%"
    sheet.column_dimensions["B"].width = 42
    sheet.column_dimensions["C"].width = 24
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
