"""Who may do what: the portal's roles as plain predicates over Django groups.

This is the door to every permission rule. Each unit has an editors group and an
approvers group (made with the unit, directives.units.provisioning grants their
page and collection permissions); the department's reviewers share one group.
The places that check, each pointing back here: the leader's approval task
(models/workflows.py), the structure guard and the file hook (wagtail_hooks.py),
the download check (units/files.py), the admin view guards (units/views.py,
submissions/views.py, reports/views.py), and search's visibility clauses, in SQL
(search/query.py) and Elasticsearch (search/elastic.py), both derived from
`Visibility` below and tested against it, and the admin page chooser
(wagtail_hooks.py, `Visibility.pages`).

Results are kept on the user object for the request, because menus, panels and
checks ask repeatedly, and in the cache per content generation, because every page
asks: a change of anyone's groups, of a group or of a unit moves the generation on
(directives/signals.py).
"""

from dataclasses import dataclass

from django.db.models import Q

from directives import caching
from directives.models import Unit, UnitSectionPage

DEPARTMENT_GROUP = "Ban Tuyên giáo Tỉnh ủy: thẩm định"
DEPARTMENT_EDITORS_GROUP = "Ban Tuyên giáo Tỉnh ủy: biên tập"
LEADERSHIP_GROUP = "Ban Tuyên giáo Tỉnh ủy: lãnh đạo"


def _cached(user, name, compute):
    memo = user.__dict__.setdefault("_portal_roles", {})
    if name not in memo:
        memo[name] = caching.cached("roles", user.pk, name, compute=compute)
    return memo[name]


def is_department(user) -> bool:
    """Department reviewers (and administrators) read and review every unit's work."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or _cached(
        user, "department", lambda: user.groups.filter(name=DEPARTMENT_GROUP).exists()
    )


def is_leadership(user) -> bool:
    """The department's leaders read everything (the board, the matrix, every unit's
    work) and change nothing: their group holds no page, review or edit permission.
    They may remind units of overdue work (notices/on_demand.py)."""
    if not user.is_authenticated:
        return False
    return _cached(user, "leadership", lambda: user.groups.filter(name=LEADERSHIP_GROUP).exists())


def reads_everything(user) -> bool:
    """Department reviewers, the department's leaders and administrators."""
    return is_department(user) or is_leadership(user)


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


@dataclass(frozen=True)
class Visibility:
    """What of the units' work a user may read: everything published, and the drafts
    and unpublished files of their own units; the department reads everything."""

    everything: bool
    unit_ids: frozenset[int]

    def allows(self, *, live: bool, owner_unit_id: int | None) -> bool:
        return (
            self.everything
            or live
            or (owner_unit_id is not None and owner_unit_id in self.unit_ids)
        )

    def pages(self) -> Q:
        """The same rule over Wagtail's page tree (the admin page chooser): a page
        belongs to the unit whose section holds it; every other page has no owner."""
        if self.everything:
            return Q()
        allowed = Q(live=True)
        for path in UnitSectionPage.objects.filter(unit_id__in=self.unit_ids).values_list(
            "path", flat=True
        ):
            allowed |= Q(path__startswith=path)
        return allowed


def visibility(user) -> Visibility:
    return Visibility(everything=reads_everything(user), unit_ids=member_unit_ids(user))


def can_see_unpublished(user, unit_id: int | None) -> bool:
    """Drafts and unpublished files of a unit: that unit and the department only."""
    return visibility(user).allows(live=False, owner_unit_id=unit_id)


def can_write_for(user, unit_id: int) -> bool:
    return user.is_superuser or unit_id in member_unit_ids(user)
