from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.db import transaction

# Views an anonymous visitor must reach to be able to sign in at all.
PUBLIC_URL_NAMES = frozenset(
    {
        "login",
        "health",
        "favicon",
        "wagtailadmin_login",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "javascript-catalog",
        # Calendar apps cannot sign in: the feed's own token is its credential.
        "directives_calendar_feed",
        # The admin's sign-in page loads its icons and its translations from these
        # (public in Wagtail): redirected, the site's login page was injected into it.
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
    }
)


class IntranetLoginRequiredMiddleware(LoginRequiredMiddleware):
    """The whole portal is an intranet: every page, document and admin view needs login.

    Django's own middleware trusts views to opt out with @login_not_required,
    which Wagtail's views do not do; the sign-in views are listed here instead.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.url_name in PUBLIC_URL_NAMES:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# Wagtail's page editor views that save a revision and then publish it.
ATOMIC_PAGE_VIEWS = frozenset({"wagtailadmin_pages:add", "wagtailadmin_pages:edit"})


class AtomicPageSaveMiddleware:
    """Saving a page in the editor is one transaction: no half-saved page, and what
    the save queues (search indexing, e-mails) is queued once, after the commit,
    seeing the outcome: a first publication indexes the published page once instead
    of its draft revision and then its publication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name not in ATOMIC_PAGE_VIEWS:
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
