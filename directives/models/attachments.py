"""A file attached to a page (a directive or a unit's document), in the page's order."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class Attachment(Orderable):
    """Subclasses add `page`, the ParentalKey to the page the file belongs to."""

    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    caption = models.CharField(_("mô tả"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("tệp đính kèm")
