"""wagtail-localize's translate action, limited to the mirrored public pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from wagtail.models import Page

from wagtail_localize.views.submit_translations import SubmitPageTranslationView

from directives import locales


def translate_page(request, page_id):
    """wagtail-localize's "Translate page" for the mirrored public pages only.

    Its own view checks nothing but the translate permission; a unit's section
    and reports are that unit's Vietnamese record and are never translated
    (a copy would also count twice in compliance).
    """
    if not locales.mirrored(get_object_or_404(Page, pk=page_id).specific):
        raise PermissionDenied
    return SubmitPageTranslationView.as_view()(request, page_id=page_id)
