"""Wiring: what happens when a unit, a schedule or a page changes, or someone signs in."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents.models import document_served
from wagtail.models import Page, PageViewRestriction, Site, TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    task_approved,
    task_rejected,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from attachments.models import Preview, SignatureCheck
from directives import audit, caching, locales
from directives.models import (
    DirectivePage,
    DirectiveReceipt,
    DirectiveTask,
    DocumentType,
    ReportSchedule,
    SubmissionPage,
    Unit,
)
from directives.notices import notifications
from directives.reports.scheduling import schedule_sync
from directives.submissions import services
from directives.units import provisioning

logger = logging.getLogger(__name__)


# Pages (publication, unpublication, review, moves), their tasks, the registries
# they show, the units' receipts (the board), and the file cards' previews and
# signature verdicts, which workers finish after the page was cached: what cached
# pages are made from. Sites and view restrictions decide where an address routes
# and who may read it (caching.seed_route); groups, with the memberships below,
# decide each reader's roles (units/roles.py); editors' picks head cached search
# results (search/views.py, whose index updates move the generation on themselves).
CACHED_CONTENT = (
    Page,
    DirectiveTask,
    Unit,
    DocumentType,
    DirectiveReceipt,
    Preview,
    SignatureCheck,
    Site,
    PageViewRestriction,
    Group,
    SearchPromotion,
)


@receiver(post_save)
@receiver(post_delete)
def forget_cached_pages(sender, instance, raw=False, **kwargs):
    # After the commit: a reader in between would cache the old content anew.
    if not raw and isinstance(instance, CACHED_CONTENT):
        transaction.on_commit(caching.content_changed)


@receiver(m2m_changed, sender=get_user_model().groups.through)
def forget_cached_roles(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        transaction.on_commit(caching.content_changed)


@receiver(post_save, sender=Unit)
def give_unit_its_section(sender, instance, raw=False, **kwargs):
    if not raw:
        provisioning.unit_section_ensure(unit=instance)


@receiver(post_save, sender=ReportSchedule)
def keep_beat_entry_in_step(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_sync(instance)


@receiver(post_delete, sender=ReportSchedule)
def drop_beat_entry(sender, instance, **kwargs):
    if instance.periodic_task_id:
        instance.periodic_task.delete()


@receiver(page_published)
def on_page_published(sender, instance, revision=None, alias=False, **kwargs):
    # Aliases and translations are copies: the Vietnamese page is the record.
    if alias or instance.locale.language_code != locales.source_language():
        return
    # Wagtail also sends page_published when a never-published page is only
    # scheduled ("go live at" in the future): nothing has happened yet. It sends
    # it again when publish_scheduled makes the page live.
    if not instance.live:
        return
    if locales.mirrored(instance):
        locales.mirror(instance)
    if isinstance(instance, SubmissionPage):
        services.submission_published(page=instance, revision=revision)
    elif (
        isinstance(instance, DirectivePage)
        and instance.first_published_at == instance.last_published_at
    ):
        # Only the first publication assigns tasks; later corrections do not re-notify.
        notifications.enqueue(notifications.directive_assigned(instance))


def _submission(workflow_state) -> SubmissionPage | None:
    page = workflow_state.content_object
    specific = getattr(page, "specific", None)
    return specific if isinstance(specific, SubmissionPage) else None


# These receivers take Wagtail's own dispatch_uids for its workflow e-mails.
# Wagtail connects its notifiers later (wagtail.admin is after us in
# INSTALLED_APPS) and a second connect with the same uid is ignored, so its
# synchronous, English-templated mails never go out beside ours.
@receiver(
    workflow_submitted,
    sender=WorkflowState,
    dispatch_uid="workflow_state_submitted_email_notification",
)
def on_workflow_submitted(sender, instance, user=None, **kwargs):
    page = _submission(instance)
    if page is not None:
        notifications.enqueue(notifications.approval_requested(page, user or instance.requested_by))


def _leader_decided(instance, *, approved: bool) -> None:
    page = _submission(instance)
    if page is not None:
        task_state = instance.current_task_state
        notifications.enqueue(
            notifications.approval_decided(
                page,
                approved=approved,
                requested_by=instance.requested_by,
                comment=task_state.get_comment() if task_state else "",
            )
        )


@receiver(
    workflow_approved,
    sender=WorkflowState,
    dispatch_uid="workflow_state_approved_email_notification",
)
def on_workflow_approved(sender, instance, user=None, **kwargs):
    _leader_decided(instance, approved=True)


@receiver(
    workflow_rejected,
    sender=WorkflowState,
    dispatch_uid="workflow_state_rejected_email_notification",
)
def on_workflow_rejected(sender, instance, user=None, **kwargs):
    _leader_decided(instance, approved=False)


def _leader_step(task_state, *, approved: bool) -> None:
    page = _submission(task_state.workflow_state)
    if page is not None:
        services.submission_leader_decided(page=page, task_state=task_state, approved=approved)


# Wagtail sends these with the TaskState class as sender; only unit reports matter here.
@receiver(task_approved, sender=TaskState)
def on_leader_approved(sender, instance, user=None, **kwargs):
    _leader_step(instance, approved=True)


@receiver(task_rejected, sender=TaskState)
def on_leader_returned(sender, instance, user=None, **kwargs):
    _leader_step(instance, approved=False)


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit.login_succeeded(user=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    audit.login_failed(username=credentials.get("username", ""), request=request)


@receiver(document_served)
def on_document_served(sender, instance, request, **kwargs):
    audit.document_downloaded(document=instance, request=request)
