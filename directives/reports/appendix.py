"""The consolidated report's appendices, drawn with reportlab and put after the body.

The body (header, sections I-III, signature) is laid out by weasyprint from HTML, as a
Party document must look. The appendices are large tables: units × tasks, each unit's
figure for each indicator, the figures by category of unit. weasyprint lays out a
table cell in about a millisecond, so at 40 units × 50 tasks × 3 indicators the
appendices alone took over 20 s (bench/reports.py); reportlab draws the same cells
some twenty times faster. Same font (Times New Roman's metrics, Liberation Serif),
landscape A4, page numbers following the body's.
"""

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from directives.compliance.matrix import Matrix
from directives.compliance.rules import Outcome
from directives.reports.rendering import FILLS, rate_text

# A landscape A4 page holds the unit column and about 13 task columns of "dd/mm";
# indicator headings ("NV 1.2 · Số hội nghị") are longer, so fewer of them.
SHEET_COLUMNS = 13
FIGURE_COLUMNS = 8
RETURNED = "#4B1D7A"
# Liberation Serif has Times New Roman's metrics and every Vietnamese letter
# (fonts-liberation2); DejaVu Serif where it is missing.
FONTS = (
    ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
)  # fmt: skip


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for regular, bold in FONTS:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont("PortalSerif", regular))
            pdfmetrics.registerFont(TTFont("PortalSerif-Bold", bold))
            return "PortalSerif", "PortalSerif-Bold"
    raise RuntimeError("No Vietnamese serif font: apt-get install fonts-liberation2")


