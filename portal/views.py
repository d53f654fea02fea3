from django.shortcuts import redirect
from django.templatetags.static import static

from wagtail import views as wagtail_views

from directives import caching


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the mark."""
    return redirect(static("img/favicon.svg"))


def serve_page(request, path):
    """Wagtail's serve view, its routing read from the cache (caching.seed_route)."""
    if request.method in ("GET", "HEAD"):
        caching.seed_route(request, path)
    return wagtail_views.serve(request, path)
