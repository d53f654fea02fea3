"""Writes on a unit's submissions: stamp, review, start a report. Keyword-only, atomic."""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Page, Revision, TaskState

from directives import caching
from directives.compliance.positions import positions
from directives.deadlines import period_containing
from directives.locales import in_source_locale
from directives.models import (
    DirectiveTask,
    ResultsReportPage,
    ReviewEvent,
    ReviewState,
    SubmissionPage,
    SubmissionReview,
    Unit,
    UnitSectionPage,
)
from directives.notices import notifications
from directives.units import roles
from portal.vietnamese import slugify_vi


def submission_mark_submitted(*, page_id: int) -> bool:
    """Stamp the first publication time; a single conditional UPDATE, so it never moves.

    Returns True when this call set the stamp.
    """
    return bool(
        SubmissionPage.objects.filter(pk=page_id, submitted_at__isnull=True).update(
            submitted_at=timezone.now()
        )
    )


def _set_review_state(page: SubmissionPage, state: str) -> None:
    SubmissionPage.objects.filter(pk=page.pk).update(review_state=state)
    page.review_state = state
    # A queryset update sends no post_save: tell the page caches (directives.caching),
    # which show where each report stands, after the commit as signals.py does.
    transaction.on_commit(caching.content_changed)


@transaction.atomic
def submission_published(
    *, page: SubmissionPage, revision: Revision | None = None
) -> SubmissionReview | None:
    """A unit's submission went live: stamp it and put it (back) in the department's queue.

    First publication -> awaiting review. Republishing after the department
    returned or accepted it -> awaiting review again, because what it reviewed
    changed. Republishing while already awaiting records nothing new.
    """
    first = submission_mark_submitted(page_id=page.pk)
    page.refresh_from_db(fields=["submitted_at", "review_state"])
    if not first and page.review_state == ReviewState.AWAITING:
        return None
    event = ReviewEvent.SUBMITTED if first or not page.review_state else ReviewEvent.RESUBMITTED
    _set_review_state(page, ReviewState.AWAITING)
    return SubmissionReview.objects.create(
        page=page, event=event, state=ReviewState.AWAITING, revision=revision
    )


def submission_leader_decided(
    *, page: SubmissionPage, task_state: TaskState, approved: bool
) -> SubmissionReview:
    """Keep the unit leader's approval or return, with its comment, in the report's history.

    Wagtail announces the decision after the publication it causes; the step is dated
    when the leader decided (`finished_at`), so the history reads in the order things
    happened: the leader approved, then the report reached the department.
    """
    page.refresh_from_db(fields=["review_state"])
    review = SubmissionReview.objects.create(
        page=page,
        event=ReviewEvent.LEADER_APPROVED if approved else ReviewEvent.LEADER_RETURNED,
        state=page.review_state or "",
        reason=(task_state.get_comment() or "").strip(),
        user=task_state.finished_by,
        revision=task_state.revision,
    )
    if task_state.finished_at is not None:
        SubmissionReview.objects.filter(pk=review.pk).update(created_at=task_state.finished_at)
        review.created_at = task_state.finished_at
    return review


_DECISIONS = {
    ReviewEvent.ACCEPTED: ReviewState.ACCEPTED,
    ReviewEvent.RETURNED: ReviewState.RETURNED,
}


@transaction.atomic
def submission_review(
    *, page: SubmissionPage, user: AbstractBaseUser, event: str, reason: str = ""
) -> SubmissionReview:
    """Record the department's decision (accept / return) or a comment on a submission.

    Only department reviewers decide; only a live submission awaiting review
    can be accepted or returned; returning needs a reason.
    """
    if not roles.is_department(user):
        raise PermissionDenied
    reason = reason.strip()
    page = SubmissionPage.objects.select_for_update().get(pk=page.pk)
    if event == ReviewEvent.COMMENTED:
        if not reason:
            raise ValidationError({"reason": _("Hãy ghi nội dung ý kiến.")})
        state = page.review_state
    elif event in _DECISIONS:
        if not page.live or page.review_state != ReviewState.AWAITING:
            raise ValidationError(
                _("Văn bản này không ở trạng thái chờ thẩm định (có thể người khác vừa xử lý).")
            )
        if event == ReviewEvent.RETURNED and not reason:
            raise ValidationError({"reason": _("Trả lại cần ghi rõ lý do để đơn vị chỉnh sửa.")})
        state = _DECISIONS[event]
        _set_review_state(page, state)
    else:
        raise ValidationError(_("Thao tác thẩm định không hợp lệ."))
    review = SubmissionReview.objects.create(
        page=page,
        event=event,
        state=state or "",
        reason=reason,
        user=user,
        revision=page.live_revision,
    )
    log(
        instance=page,
        action=f"directives.review.{event}",
        user=user,
        data={"reason": reason, "state": state},
    )
    notifications.enqueue(notifications.review_recorded(review))
    return review


def current_period_start(task: DirectiveTask, today: date) -> date | None:
    if not task.has_fixed_periods:
        return None
    return period_containing(task.recurrence, today).start


@transaction.atomic
def report_start(
    *, task: DirectiveTask, unit: Unit, user: AbstractBaseUser, today: date
) -> SubmissionPage:
    """Open the unit's report for a task and the current period: the one that exists
    (a draft, one awaiting approval or review, a returned one to revise), or a new draft
    pre-filled with the directive, the task and the period. Never a second one."""
    if not roles.can_write_for(user, unit.pk):
        raise PermissionDenied
    if not any(p.task_id == task.pk for p in positions(unit_ids=[unit.pk], today=today)):
        raise ValidationError(_("Nhiệm vụ này không giao cho đơn vị."))
    period_start = current_period_start(task, today)
    existing = (
        ResultsReportPage.answering(unit_id=unit.pk, task=task, period_start=period_start)
        .order_by("-latest_revision_created_at", "-pk")
        .first()
    )
    if existing is not None:
        return existing
    section = UnitSectionPage.objects.get(in_source_locale(), unit=unit)
    directive = task.directive
    title = _("Báo cáo kết quả thực hiện nhiệm vụ %(number)s - %(directive)s") % {
        "number": task.number,
        "directive": directive.number_symbol or directive.title,
    }
    page = ResultsReportPage(
        title=title,
        slug=_free_slug(section, slugify_vi(title)[:200]),
        directive=directive,
        period_start=period_start,
        owner=user,
        live=False,
    )
    page.tasks = [task]
    section.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


def _free_slug(parent: Page, base: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
