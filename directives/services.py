"""Writes of the directives domain: keyword-only functions, atomic."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from directives.models import SubmissionPage, Unit, UnitIndexPage, UnitSectionPage

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


def _grant(group: Group, section: UnitSectionPage, collection: Collection, page_perms) -> None:
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in page_perms:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=section,
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
    index = UnitIndexPage.objects.first()
    if index is None:
        return None
    section = UnitSectionPage.objects.filter(unit=unit).first()
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
