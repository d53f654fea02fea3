"""E-mails about a unit's work: who is told what, as plain data, sent after commit.

Every notice names what happened, to which document, and links to it. They go
to the unit's contact addresses and to the people involved. They are recorded
in the outbox (notices/outbox.py) in the same transaction as the change and
sent by a worker, so that publishing or approving never waits on, or fails
with, the broker or the mail server.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from directives.compliance.positions import task_assignees
from directives.models import (
    DirectivePage,
    DirectiveTask,
    SubmissionPage,
    SubmissionReview,
    Unit,
)
from directives.models.reviews import ReviewEvent
from directives.notices import outbox
from directives.notices.addresses import (
    absolute_url,
    contact_addresses,
    department_addresses,
    unit_addresses,
    users_emails,
)


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str
    recipients: tuple[str, ...]


def _edit_url(page) -> str:
    return absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def _notice(subject: str, lines: list[str], recipients: set[str]) -> Notice | None:
    if not recipients:
        return None
    body = "\n".join(
        [*lines, "", _("Thư gửi tự động từ %(site)s.") % {"site": settings.WAGTAIL_SITE_NAME}]
    )
    return Notice(subject=subject, body=body, recipients=tuple(sorted(recipients)))


def _describe(page: SubmissionPage) -> str:
    return _("«%(title)s» của %(unit)s") % {"title": page.title, "unit": page.unit.name}


def _deadline(task: DirectiveTask) -> str:
    """The date an official plans by, then the document's own wording, which is what
    they will quote back ("Hạn: 30/09/2022 (văn bản ghi: «Hoàn thành trong tháng 9…»)")."""
    wording = task.deadline_text.strip()
    if task.is_periodic:
        when = _("định kỳ: %(recurrence)s") % {"recurrence": task.get_recurrence_display()}
    elif task.due_date:
        when = f"{task.due_date:%d/%m/%Y}"
    else:
        when = _("chưa ấn định ngày")
    if wording:
        return _("Hạn: %(when)s (văn bản ghi: «%(wording)s»)") % {"when": when, "wording": wording}
    return _("Hạn: %(when)s") % {"when": when}


def directive_assigned(directive: DirectivePage) -> list[Notice]:
    """One notice per unit bound by a newly published directive (by the rule of
    `compliance.positions.task_assignees`, so the "every assigned unit" duties
    count), naming each task with its deadline and what to do next."""
    link = absolute_url(directive.url or "/")
    tasks = list(directive.tasks.prefetch_related("units").order_by("sort_order"))
    bound: dict[int, list[DirectiveTask]] = defaultdict(list)
    assignees = task_assignees(tasks, {directive.pk: directive.issuer_id})
    for task in tasks:
        for unit in assignees.get(task.pk, []):
            bound[unit.pk].append(task)
    notices = []
    for unit in Unit.objects.filter(pk__in=bound).prefetch_related("contact_emails"):
        lines = [
            _("%(unit)s được giao %(count)s nhiệm vụ trong văn bản «%(directive)s»:")
            % {"unit": unit.name, "count": len(bound[unit.pk]), "directive": directive.title},
        ]
        for task in bound[unit.pk]:
            lines += [
                _("- Nhiệm vụ %(number)s: %(text)s")
                % {"number": task.number, "text": task.description[:300]},
                "  " + _deadline(task),
            ]
        lines += [
            "",
            _(
                "Việc cần làm: lập kế hoạch thực hiện và gửi báo cáo kết quả trước hạn, "
                "trong mục của đơn vị: %(link)s"
            )
            % {"link": absolute_url(reverse("wagtailadmin_home"))},
            _("Xem toàn văn văn bản: %(link)s") % {"link": link},
        ]
        notice = _notice(
            _("[Nhiệm vụ mới] %(directive)s") % {"directive": directive.title},
            lines,
            unit_addresses(unit),
        )
        if notice:
            notices.append(notice)
    return notices


def approval_requested(page: SubmissionPage, requested_by) -> list[Notice]:
    notice = _notice(
        _("[Chờ phê duyệt] %(title)s") % {"title": page.title},
        [
            _("%(who)s đã trình văn bản %(what)s, chờ lãnh đạo đơn vị phê duyệt.")
            % {
                "who": getattr(requested_by, "get_full_name", lambda: "")() or requested_by,
                "what": _describe(page),
            },
            _("Mở để phê duyệt hoặc trả lại: %(link)s") % {"link": _edit_url(page)},
        ],
        unit_addresses(page.unit, approvers_only=True),
    )
    return [notice] if notice else []


def approval_decided(
    page: SubmissionPage, *, approved: bool, requested_by, comment: str
) -> list[Notice]:
    if approved:
        subject = _("[Đã phê duyệt] %(title)s") % {"title": page.title}
        what = _("Lãnh đạo đơn vị đã phê duyệt và gửi văn bản %(what)s tới Ban Tuyên giáo.")
    else:
        subject = _("[Lãnh đạo trả lại] %(title)s") % {"title": page.title}
        what = _("Lãnh đạo đơn vị chưa phê duyệt văn bản %(what)s, đề nghị chỉnh sửa.")
    lines = [what % {"what": _describe(page)}]
    if comment:
        lines.append(_("Ý kiến: %(comment)s") % {"comment": comment})
    if approved:
        lines.append(
            _(
                "Việc tiếp theo: Ban Tuyên giáo thẩm định; kết quả sẽ được báo lại. Xem văn bản: %(link)s"
            )
            % {"link": _edit_url(page)}
        )
    else:
        lines.append(
            _("Việc cần làm: sửa theo ý kiến rồi trình lãnh đạo duyệt lại: %(link)s")
            % {"link": _edit_url(page)}
        )
    recipients = contact_addresses(page.unit) | users_emails([requested_by])
    if approved:
        recipients |= department_addresses()
    notice = _notice(subject, lines, recipients)
    return [notice] if notice else []


def review_recorded(review: SubmissionReview) -> list[Notice]:
    page = review.page
    subjects = {
        ReviewEvent.ACCEPTED: _("[Đã chấp nhận] %(title)s"),
        ReviewEvent.RETURNED: _("[Trả lại để chỉnh sửa] %(title)s"),
        ReviewEvent.COMMENTED: _("[Ý kiến của Ban Tuyên giáo] %(title)s"),
    }
    if review.event not in subjects:
        return []
    lines = [
        _("Ban Tuyên giáo Tỉnh ủy: %(event)s - văn bản %(what)s.")
        % {"event": review.get_event_display(), "what": _describe(page)}
    ]
    if review.reason:
        lines.append(_("Lý do / ý kiến: %(reason)s") % {"reason": review.reason})
    next_steps = {
        ReviewEvent.ACCEPTED: _(
            "Báo cáo đã hoàn thành, không cần làm gì thêm. Xem văn bản: %(link)s"
        ),
        ReviewEvent.RETURNED: _(
            "Việc cần làm: sửa chính báo cáo này theo lý do trên (không tạo báo cáo mới) rồi "
            "trình lãnh đạo duyệt lại: %(link)s"
        ),
        ReviewEvent.COMMENTED: _("Việc cần làm: đọc ý kiến, chỉnh sửa nếu cần: %(link)s"),
    }
    lines.append(next_steps[review.event] % {"link": _edit_url(page)})
    notice = _notice(
        subjects[review.event] % {"title": page.title}, lines, unit_addresses(page.unit)
    )
    return [notice] if notice else []


def enqueue(notices: list[Notice]) -> None:
    """Record the notices in the current transaction; they are sent after it
    commits, or by the outbox sweep if the broker is down (notices/outbox.py)."""
    if notices:
        outbox.record(notices)
