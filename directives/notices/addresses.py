"""Who receives mail: a unit's contact addresses, its people, the department's reviewers."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from directives.models import Unit


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def users_emails(users) -> set[str]:
    return {user.email for user in users if user and user.is_active and user.email}


def contact_addresses(unit: Unit) -> set[str]:
    return {contact.email for contact in unit.contact_emails.all()}


def unit_addresses(unit: Unit, *, approvers_only: bool = False) -> set[str]:
    """The unit's contact addresses and its people (or only its leaders)."""
    groups = Q(groups=unit.approvers_group_id)
    if not approvers_only:
        groups |= Q(groups=unit.editors_group_id)
    people = get_user_model().objects.filter(groups, is_active=True).exclude(email="")
    return contact_addresses(unit) | set(people.values_list("email", flat=True))


def department_addresses() -> set[str]:
    from directives.units.roles import DEPARTMENT_GROUP

    return set(
        get_user_model()
        .objects.filter(groups__name=DEPARTMENT_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
