from django.apps import AppConfig


class AdminLocaleConfig(AppConfig):
    """Vietnamese for the Wagtail admin screens units use (login to submission).

    Wagtail's own Vietnamese catalogue covers about one string in seven. This
    app holds only a catalogue; listed before the Wagtail apps in
    INSTALLED_APPS, its translations take precedence over theirs.
    """

    name = "portal.admin_locale"
    label = "portal_admin_locale"