def column_slices(count: int, width: int) -> list[slice]:
    """Columns cut into sheets of at most `width`, as even as can be."""
    if not count:
        return []
    sheets = -(-count // width)
    size = -(-count // sheets)
    return [slice(start, start + size) for start in range(0, count, size)]


class Sheets:
    """Flowables of one appendix: its title, then tables of at most so many columns."""

    def __init__(self, styles):
        from reportlab.lib import colors
        from reportlab.lib.units import mm

        self.colors, self.mm, self.styles = colors, mm, styles
        self.width = 297 * mm - 35 * mm  # landscape A4 less the margins
        self.flowables = []

    def text(self, text, style="cell"):
        from reportlab.platypus import Paragraph

        return Paragraph(_escape(text), self.styles[style])

    def title(self, text):
        from reportlab.platypus import PageBreak

        if self.flowables:
            self.flowables.append(PageBreak())
        self.flowables.append(self.text(text, "title"))

    def note(self, text):
        self.flowables.append(self.text(text, "note"))

    def legend(self, entries):
        """One row of coloured cells, each named."""
        from reportlab.platypus import Spacer, Table, TableStyle

        colors = self.colors
        table = Table([[self.text(label) for label, _fill in entries]], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#444444"))]
                + [
                    ("BACKGROUND", (x, 0), (x, 0), colors.HexColor(f"#{fill}"))
                    for x, (_label, fill) in enumerate(entries)
                ]
            )
        )
        self.flowables += [table, Spacer(1, 2 * self.mm)]

    def table(self, header, rows, *, first_width, fills=(), boxes=(), bold_last=False):
        from reportlab.platypus import Spacer, Table, TableStyle

        mm, colors = self.mm, self.colors
        count = len(header)
        rest = (self.width - first_width) / max(count - 1, 1)
        style = [
            ("FONT", (0, 0), (-1, -1), self.styles["cell"].fontName, 8),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#444444")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 1), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2F2")),
        ]
        style += [("BACKGROUND", cell, cell, colors.HexColor(f"#{fill}")) for cell, fill in fills]
        style += [("BOX", cell, cell, 1.2, colors.HexColor(RETURNED)) for cell in boxes]
        if bold_last:
            style.append(("FONT", (0, -1), (-1, -1), self.styles["head"].fontName, 8))
        data = [[self.text(h, "head") for h in header]]
        data += [[self.text(row[0]), *row[1:]] for row in rows]
        table = Table(
            data, colWidths=[first_width] + [rest] * (count - 1), repeatRows=1, hAlign="LEFT"
        )
        table.setStyle(TableStyle(style))
        self.flowables += [table, Spacer(1, 4 * mm)]


def _escape(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _matrix(sheets: Sheets, number: int, matrix: Matrix) -> None:
    sheets.title(
        _("PHỤ LỤC %(number)s: TÌNH HÌNH THỰC HIỆN THEO ĐƠN VỊ VÀ NHIỆM VỤ") % {"number": number}
    )
    sheets.legend([(str(label), FILLS[value]) for value, label in Outcome.choices])
    sheets.note(
        _("Viền tím: bị trả lại. Ô ghi ngày đơn vị gửi báo cáo (ngày/tháng); “—”: chưa gửi.")
    )
    rows = []
    for unit, cells, tally in matrix.rows():
        texts = []
        for cell in cells:
            if cell is None:
                texts.append(("", None, False))
                continue
            sent = timezone.localtime(cell.submitted_at) if cell.submitted_at else None
            texts.append((f"{sent:%d/%m}" if sent else "—", FILLS[cell.outcome], cell.returned))
        rows.append((unit.name, texts, rate_text(tally.on_time_rate)))
    columns = matrix.columns
    for part in column_slices(len(columns), SHEET_COLUMNS):
        last = part.stop >= len(columns)
        header = [_("Đơn vị"), *(f"{_('NV')} {c.label}" for c in columns[part])]
        header += [_("Đúng hạn")] if last else []
        body, fills, boxes = [], [], []
        for y, (name, texts, rate) in enumerate(rows, start=1):
            shown = texts[part]
            for x, (_text, fill, returned) in enumerate(shown, start=1):
                if fill:
                    fills.append(((x, y), fill))
                if returned:
                    boxes.append((x, y))
            body.append([name, *(text for text, _f, _r in shown), *([rate] if last else [])])
        sheets.table(header, body, first_width=48 * sheets.mm, fills=fills, boxes=boxes)


def _figures(sheets: Sheets, number: int, matrix: Matrix) -> None:
    sheets.title(_("PHỤ LỤC %(number)s: SỐ LIỆU CHỈ TIÊU THEO ĐƠN VỊ") % {"number": number})
    sheets.note(_("“*”: báo cáo đang chờ thẩm định; “—”: chưa có số liệu được tính."))
    totals = matrix.indicators
    headings = [f"{_('NV')} {t.column.label} · {t.indicator.label}" for t in totals]
    rows = [(unit.name, texts) for unit, texts in matrix.figure_rows]
    for part in column_slices(len(totals), FIGURE_COLUMNS):
        body = [[name, *texts[part]] for name, texts in rows]
        body.append([_("Toàn tỉnh"), *(t.total_display for t in totals[part])])
        sheets.table(
            [_("Đơn vị"), *headings[part]], body, first_width=48 * sheets.mm, bold_last=True
        )


def _categories(sheets: Sheets, number: int, matrix: Matrix) -> None:
    table = matrix.indicator_table
    sheets.title(_("PHỤ LỤC %(number)s: SỐ LIỆU CHỈ TIÊU THEO LOẠI ĐƠN VỊ") % {"number": number})
    sheets.note(
        _(
            "Mỗi ô: số liệu (số đơn vị đã báo cáo/số đơn vị được giao); “—”: loại đơn vị không được giao."
        )
    )
    body = [
        [
            f"{_('NV')} {total.column.label} · {total.indicator.label}",
            f"{total.total_display} ({total.units_reported}/{total.units_expected})",
            *(f"{g.total} ({g.units_reported}/{g.units_expected})" if g else "—" for g in groups),
        ]
        for total, groups in table.rows
    ]
    sheets.table(
        [_("Chỉ tiêu"), _("Toàn tỉnh"), *table.categories], body, first_width=70 * sheets.mm
    )


def render_appendices(matrix: Matrix, *, first_page: int, title: str) -> bytes | None:
    """The appendices as a PDF whose pages are numbered from `first_page`, or None."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    regular, bold = fonts()
    styles = {
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=9.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8, leading=9.5, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=bold, fontSize=13, leading=16, spaceAfter=4),
        "note": ParagraphStyle(
            "note", fontName=regular, fontSize=10, leading=12, spaceAfter=6, textColor="#333333"
        ),
    }
    sheets = Sheets(styles)
    number = 0
    parts = [(_matrix, bool(matrix.columns))]
    parts += [(_figures, bool(matrix.indicators)), (_categories, bool(matrix.indicators))]
    for draw, wanted in parts:
        if wanted:
            number += 1
            draw(sheets, number, matrix)
    if not sheets.flowables:
        return None

    def page_number(canvas, doc):
        canvas.setFont(regular, 11)
        canvas.drawCentredString(297 * mm / 2, 8 * mm, str(first_page + doc.page - 1))

    out = BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
    )
    document.build(sheets.flowables, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()
