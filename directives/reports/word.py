"""A consolidated report as a Word file in Party format (Hướng dẫn 36-HD/VPTW), for the
department to edit, sign and stamp.

The layout lives in `templates/directives/reports/report.docx`, a docxtpl template the
department can change in Word without code: header table (superior body over the
issuing body, "*", the number; the Party's name, place and date), title and subject,
sections I-III, recipients and signature block; A4, Times New Roman.
"""

from io import BytesIO
from pathlib import Path

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from directives.compliance.matrix import Matrix
from directives.compliance.rules import Outcome
from directives.indicators.figures import COUNTING_RULE, result_texts
from directives.reports.rendering import ReportMeta, number_line, period_line, report_subject

TEMPLATE = Path(__file__).resolve().parents[1] / "templates/directives/reports/report.docx"


def docx_context(matrix: Matrix, meta: ReportMeta) -> dict:
    issued = meta.issued_on
    rate = matrix.overall.on_time_rate
    return {
        "issuing_parent": meta.issuing_parent,
        "issuing_body": meta.issuing_body,
        "number_symbol": number_line(meta.number_symbol),
        "place": meta.place,
        # "ngày … tháng … năm …" stays blank on a report not yet dated.
        "day": f"{issued:%d}" if issued else "\u2026",
        "month": f"{issued:%m}" if issued else "\u2026",
        "year": f"{issued:%Y}" if issued else "\u2026",
        "subject": capfirst(report_subject(matrix)),
        "period_line": period_line(meta, matrix.as_of),
        "summary": _(
            "%(units)s đơn vị được giao %(tasks)s nhiệm vụ, tổng cộng %(total)s lượt phải thực hiện."
        )
        % {
            "units": len(matrix.units),
            "tasks": len(matrix.tasks),
            "total": matrix.overall.total,
        },
        "totals": [(str(label), matrix.overall.counts[value]) for value, label in Outcome.choices]
        + [(_("Bị trả lại"), matrix.overall.returned)],
        "rate_line": _("Tỷ lệ hoàn thành đúng hạn: %(rate)s.")
        % {"rate": "—" if rate is None else f"{rate:.0%}"},
        "overdue": [
            (
                unit.name,
                "; ".join(_("nhiệm vụ %(label)s") % {"label": c.label} for c in columns),
            )
            for unit, columns in matrix.overdue()
        ],
        "excerpts": [
            (unit, f"{timezone.localtime(sent):%d/%m/%Y}", text)
            for unit, text, sent in meta.excerpts
        ],
        "counting_rule": str(COUNTING_RULE),
        "indicators": [
            {
                "task": total.column.label,
                "name": total.indicator.name,
                "unit_of_measure": total.indicator.unit_of_measure,
                "total": total.total_display,
                "reported": f"{total.units_reported}/{total.units_expected}",
            }
            for total in matrix.indicators
        ],
        "notes": [
            {
                "unit": note.unit_name,
                "head": note_head(note),
                "lines": [(f"{label}:", text) for label, text in result_texts(note)],
            }
            for note in matrix.notes
        ],
        "recipients": [line for line in meta.report_recipients.splitlines() if line.strip()],
        "signing_authority": meta.signing_authority,
        "signer_position": meta.signer_position,
        "signer_name": meta.signer_name,
    }


def note_head(note) -> str:
    """ " — Đúng tiến độ (20/11/2026), đang chờ thẩm định" after the unit's name."""
    parts = []
    if note.progress_label:
        parts.append(f" — {note.progress_label}")
    if note.submitted_at:
        parts.append(f" ({timezone.localtime(note.submitted_at):%d/%m/%Y})")
    if note.awaiting:
        parts.append(" " + _("(đang chờ thẩm định)"))
    return "".join(parts)


def render_docx(matrix: Matrix, meta: ReportMeta) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(TEMPLATE)
    # autoescape: unit text with "&" or "<" must stay text inside the document's XML.
    template.render(docx_context(matrix, meta), autoescape=True)
    out = BytesIO()
    template.save(out)
    return out.getvalue()
