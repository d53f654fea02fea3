"""Caching what every signed-in user sees alike, and forgetting it when content changes.

Keys carry a content generation: every publication, unpublication, review or
change of a directive, a unit document, a task or a unit moves it on, so an
entry can never outlive the content it was made from, in every worker at once
(Redis), without having to know which pages a change touches. Nothing
per-user (the name in the header, the language switcher, drafts) goes in.
"""

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.admin.ui.components import Component
from wagtail.models import Page, PageViewRestriction, Site

T = TypeVar("T")
GENERATION_KEY = "content-generation"
# Entries also expire on their own: keys holding today's date stop being asked for.
TIMEOUT_SECONDS = 24 * 3600


def generation() -> int:
    """The current content generation."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # add(), not set(): two workers starting at once agree on one value. A new
        # count starts from the clock, past any earlier one: entries made under an
        # evicted generation's numbers are never read again.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY) or time.time_ns()
    return value


def content_changed() -> None:
    """Move the generation on: every cached entry is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def cached(name: str, *parts: object, compute: Callable[[], T]) -> T:
    """`compute()`'s value, computed once per generation and `parts`."""
    key = ":".join(str(part) for part in (name, generation(), *parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT_SECONDS)
    return value


def ids_part(ids) -> str:
    """A set of ids as one part of a key ("3-5-9")."""
    return "-".join(str(pk) for pk in sorted(ids)) or "none"


# Stands for the reader's CSRF token in a cached panel's forms; replaced on the way out.
CSRF_PLACEHOLDER = "portal-cached-csrf-token"


class CachedPanel(Component):
    """An admin home panel rendered once per content generation, day, language, time
    zone and `cache_parts()` (what makes two readers' panels differ: their units,
    their role), so that the dashboard does not judge a year of tasks per visit.
    Its forms carry CSRF_PLACEHOLDER, replaced by each reader's own token."""

    cache_name: str

    def cache_parts(self, parent_context) -> tuple:
        return ()

    def render_html(self, parent_context=None):
        parent_context = parent_context or {}
        html = cached(
            self.cache_name,
            timezone.localdate(),
            get_language(),
            timezone.get_current_timezone_name(),
            *self.cache_parts(parent_context),
            compute=lambda: str(super(CachedPanel, self).render_html(parent_context)),
        )
        return with_csrf(html, parent_context.get("csrf_token"))


def with_csrf(html: str, token) -> str:
    """Cached HTML made with CSRF_PLACEHOLDER, with this reader's own token."""
    return mark_safe(html.replace(CSRF_PLACEHOLDER, str(token or "")))  # noqa: S308 (our own HTML)


def seed_route(request, path: str) -> None:
    """Give Wagtail the page a GET of `path` routes to, from the cache: its serve view
    otherwise finds the site and walks the tree from the site's root, its localized
    copy and each page's specific row down to the page (seven queries for a directive)
    on every request. Wagtail keeps both answers on the request
    (`Site.find_for_request`, `Page.route_for_request`), documented there; seeding
    them is all this does. Routing depends on the host, the address and the language,
    never on the reader: drafts and unpublished pages do not route (Page.route), and
    view restrictions and login are checked after routing, as before. Addresses that
    route nowhere are not cached."""
    found = cached(
        "route",
        request.get_host(),
        path,
        get_language(),
        compute=lambda: _route(request, path),
    )
    if found:
        request._wagtail_site, request._wagtail_route_for_request = found


def _route(request, path: str) -> tuple | None:
    route = Page.route_for_request(request, path)
    if not route:
        return None
    route[0].locale  # noqa: B018 (kept with the page: every template reads its language)
    return Site.find_for_request(request), tuple(route)


class CachedViewRestrictions:
    """For every page type: Wagtail asks for a page's view restrictions, and its
    ancestors', on every serve (two queries). The portal sets none (the whole
    intranet needs login): whether a page has any is kept per generation, which a
    restriction's creation or deletion moves on (directives/signals.py), and a page
    without gets an empty queryset that asks the database nothing."""

    def get_view_restrictions(self):
        wagtails = super().get_view_restrictions
        if cached("restricted", self.pk, compute=lambda: wagtails().exists()):
            return wagtails()
        return PageViewRestriction.objects.none()
