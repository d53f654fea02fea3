"""Reminder digests: one e-mail per unit per day, one to the department per week.

A ReminderDigest row is created before sending; its unique constraint makes a
second run on the same day (a redelivered task, beat catching up) send nothing.
"""

import logging
from collections import defaultdict
from datetime import date, timedelta

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.compliance.positions import positions
from directives.compliance.rules import Outcome
from directives.models import DirectiveTask, ReminderDigest, ReminderKind, Unit
from directives.notices.addresses import absolute_url, department_addresses, unit_addresses

logger = logging.getLogger(__name__)

# Days before the deadline (negative: after) on which a unit is reminded.
REMINDER_DAYS = (7, 1, -1)


def _when(days: int) -> str:
    # Translated when the digest is written, in the language then active.
    return {7: _("còn 7 ngày"), 1: _("còn 1 ngày"), -1: _("quá hạn từ hôm qua")}[days]


def unit_reminder_items(today: date) -> dict[int, list[dict]]:
    """Unit id -> what to remind it of today: unsent tasks due in 7 days, in 1 day,
    or overdue since yesterday."""
    due = {today + timedelta(days=days): days for days in REMINDER_DAYS}
    items: dict[int, list[dict]] = defaultdict(list)
    found = [p for p in positions(unit_ids=None, today=today) if not p.sent and p.due in due]
    tasks = DirectiveTask.objects.select_related("directive").in_bulk({p.task_id for p in found})
    for p in sorted(found, key=lambda p: p.due):
        task = tasks[p.task_id]
        items[p.unit_id].append(
            {
                "task": task.pk,
                "number": task.number,
                "directive": task.directive.title,
                "description": task.description[:300],
                "due": p.due.isoformat(),
                "when": _when(due[p.due]),
            }
        )
    return dict(items)


def _claim(kind: str, unit: Unit | None, today: date, items: list) -> ReminderDigest | None:
    try:
        with transaction.atomic():
            return ReminderDigest.objects.create(kind=kind, unit=unit, day=today, items=items)
    except IntegrityError:
        return None


def _send(digest: ReminderDigest, subject: str, lines: list[str], recipients: set[str]) -> bool:
    if not recipients:
        return False
    try:
        EmailMessage(subject=subject, body="\n".join(lines), bcc=sorted(recipients)).send()
    except Exception:
        # Free the day's slot so that the retry can send it.
        digest.delete()
        raise
    ReminderDigest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
    return True


def send_unit_reminders(today: date) -> int:
    sent = 0
    due = unit_reminder_items(today)
    units = Unit.objects.prefetch_related("contact_emails").in_bulk(due)
    for unit_id, items in due.items():
        unit = units[unit_id]
        digest = _claim(ReminderKind.UNIT_DAILY, unit, today, items)
        if digest is None:
            continue
        lines = [_("Kính gửi %(unit)s,") % {"unit": unit.name}, ""]
        lines += [
            _("- %(when)s (hạn %(due)s): nhiệm vụ %(number)s - %(description)s (%(directive)s)")
            % {**item, "due": f"{date.fromisoformat(item['due']):%d/%m/%Y}"}
            for item in items
        ]
        lines += ["", _("Xem và viết báo cáo: %(link)s") % {"link": absolute_url("/admin/")}]
        subject = _("[Nhắc việc] %(n)s nhiệm vụ cần báo cáo - %(day)s") % {
            "n": len(items),
            "day": f"{today:%d/%m/%Y}",
        }
        sent += _send(digest, subject, lines, unit_addresses(unit))
    return sent


def send_department_digest(today: date) -> bool:
    overdue: dict[int, list[str]] = defaultdict(list)
    found = [p for p in positions(unit_ids=None, today=today) if p.outcome == Outcome.OVERDUE]
    tasks = DirectiveTask.objects.in_bulk({p.task_id for p in found})
    for p in found:
        overdue[p.unit_id].append(tasks[p.task_id].number)
    units = Unit.objects.in_bulk(overdue)
    items = [
        {"unit": units[u].name, "tasks": sorted(numbers)}
        for u, numbers in sorted(overdue.items(), key=lambda kv: units[kv[0]].name)
    ]
    digest = _claim(ReminderKind.DEPARTMENT_WEEKLY, None, today, items)
    if digest is None:
        return False
    lines = [
        _("Các đơn vị còn nhiệm vụ quá hạn chưa báo cáo, tính đến %(day)s:")
        % {"day": f"{today:%d/%m/%Y}"},
        "",
    ]
    lines += [f"- {item['unit']}: {_('nhiệm vụ')} {', '.join(item['tasks'])}" for item in items]
    if not items:
        lines.append(_("Không có đơn vị nào quá hạn."))
    subject = _("[Tổng hợp tuần] %(n)s đơn vị quá hạn - %(day)s") % {
        "n": len(items),
        "day": f"{today:%d/%m/%Y}",
    }
    return _send(digest, subject, lines, department_addresses())
