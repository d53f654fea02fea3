"""The directives app; its ready() connects the signals and the admin's date fields."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("Văn bản chỉ đạo")

    def ready(self):
        from directives import signals  # noqa: F401
        from portal import dates

        dates.register_admin_fields()
