from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from directives.caching import CachedViewRestrictions


class HomePage(CachedViewRestrictions, Page):
    """Trang chủ: latest directives, upcoming and overdue deadlines."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["directives.DirectiveIndexPage", "directives.UnitIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")

    def route(self, request, path_components):
        """An English home page routes what the English tree lacks (unit sections
        and reports exist in Vietnamese only) through the Vietnamese tree: the
        page is then shown inside the English interface with a notice
        (base.html), under the same login and draft rules, instead of a 404."""
        try:
            return super().route(request, path_components)
        except Http404:
            from directives.locales import source_of

            source = source_of(self)
            if source.pk == self.pk:
                raise
            return source.route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from directives.selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(locale=self.locale, request=request))
        return context
