"""A directive or a unit's document as a Word file in Party format (Hướng dẫn
36-HD/VPTW), laid out by `templates/directives/documents/document.docx`, a docxtpl
template the department can change in Word: the header table (superior body over the
issuer, "*", the number; the Party's name, place and date), the type as the title, the
subject, the body, the task table of a directive, "Nơi nhận" and the signature block;
A4, margins of 20/15/20/30 mm, Times New Roman. Number, place and date follow the
consolidated report's rules (directives/reports/rendering.py).
"""

from io import BytesIO
from pathlib import Path

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from directives.compliance.positions import resolve_assignees
from directives.documents.party import issuer_of, place_of, recipient_lines
from directives.documents.richtext import Block, Run, blocks_of
from directives.indicators.figures import report_figures, result_texts
from directives.models import DirectivePage, SubmissionPage
from directives.reports.rendering import number_line, place_date

TEMPLATE = Path(__file__).resolve().parents[1] / "templates/directives/documents/document.docx"


def body_blocks(body) -> list[Block]:
    """A structured body (roman parts, arabic items, paragraphs) in reading order."""
    blocks: list[Block] = []
    for child in body:
        value = child.value
        if child.block_type == "paragraph":
            blocks += blocks_of(value.source)
            continue
        blocks.append(heading(value.full_heading))
        if value.get("body"):
            blocks += blocks_of(value["body"].source)
        for subsection in value.get("subsections") or []:
            if subsection.full_heading:
                blocks.append(heading(subsection.full_heading))
            if subsection.get("body"):
                blocks += blocks_of(subsection["body"].source)
    return blocks


def heading(text: str) -> Block:
    return Block(runs=[Run(" ".join(text.split()))], heading=True)


def labelled(label: str, text: str) -> list[Block]:
    """A results report's own section ("Kết quả nổi bật") with its lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    return [heading(label), *(Block(runs=[Run(line)]) for line in lines)]


def rich(runs: list[Run]):
    from docxtpl import RichText

    text = RichText()
    for run in runs:
        text.add(run.text, bold=run.bold or None, italic=run.italic or None)
    return text


def template_body(blocks: list[Block]) -> list[dict]:
    return [
        {
            "heading": block.heading,
            "item": block.item,
            "text": block.text if block.heading else rich(block.runs),
        }
        for block in blocks
    ]


def task_rows(page: DirectivePage) -> list[dict]:
    """Number, description, assignee (as written, then the units bound), deadline.

    Who is bound follows the compliance rule (a reporting duty binds every unit
    assigned elsewhere in the document but its issuer), on this version's tasks, so a
    draft's new tasks are listed too.
    """
    tasks = page.tasks.all()
    if isinstance(tasks, QuerySet):  # a revision's tasks are already in memory
        tasks = tasks.prefetch_related("units")
    tasks = list(tasks)
    units = {unit.pk: unit for task in tasks for unit in task.units.all()}
    bound = resolve_assignees(
        {i: {unit.pk for unit in task.units.all()} for i, task in enumerate(tasks)},
        ((i, 0, task.applies_to_all_assignees) for i, task in enumerate(tasks)),
        {0: page.issuer_id},
    )
    rows = []
    for i, task in enumerate(tasks):
        names = [unit.name for unit in sorted((units[u] for u in bound[i]), key=_unit_order)]
        assignee = [Run(task.assignee_label, bold=True)] if task.assignee_label else []
        if names:
            assignee.append(Run(("\n" if assignee else "") + "; ".join(names)))
        deadline = f"{task.due_date:%d/%m/%Y}" if task.due_date else ""
        if task.is_periodic:
            deadline = f"{task.get_recurrence_display()}\n{deadline}".strip()
        if task.deadline_text:
            deadline = f"{deadline}\n“{task.deadline_text}”".strip()
        rows.append(
            {
                "number": task.number,
                "description": rich([Run(task.description)]),
                "assignee": rich(assignee),
                "deadline": rich([Run(deadline)]),
            }
        )
    return rows


def _unit_order(unit):
    return (unit.sort_order, unit.name)


def recipients_of(page: DirectivePage) -> list[str]:
    return recipient_lines(
        [
            block.value.name if block.block_type == "unit" else str(block.value)
            for block in page.recipients
        ]
    )


def directive_context(page: DirectivePage) -> dict:
    issuer = issuer_of(page.issuer)
    return {
        "issuer_parent": issuer.parent,
        "issuer_body": issuer.body,
        "number": number_line(page.number_symbol),
        "place_date": place_date(page.place or place_of(page.issuer), page.issued_on),
        "document_type": page.document_type.name.upper(),
        "subject": page.subject,
        "body": template_body(body_blocks(page.body)),
        "tasks": task_rows(page),
        "progress": "",
        "figures": [],
        "recipients": recipients_of(page),
        "signing_authority": page.signing_authority,
        "signer_position": page.signer_position,
        "signer_name": page.signer_name,
    }


def figure_rows(page: SubmissionPage) -> list[dict]:
    """A results report's figures, as its page shows them (a plan has none)."""
    if not hasattr(page, "indicator_values"):
        return []
    return [
        {
            "task": figure.task.number,
            "name": figure.indicator.name,
            "value": figure.text,
            "unit": figure.indicator.unit_of_measure or "—",
            "target": figure.target,
        }
        for figure in report_figures(page)
    ]


def submission_context(page: SubmissionPage) -> dict:
    """A unit's plan or report: from the unit, to the directive's issuer; a results
    report's progress, figures and three fields first, as on its page, then its text."""
    issuer = issuer_of(page.unit)
    blocks = []
    for label, text in result_texts(page):
        blocks += labelled(label, text)
    blocks += body_blocks(page.body)
    return {
        "issuer_parent": issuer.parent,
        "issuer_body": issuer.body,
        "number": number_line(page.number_symbol),
        "place_date": place_date(place_of(page.unit), page.issued_on),
        "document_type": str(page._meta.verbose_name).upper(),
        "subject": page.title,
        "body": template_body(blocks),
        "tasks": [],
        "progress": page.get_progress_display(),
        "figures": figure_rows(page),
        "recipients": recipient_lines(
            [
                _("%(issuer)s (báo cáo)") % {"issuer": page.directive.issuer.name},
                _("Lưu VT"),
            ]
        ),
        "signing_authority": "",
        "signer_position": page.signer_position,
        "signer_name": page.signer_name,
    }


def render_docx(page: DirectivePage | SubmissionPage) -> bytes:
    from docxtpl import DocxTemplate

    context = (
        directive_context(page) if isinstance(page, DirectivePage) else submission_context(page)
    )
    template = DocxTemplate(TEMPLATE)
    # autoescape: "&" or "<" typed in a page must stay text inside the document's XML.
    template.render(context, autoescape=True)
    out = BytesIO()
    template.save(out)
    return out.getvalue()
