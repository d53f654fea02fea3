"""What a unit is given: its section page, collection, editor and approver groups with their
permissions, the department's groups, and the one approval workflow.

Every permission granted here is checked through `directives.units.roles`.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

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

from directives.locales import in_source_locale
from directives.models import (
    DirectiveIndexPage,
    Unit,
    UnitApprovalTask,
    UnitIndexPage,
    UnitSectionPage,
)
from directives.units import roles

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


def _grant(group: Group, page: Page, collection: Collection, page_perms: Iterable[str]) -> None:
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


def department_group_ensure() -> Group:
    """The department reviewers' group: admin access, the report archive and the report
    schedules to read (changing a schedule stays with administrators; "Tổng hợp ngay"
    checks `roles.is_department`); reading and reviewing go through the review views,
    which check `roles.is_department`."""
    group, _created = Group.objects.get_or_create(name=roles.DEPARTMENT_GROUP)
    group.permissions.add(*_reader_permissions())
    return group


def leadership_group_ensure() -> Group:
    """The department's leaders: admin access, the report archive and the schedules to
    read, nothing to change (reading everything goes through `roles.reads_everything`)."""
    group, _created = Group.objects.get_or_create(name=roles.LEADERSHIP_GROUP)
    group.permissions.add(*_reader_permissions())
    return group


def _reader_permissions() -> list[Permission]:
    """What the department's groups hold in Django's terms: the admin, and the
    consolidated reports and their schedules, read only."""
    return [
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *(
            Permission.objects.get(content_type__app_label="directives", codename=codename)
            for codename in ("view_consolidatedreport", "view_reportschedule")
        ),
    ]


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
