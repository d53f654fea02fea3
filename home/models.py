from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """Trang chủ: latest directives, upcoming and overdue deadlines."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["directives.DirectiveIndexPage", "directives.UnitIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        from directives.selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(locale=self.locale, request=request))
        return context
