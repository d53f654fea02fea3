from django.contrib.auth.middleware import LoginRequiredMiddleware

# Views an anonymous visitor must reach to be able to sign in at all.
PUBLIC_URL_NAMES = frozenset(
    {
        "login",
        "health",
        "wagtailadmin_login",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "javascript-catalog",
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
