"""Site-wide views that belong to no app: page serving with a language fallback."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import get_language

from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve


def serve(request, path):
    """Wagtail's page view, falling back to the Vietnamese page for /en/ addresses.

    The English tree mirrors the public pages only; a unit's section and its
    reports exist in Vietnamese alone. Rather than a 404, an /en/ address
    of such a page shows the Vietnamese page inside the English interface,
    with a notice saying so (base.html).
    """
    if get_language() != settings.LANGUAGE_CODE and Page.route_for_request(request, path) is None:
        site = Site.find_for_request(request)
        if site is not None:
            components = [component for component in path.split("/") if component]
            try:
                # route_for_request caches its answer on the request under this
                # name; seeding it routes wagtail's serve (and its before_serve_page
                # hooks: login, unit drafts) through the Vietnamese tree.
                request._wagtail_route_for_request = site.root_page.specific.route(
                    request, components
                )
            except Http404:
                request._wagtail_route_for_request = None
    return wagtail_serve(request, path)
