"""Reminders on demand (đôn đốc): "Nhắc nhở" on a unit's row, "Nhắc tất cả đơn vị quá
hạn" for a directive. A unit hears about a task at most once a day, whoever clicks and
however often (UnitReminder's unique constraint), and every reminder sent is written
to the audit log with who sent it."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from directives.compliance.positions import positions
from directives.compliance.rules import Outcome
from directives.models import DirectiveTask, Unit, UnitReminder
from directives.notices.addresses import absolute_url
from directives.notices.channels import send_to_unit


@dataclass
class Reminded:
    sent: list[Unit] = field(default_factory=list)
    # Told today already about every overdue task asked for: nothing sent again.
    already: list[Unit] = field(default_factory=list)
    # No channel could take it (no address): nothing recorded, so a later try can send.
    unreachable: list[Unit] = field(default_factory=list)


class _NoChannel(Exception):
    pass


def _claim(unit: Unit, task_ids: list[int], today: date, user) -> list[int]:
    """The tasks of `task_ids` the unit has not been reminded of today, now claimed."""
    claimed = []
    for task_id in task_ids:
        try:
            with transaction.atomic():
                UnitReminder.objects.create(unit=unit, task_id=task_id, day=today, sent_by=user)
        except IntegrityError:
            continue
        claimed.append(task_id)
    return claimed


def _message(unit: Unit, items: list[tuple[DirectiveTask, date]], today: date) -> tuple[str, str]:
    subject = _("[Đôn đốc] %(n)s nhiệm vụ quá hạn chưa báo cáo - %(day)s") % {
        "n": len(items),
        "day": f"{today:%d/%m/%Y}",
    }
    lines = [_("Kính gửi %(unit)s,") % {"unit": unit.name}, ""]
    lines.append(_("Ban Tuyên giáo Tỉnh ủy đề nghị đơn vị khẩn trương báo cáo các nhiệm vụ sau:"))
    for task, due in items:
        lines.append(
            _("- Nhiệm vụ %(number)s (%(directive)s): hạn %(due)s, đã quá %(days)s ngày. %(text)s")
            % {
                "number": task.number,
                "directive": task.directive.number_symbol or task.directive.title,
                "due": f"{due:%d/%m/%Y}",
                "days": (today - due).days,
                "text": task.description[:300],
            }
        )
    lines += [
        "",
        _("Viết và gửi báo cáo: %(link)s") % {"link": absolute_url(reverse("wagtailadmin_home"))},
    ]
    return subject, "\n".join(lines)


def remind_overdue(
    *,
    user,
    today: date,
    unit_ids: Iterable[int] | None = None,
    directive_ids: Iterable[int] | None = None,
) -> Reminded:
    """Remind the given units (or every unit) of their overdue tasks in the given
    directives (or all), each (unit, task) once a day."""
    overdue: dict[int, list] = defaultdict(list)
    for p in positions(unit_ids=unit_ids, today=today, directive_ids=directive_ids):
        if p.outcome == Outcome.OVERDUE:
            overdue[p.unit_id].append(p)
    units = Unit.objects.prefetch_related("contact_emails").in_bulk(overdue)
    tasks = DirectiveTask.objects.select_related("directive").in_bulk(
        {p.task_id for found in overdue.values() for p in found}
    )
    result = Reminded()
    for unit_id in sorted(overdue, key=lambda pk: (units[pk].sort_order, units[pk].name)):
        unit, found = units[unit_id], sorted(overdue[unit_id], key=lambda p: p.due)
        try:
            with transaction.atomic():
                claimed = _claim(unit, [p.task_id for p in found], today, user)
                if not claimed:
                    result.already.append(unit)
                    continue
                items = [(tasks[p.task_id], p.due) for p in found if p.task_id in claimed]
                subject, body = _message(unit, items, today)
                channels = send_to_unit(unit=unit, subject=subject, body=body)
                if not channels:
                    raise _NoChannel
                log(
                    instance=unit,
                    action="directives.reminder.sent",
                    user=user,
                    data={"tasks": [task.number for task, _due in items], "channels": channels},
                )
        except _NoChannel:
            result.unreachable.append(unit)
            continue
        result.sent.append(unit)
    return result
