"""The admin as the portal's own: its name and mark, its own help, each role's reports.

Wagtail's shell shows through otherwise: "What's new in Wagtail" and the editor
guide link to English pages on the internet (an intranet has none), and a unit's
"Báo cáo" menu lists Wagtail reports that mean nothing to it. The hooks in
wagtail_hooks.py call these functions.
"""

from datetime import date

from django.contrib import messages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import InspectView

from directives.units import roles
from portal import dates

# Wagtail's reports each role uses (menu item names); the rest are the administrator's.
UNIT_REPORTS = frozenset({"workflows", "site-history"})
DEPARTMENT_REPORTS = UNIT_REPORTS | {
    "workflow-tasks",
    "locked-pages",
    "aging-pages",
    "search-terms",
}


def reports_for(user, menu_items: list) -> list:
    """The reports menu a user is shown: the administrator's is whole."""
    if user.is_superuser:
        return menu_items
    allowed = DEPARTMENT_REPORTS if roles.is_department(user) else UNIT_REPORTS
    return [item for item in menu_items if item.name in allowed]


def help_menu_items() -> list[MenuItem]:
    """The portal's own help instead of Wagtail's internet links (the keyboard
    shortcuts dialog, which works offline, stays)."""
    return [
        MenuItem(
            _("Hướng dẫn sử dụng"),
            reverse("directives_help"),
            icon_name="help",
            name="huong-dan",
            order=100,
        )
    ]


def keep_offline_help(menu_items: list) -> list:
    return [item for item in menu_items if item.name == "keyboard-shortcuts-trigger"]


def day_param(request, name: str, default: date | None) -> date | None:
    """A dd/mm/yyyy date from the query string; a bad or impossible one is named
    ("31/02/2026": February has 28 days) and ignored, never rolled over."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        return dates.parse_day(raw)
    except ValueError as reason:
        messages.warning(request, gettext("%(reason)s Bỏ qua ngày này.") % {"reason": reason})
        return default


class YesNoColumn(BooleanColumn):
    """A tick or a cross, not Python's "True" in a Vietnamese list: its title, which
    screen readers say and a pointer shows, is "Có" or "Không" (Wagtail's is "True")."""

    cell_template_name = "directives/admin/yes_no_cell.html"


class ReadOnlyInspectView(InspectView):
    """A snippet's page for those who may read it but not change it, in words: yes and
    no in Vietnamese, "—" for nothing, lists and mappings as lines (Wagtail prints
    Python's "True", "None", "[…]" and "{…}"), the e-mail recipients listed."""

    def get_field_label(self, field_name, field):
        if field_name == "recipients":
            return gettext("Địa chỉ e-mail nhận báo cáo")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if isinstance(field, models.BooleanField):
            return gettext("Có") if value else gettext("Không")
        if isinstance(field, models.JSONField):
            if isinstance(value, dict):
                return "; ".join(f"{key}: {said}" for key, said in value.items()) or "—"
            if isinstance(value, list):
                return ", ".join(str(item) for item in value) or "—"
        if value is None or value == "":
            return "—"
        if isinstance(field, models.DateTimeField):
            # In Vietnam's time: Wagtail prints the database's UTC.
            return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        return super().get_field_display_value(field_name, field)


class PortalAdminView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page of the portal's, titled under the dashboard: "Trang chủ › title"
    (Wagtail's default trail is "Home" alone, which then stands as the page's heading)."""

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Trang chủ")},
            {"url": "", "label": self.get_page_title()},
        ]


class HelpView(PortalAdminView):
    """How to use the portal, by role: the reader's own roles are opened."""

    template_name = "directives/admin/help.html"
    page_title = _("Hướng dẫn sử dụng")
    header_icon = "help"

    def get_context_data(self, **kwargs):
        user = self.request.user
        leads = roles.approver_unit_ids(user)
        return super().get_context_data(**kwargs) | {
            # A leader is a member of the unit too: open the part for what they do.
            "is_unit_editor": bool(roles.member_unit_ids(user) - leads),
            "is_leader": bool(leads),
            "is_department": roles.is_department(user),
            "is_admin": user.is_superuser,
        }


help_view = HelpView.as_view()
