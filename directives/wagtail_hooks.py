from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directives import audit, documents, report_views, roles, views
from directives.models import (
    ConsolidatedReport,
    DocumentType,
    ReportSchedule,
    Unit,
    UnitIndexPage,
    UnitSectionPage,
)
from directives.panels import DepartmentOverviewPanel, UnitTasksPanel


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Đơn vị")
    list_display = ["name", "short_name", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "short_name"]
    ordering = ["sort_order", "name"]


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "doc-full"
    menu_label = _("Loại văn bản")
    list_display = ["name", "code"]


class RegistryViewSetGroup(SnippetViewSetGroup):
    items = (UnitViewSet, DocumentTypeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Danh mục")
    menu_name = "registries"


register_snippet(RegistryViewSetGroup)


class TemplateColumn(Column):
    """A listing column drawn by its own template (buttons, forms)."""

    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["request"] = parent_context.get("request")
        context["csrf_token"] = parent_context.get("csrf_token")
        return context


class ReportScheduleViewSet(SnippetViewSet):
    model = ReportSchedule
    icon = "date"
    menu_label = _("Lịch báo cáo")
    list_display = [
        "name",
        "frequency",
        "enabled",
        TemplateColumn("actions", "directives/admin/schedule_actions_cell.html", label=""),
    ]


class ConsolidatedReportViewSet(SnippetViewSet):
    model = ConsolidatedReport
    icon = "doc-full-inverse"
    menu_label = _("Lưu trữ báo cáo")
    inspect_view_enabled = True
    list_display = [
        "title",
        "period_end",
        "status",
        "sent_at",
        "recipients_display",
        TemplateColumn("files", "directives/admin/report_actions_cell.html", label=""),
    ]
    list_filter = ["status", "schedule"]


class ReportsViewSetGroup(SnippetViewSetGroup):
    items = (ReportScheduleViewSet, ConsolidatedReportViewSet)
    menu_icon = "table"
    menu_label = _("Báo cáo tổng hợp")
    menu_name = "consolidated-reports"


register_snippet(ReportsViewSetGroup)


@hooks.register("insert_global_admin_css")
def workspace_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("directives/admin.css"))


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    for action, (label, message) in audit.ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_review_urls():
    urls = [
        path("", views.review_index, name="index"),
        path("<int:page_id>/", views.review_detail, name="detail"),
        path(
            "tasks/<int:task_id>/units/<int:unit_id>/report/",
            views.start_report,
            name="start_report",
        ),
    ]
    reports = [
        path("compliance/", report_views.compliance_matrix, name="compliance"),
        path("<int:pk>/files/<str:kind>/", report_views.download_report, name="download"),
        path("<int:pk>/resend/", report_views.resend_report, name="resend"),
        path("schedules/<int:pk>/compile/", report_views.compile_now, name="compile_now"),
    ]
    return [
        path("review/", include((urls, "directives_review"))),
        path("reports/", include((reports, "directives_reports"))),
        # In front of wagtail-localize's own view at the same address (our hooks
        # run first): only the mirrored public pages may be translated.
        path(
            "localize/submit/page/<int:page_id>/",
            views.translate_page,
            name="directives_translate_page",
        ),
    ]


class DepartmentMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_department(request.user)


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return DepartmentMenuItem(
        _("Thẩm định"), reverse("directives_review:index"), icon_name="tasks", order=150
    )


@hooks.register("register_admin_menu_item")
def register_compliance_menu_item():
    return DepartmentMenuItem(
        _("Tình hình thực hiện"),
        reverse("directives_reports:compliance"),
        icon_name="table",
        order=160,
    )


@hooks.register("construct_homepage_panels")
def add_workspace_panels(request, panels):
    if roles.member_unit_ids(request.user):
        panels.append(UnitTasksPanel(request.user))
    if roles.is_department(request.user):
        panels.append(DepartmentOverviewPanel())


@hooks.register("before_serve_document")
def check_document_permission(document, request):
    if not documents.can_download(request.user, document):
        raise PermissionDenied


def _protect_structure(request, page, *args, **kwargs):
    # Sections and the unit index are made and renamed with their unit
    # (services.unit_section_ensure); a unit's editors and approvers, who hold
    # permissions on their section, must not rename, move, copy, unpublish or
    # delete the section itself.
    if (
        isinstance(page.specific_deferred, UnitSectionPage | UnitIndexPage)
        and not request.user.is_superuser
    ):
        raise PermissionDenied


for _hook in (
    "before_edit_page",
    "before_delete_page",
    "before_move_page",
    "before_copy_page",
    "before_unpublish_page",
):
    hooks.register(_hook, _protect_structure)
