"""Receipt of a directive: a unit has opened it (first view by one of its people) and
confirmed it ("Đã nhận"). The department sees, on the board, which bound units have
not yet done either."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from directives import caching
from directives.models import DirectivePage, DirectiveReceipt, Unit
from directives.selectors import unit_tasks
from directives.units import roles


def receipt_units(*, directive: DirectivePage, user) -> list[Unit]:
    """The user's units that the directive gives a task to (their receipt counts)."""
    members = roles.member_unit_ids(user)
    if not members:
        return []
    bound = [
        unit_id for unit_id in members if unit_tasks(unit_id).filter(directive=directive).exists()
    ]
    return list(Unit.objects.filter(pk__in=bound).order_by("sort_order", "name"))


def receipt_opened(*, directive: DirectivePage, units: Iterable[Unit], user) -> dict:
    """Record the first opening for each unit; unit id -> its receipt."""
    receipts = {r.unit_id: r for r in DirectiveReceipt.objects.filter(directive=directive)}
    for unit in units:
        if unit.pk in receipts:
            continue
        try:
            with transaction.atomic():
                receipts[unit.pk] = DirectiveReceipt.objects.create(
                    directive=directive, unit=unit, opened_by=user
                )
        except IntegrityError:  # opened at the same moment by a colleague
            receipts[unit.pk] = DirectiveReceipt.objects.get(directive=directive, unit=unit)
    return receipts


def receipt_acknowledge(*, directive: DirectivePage, unit: Unit, user) -> bool:
    """Confirm receipt; False when the unit had already confirmed (the first stands)."""
    receipt_opened(directive=directive, units=[unit], user=user)
    confirmed = DirectiveReceipt.objects.filter(
        directive=directive, unit=unit, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now(), acknowledged_by=user)
    # A queryset update sends no post_save: the board's cache must hear of it too.
    transaction.on_commit(caching.content_changed)
    return bool(confirmed)


def receipt_gaps(bound: dict[int, set[int]]) -> dict[int, tuple[set[int], set[int]]]:
    """Directive id -> (unit ids that have not opened it, that have not confirmed it),
    for the bound units given per directive, in one query."""
    opened: dict[int, set[int]] = {pk: set() for pk in bound}
    confirmed: dict[int, set[int]] = {pk: set() for pk in bound}
    for directive_id, unit_id, acknowledged in DirectiveReceipt.objects.filter(
        directive_id__in=list(bound)
    ).values_list("directive_id", "unit_id", "acknowledged_at"):
        opened[directive_id].add(unit_id)
        if acknowledged:
            confirmed[directive_id].add(unit_id)
    return {pk: (units - opened[pk], units - confirmed[pk]) for pk, units in bound.items()}
