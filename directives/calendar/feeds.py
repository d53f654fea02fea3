"""Personal calendar feeds (.ics): a token per person, revocable, hashed at rest."""

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.calendar.events import Deadline, deadlines_between
from directives.models import CalendarFeed
from directives.notices.addresses import absolute_url
from directives.units import roles

# What a feed holds: recent deadlines and those of the coming year.
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 366


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_scope(user) -> set[int] | None:
    """The units whose deadlines the person sees: their own, or every unit (None) for
    the department and its leaders."""
    # Who may do what: directives.units.roles, the door to every permission rule.
    if roles.reads_everything(user):
        return None
    return set(roles.member_unit_ids(user))


@transaction.atomic
def feed_create(*, user) -> str:
    """A new feed address for the person; any earlier one stops answering."""
    feed_revoke(user=user)
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(user=user, token_hash=_hash(token))
    return absolute_url(reverse("directives_calendar_feed", args=[token]))


def feed_revoke(*, user) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def active_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_owner(token: str):
    """The active user a live token belongs to, or None (unknown, revoked, deactivated)."""
    feed = (
        CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def render_ics(deadlines: list[Deadline], *, name: str) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Cong chi dao//Lich han bao cao//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    for deadline in deadlines:
        task, directive = deadline.task, deadline.task.directive
        event = Event()
        event.add("uid", f"{deadline.uid}@{domain}")
        event.add("dtstamp", stamp)
        # All-day events: a deadline is a day in Vietnam, not an instant.
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        event.add(
            "summary",
            _("Hạn báo cáo: nhiệm vụ %(number)s%(period)s — %(directive)s")
            % {
                "number": task.number,
                "period": f" ({deadline.period.label})" if deadline.period else "",
                "directive": directive.number_symbol or directive.title,
            },
        )
        units = ", ".join(unit.name for unit in deadline.units)
        event.add(
            "description",
            task.description[:500] + "\n\n" + _("Đơn vị: %(units)s") % {"units": units},
        )
        event.add("url", absolute_url(reverse("wagtailadmin_home")))
        calendar.add_component(event)
    return calendar.to_ical()


def feed_deadlines(user, today: date) -> list[Deadline]:
    return deadlines_between(
        unit_ids=calendar_scope(user),
        first=today - timedelta(days=FEED_PAST_DAYS),
        last=today + timedelta(days=FEED_FUTURE_DAYS),
    )
