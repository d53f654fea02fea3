"""Writes of the directives domain: keyword-only functions, atomic."""

from datetime import date

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from wagtail_localize.models import Translation

from directives import notifications, roles
from directives.deadlines import period_containing
from directives.locales import in_source_locale
from directives.models import (
    DirectiveIndexPage,
    DirectiveTask,
    ResultsReportPage,
    ReviewEvent,
    ReviewState,
    SubmissionPage,
    SubmissionReview,
    Unit,
    UnitApprovalTask,
    UnitIndexPage,
    UnitSectionPage,
)
from directives.selectors import positions
from portal.vietnamese import slugify_vi

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")


def _group(name: str, current: Group | None) -> Group:
    if current is None:
        current, _ = Group.objects.get_or_create(name=name)
    elif current.name != name:
        current.name = name
        current.save(update_fields=["name"])
    return current


def _grant(group: Group, page: Page, collection: Collection, page_perms) -> None:
    """Admin access, `page_perms` on `page` (and below), documents in `collection`."""
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in page_perms:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    for codename in DOCUMENT_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )


@transaction.atomic
def unit_section_ensure(*, unit: Unit) -> UnitSectionPage | None:
    """Give a unit its section page, its collection and its editor/approver groups.

    Idempotent: renaming a unit renames what belongs to it; nothing is duplicated.
    Returns None while the portal has no unit index yet (before bootstrap).
    """
    index = UnitIndexPage.objects.filter(in_source_locale()).first()
    if index is None:
        return None
    section = UnitSectionPage.objects.filter(in_source_locale(), unit=unit).first()
    if section is None:
        section = index.add_child(
            instance=UnitSectionPage(title=unit.name, slug=unit.slug, unit=unit)
        )
    elif (section.title, section.slug) != (unit.name, unit.slug):
        section.title, section.draft_title, section.slug = unit.name, unit.name, unit.slug
        section.save_revision().publish()

    collection = unit.collection
    if collection is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        collection = root.add_child(name=unit.name)
    elif collection.name != unit.name:
        collection.name = unit.name
        collection.save(update_fields=["name"])

    editors = _group(f"{unit.name}: biên tập", unit.editors_group)
    approvers = _group(f"{unit.name}: phê duyệt", unit.approvers_group)
    _grant(editors, section, collection, EDITOR_PAGE_PERMISSIONS)
    _grant(approvers, section, collection, APPROVER_PAGE_PERMISSIONS)

    changed = (unit.collection_id, unit.editors_group_id, unit.approvers_group_id) != (
        collection.pk,
        editors.pk,
        approvers.pk,
    )
    if changed:
        Unit.objects.filter(pk=unit.pk).update(
            collection=collection, editors_group=editors, approvers_group=approvers
        )
        unit.collection, unit.editors_group, unit.approvers_group = collection, editors, approvers
    return section


def submission_mark_submitted(*, page_id: int) -> bool:
    """Stamp the first publication time; a single conditional UPDATE, so it never moves.

    Returns True when this call set the stamp.
    """
    return bool(
        SubmissionPage.objects.filter(pk=page_id, submitted_at__isnull=True).update(
            submitted_at=timezone.now()
        )
    )


def department_group_ensure() -> Group:
    """The department reviewers' group: admin access and the report archive; reading
    and reviewing go through the review views, which check `roles.is_department`."""
    group, _created = Group.objects.get_or_create(name=roles.DEPARTMENT_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        # The archive of consolidated reports (schedules stay with administrators).
        Permission.objects.get(
            content_type__app_label="directives", codename="view_consolidatedreport"
        ),
    )
    return group


def department_editors_ensure() -> Group:
    """The department's editors: they write and publish the directives in every
    language's directive index and translate them. Nothing above the indexes:
    page permissions reach down the tree, and the unit sections under the home
    page are the units' own."""
    group, _created = Group.objects.get_or_create(name=roles.DEPARTMENT_EDITORS_GROUP)
    # wagtail-localize makes this permission in a data migration only, so a
    # flushed database (transactional tests, `flush`) lacks it: make it here too.
    translate, _created = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Translation),
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    group.permissions.add(translate)
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for index in DirectiveIndexPage.objects.all():
        _grant(group, index, root, APPROVER_PAGE_PERMISSIONS)
    return group


@transaction.atomic
def unit_workflow_ensure(*, index: UnitIndexPage) -> Workflow:
    """One workflow for every unit section: the page's own unit leader approves."""
    task = UnitApprovalTask.objects.filter(active=True).first()
    if task is None:
        task = UnitApprovalTask.objects.create(name=_("Lãnh đạo đơn vị phê duyệt"))
    workflow = Workflow.objects.filter(workflow_tasks__task=task, active=True).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=_("Đơn vị gửi văn bản"))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def _set_review_state(page: SubmissionPage, state: str) -> None:
    SubmissionPage.objects.filter(pk=page.pk).update(review_state=state)
    page.review_state = state


@transaction.atomic
def submission_published(*, page: SubmissionPage, revision=None) -> SubmissionReview | None:
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


_DECISIONS = {
    ReviewEvent.ACCEPTED: ReviewState.ACCEPTED,
    ReviewEvent.RETURNED: ReviewState.RETURNED,
}


@transaction.atomic
def submission_review(
    *, page: SubmissionPage, user, event: str, reason: str = ""
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
def report_start(*, task: DirectiveTask, unit: Unit, user, today: date) -> SubmissionPage:
    """Open the unit's report for a task: its existing unsent draft, or a new draft
    pre-filled with the directive, the task and the current period."""
    if not roles.can_write_for(user, unit.pk):
        raise PermissionDenied
    if not any(p.task_id == task.pk for p in positions(unit_ids=[unit.pk], today=today)):
        raise ValidationError(_("Nhiệm vụ này không giao cho đơn vị."))
    period_start = current_period_start(task, today)
    drafts = SubmissionPage.objects.filter(
        unit=unit, tasks=task, submitted_at__isnull=True, period_start=period_start
    )
    existing = drafts.order_by("-latest_revision_created_at").first()
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
