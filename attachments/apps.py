from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "attachments"
    label = "attachments"
    verbose_name = _("Tệp đính kèm: xem trước và chữ ký số")

    def ready(self):
        from attachments import signals  # noqa: F401
