"""Who may do what: the portal's roles as plain predicates over Django groups.

Each unit has an editors group and an approvers group (made with the unit);
the department's reviewers share one group. Results are cached on the user
object for the request, because menus, panels and checks ask repeatedly.
"""

from django.db.models import Q

from directives.models import Unit

DEPARTMENT_GROUP = "Ban Tuyên giáo Tỉnh ủy: thẩm định"
DEPARTMENT_EDITORS_GROUP = "Ban Tuyên giáo Tỉnh ủy: biên tập"


def _cached(user, name, compute):
    cache = user.__dict__.setdefault("_portal_roles", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def is_department(user) -> bool:
    """Department reviewers (and administrators) read and review every unit's work."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or _cached(
        user, "department", lambda: user.groups.filter(name=DEPARTMENT_GROUP).exists()
    )


def member_unit_ids(user) -> frozenset[int]:
    """Units whose editors or approvers group the user belongs to."""
    if not user.is_authenticated:
        return frozenset()
    return _cached(
        user,
        "units",
        lambda: frozenset(
            Unit.objects.filter(
                Q(editors_group__user=user) | Q(approvers_group__user=user)
            ).values_list("pk", flat=True)
        ),
    )


def approver_unit_ids(user) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    return _cached(
        user,
        "approves",
        lambda: frozenset(
            Unit.objects.filter(approvers_group__user=user).values_list("pk", flat=True)
        ),
    )


def can_see_unpublished(user, unit_id: int | None) -> bool:
    """Drafts and unpublished files of a unit: that unit and the department only."""
    return is_department(user) or (unit_id is not None and unit_id in member_unit_ids(user))


def can_write_for(user, unit_id: int) -> bool:
    return user.is_superuser or unit_id in member_unit_ids(user)
