"""The unit index and each unit's section, where its documents live."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from directives.caching import CachedViewRestrictions


class UnitIndexPage(CachedViewRestrictions, Page):
    """Đơn vị: parent of every unit's own section."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directives.UnitSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh mục đơn vị")

    def get_context(self, request, *args, **kwargs):
        from directives.selectors import unit_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(unit_index_context(index_page=self))
        return context


class UnitSectionPage(CachedViewRestrictions, Page):
    """A unit's own section: its implementation plans and results reports live here.

    Created with the unit (see services.unit_section_ensure), never by hand.
    """

    unit = models.OneToOneField(
        "directives.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="section",
    )

    content_panels = [*Page.content_panels, FieldPanel("unit", read_only=True)]
    parent_page_types = ["directives.UnitIndexPage"]
    subpage_types = ["directives.ImplementationPlanPage", "directives.ResultsReportPage"]
    is_creatable = False

    class Meta:
        verbose_name = _("chuyên mục đơn vị")

    def get_context(self, request, *args, **kwargs):
        from directives.selectors import unit_section_body

        context = super().get_context(request, *args, **kwargs)
        context["section_body"] = unit_section_body(section=self, request=request)
        return context
