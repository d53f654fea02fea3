"""wagtail-localize's translate action, limited to the mirrored public pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from wagtail_localize.views.submit_translations import SubmitPageTranslationView

from directives import locales
from directives.models import DirectivePage
from directives.receipts import receipt_acknowledge, receipt_units


def translate_page(request, page_id):
    """wagtail-localize's "Translate page" for the mirrored public pages only.

    Its own view checks nothing but the translate permission; a unit's section
    and reports are that unit's Vietnamese record and are never translated
    (a copy would also count twice in compliance).
    """
    if not locales.mirrored(get_object_or_404(Page, pk=page_id).specific):
        raise PermissionDenied
    return SubmitPageTranslationView.as_view()(request, page_id=page_id)


@require_POST
def acknowledge_receipt(request, page_id: int):
    """ "Đã nhận": a unit confirms it has received a directive that gives it a task."""
    directive = get_object_or_404(DirectivePage.objects.live(), pk=page_id)
    units = {str(u.pk): u for u in receipt_units(directive=directive, user=request.user)}
    unit = units.get(request.POST.get("unit", ""))
    if unit is None:
        # Who may do what: directives.units.roles (only the bound unit's own people).
        raise PermissionDenied
    if receipt_acknowledge(directive=directive, unit=unit, user=request.user):
        messages.success(request, _("Đã xác nhận %(unit)s đã nhận văn bản.") % {"unit": unit.name})
    else:
        messages.info(request, _("%(unit)s đã xác nhận trước đó.") % {"unit": unit.name})
    return redirect(directive.url)
