"""Wiring into Wagtail's admin: registries, menus, admin URLs, dashboard panels, guards."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.home import (
    LockedPagesPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directives import admin_shell, audit, views
from directives.board import views as board_views
from directives.board.panels import BoardSummaryPanel
from directives.calendar import views as calendar_views
from directives.compliance.panels import DepartmentOverviewPanel, UnitTasksPanel
from directives.models import (
    ConsolidatedReport,
    DocumentType,
    ReportSchedule,
    Unit,
    UnitIndexPage,
    UnitSectionPage,
)
from directives.reports import reporting
from directives.reports import views as report_views
from directives.submissions import actions as submission_actions
from directives.submissions import views as submission_views
from directives.units import files, roles


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Đơn vị")
    list_display = [
        "name",
        "short_name",
        "category",
        admin_shell.YesNoColumn("is_active", label=_("đang hoạt động")),
    ]
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

    def render_cell_html(self, instance, parent_context):
        # Rendered with the request, so that {% csrf_token %} has a token to print
        # (Wagtail's Column renders cells without it: forms in them got a 403).
        context = self.get_cell_context_data(instance, parent_context)
        return self.cell_template.render(context, request=parent_context.get("request"))


class ScheduleActionsColumn(TemplateColumn):
    """ "Tổng hợp ngay", with the schedule's complete periods to choose from."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        # The department's leaders read the schedules; compiling is the reviewers'
        # (report_views.compile_now checks the same role).
        if request is None or not roles.is_department(request.user):
            return context
        spans = reporting.choosable_periods(instance, timezone.localdate())
        context["can_compile"] = True
        context["periods"] = [
            (report_views.period_value(span), f"{span[0]:%d/%m/%Y} - {span[1]:%d/%m/%Y}")
            for span in spans
        ]
        return context


class ReportScheduleViewSet(SnippetViewSet):
    model = ReportSchedule
    icon = "date"
    menu_label = _("Lịch báo cáo")
    # Read only for the department's reviewers and leaders (view permission,
    # units/provisioning.py): the listing's titles open this page.
    inspect_view_enabled = True
    inspect_view_class = admin_shell.ReadOnlyInspectView
    inspect_view_fields = [
        "name",
        "directives",
        "frequency",
        "crontab",
        "enabled",
        "recipients",
        "recipient_units",
        "send_pdf",
        "send_xlsx",
        "send_docx",
        "issuing_parent",
        "issuing_body",
        "number_symbol",
        "place",
        "report_recipients",
        "signing_authority",
        "signer_position",
        "signer_name",
        "reporting_since",
    ]
    list_display = [
        "name",
        "frequency",
        admin_shell.YesNoColumn("enabled", label=_("đang bật")),
        ScheduleActionsColumn("actions", "directives/admin/schedule_actions_cell.html", label=""),
    ]


class ConsolidatedReportViewSet(SnippetViewSet):
    model = ConsolidatedReport
    icon = "doc-full-inverse"
    menu_label = _("Lưu trữ báo cáo")
    inspect_view_enabled = True
    inspect_view_class = report_views.ArchivedReportInspectView
    inspect_view_fields = [
        "title",
        "schedule",
        "period_start",
        "period_end",
        "as_of",
        "status",
        "compiled_at",
        "sent_at",
        "sent_to",
        "refused",
        "attempts",
        "next_attempt_at",
        "last_error",
        "pdf",
        "xlsx",
        "docx",
    ]
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
        path("", submission_views.review_index, name="index"),
        path("<int:page_id>/", submission_views.review_detail, name="detail"),
    ]
    # A unit's own action, not the department's: its own namespace.
    submissions = [
        path(
            "tasks/<int:task_id>/units/<int:unit_id>/report/",
            submission_views.start_report,
            name="start_report",
        ),
        path("<int:page_id>/decided/", submission_views.decided, name="decided"),
    ]
    reports = [
        path("compliance/", report_views.compliance_matrix, name="compliance"),
        path("<int:pk>/files/<str:kind>/", report_views.download_report, name="download"),
        path("<int:pk>/resend/", report_views.resend_report, name="resend"),
        path("schedules/<int:pk>/compile/", report_views.compile_now, name="compile_now"),
    ]
    return [
        path("huong-dan/", admin_shell.help_view, name="directives_help"),
        path("board/", board_views.board_view, name="directives_board"),
        path("board/remind/", board_views.remind, name="directives_remind"),
        path("lich/", calendar_views.calendar_view, name="directives_calendar"),
        path("lich/feed/", calendar_views.feed_action, name="directives_calendar_feed_action"),
        path(
            "directives/<int:page_id>/receipt/",
            views.acknowledge_receipt,
            name="directives_receipt",
        ),
        path("todo/", submission_views.todo_view, name="directives_todo"),
        path("review/", include((urls, "directives_review"))),
        path("submissions/", include((submissions, "directives_submissions"))),
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


class ReaderMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.reads_everything(request.user)


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(roles.member_unit_ids(request.user)) or roles.reads_everything(request.user)


class TodoMenuItem(MenuItem):
    """ "Việc cần làm (N)": the count of what waits for this person, on every admin page."""

    def render_component(self, request):
        from wagtail.admin.menu import LinkMenuItemComponent

        from directives.compliance.todo import todo_count

        count = todo_count(request.user, today=timezone.localdate())
        return LinkMenuItemComponent(
            self.name,
            f"{self.label} ({count})" if count else self.label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs={**self.attrs, "data-todo-count": str(count)},
        )

    def is_shown(self, request):
        return bool(roles.member_unit_ids(request.user)) or roles.is_department(request.user)


@hooks.register("register_admin_menu_item")
def register_todo_menu_item():
    return TodoMenuItem(_("Việc cần làm"), reverse("directives_todo"), icon_name="tasks", order=90)


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return CalendarMenuItem(
        _("Lịch hạn báo cáo"), reverse("directives_calendar"), icon_name="date", order=95
    )


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return DepartmentMenuItem(
        _("Thẩm định"), reverse("directives_review:index"), icon_name="tasks", order=150
    )


@hooks.register("register_admin_menu_item")
def register_board_menu_item():
    return ReaderMenuItem(
        _("Bảng điều hành"), reverse("directives_board"), icon_name="view", order=140
    )


@hooks.register("register_admin_menu_item")
def register_compliance_menu_item():
    return ReaderMenuItem(
        _("Tình hình thực hiện"),
        reverse("directives_reports:compliance"),
        icon_name="table",
        order=160,
    )


@hooks.register("construct_homepage_panels")
def add_workspace_panels(request, panels):
    user = request.user
    # Only units' leaders moderate (UnitApprovalTask) and lock reports in moderation.
    moderates = user.is_superuser or bool(roles.approver_unit_ids(user))
    # For anyone else Wagtail's "awaiting your review" panel is always empty, and
    # costs a sixth of the page.
    unwanted = () if moderates else (WorkflowObjectsToModeratePanel,)
    # A unit's people see each of their reports' stage on their own panel's rows
    # (awaiting the leader, the department, returned…): Wagtail's list of their
    # pages in moderation repeated it. Its list of pages they locked is always empty
    # for a unit's editors: units hold no lock permission (units/provisioning.py).
    if roles.member_unit_ids(user):
        unwanted += (UserObjectsInWorkflowModerationPanel,)
        if not moderates:
            unwanted += (LockedPagesPanel,)
    panels[:] = [panel for panel in panels if not isinstance(panel, unwanted)]
    if roles.member_unit_ids(user):
        panels.append(UnitTasksPanel(user))
    if roles.reads_everything(user):
        panels.append(BoardSummaryPanel())
    if roles.is_department(user):
        panels.append(DepartmentOverviewPanel())


# After Wagtail's own (order): they add the items this takes away.
@hooks.register("construct_homepage_summary_items", order=100)
def drop_site_summary(request, items):
    # Wagtail's counts of every page and file in the portal tell a unit or the
    # department nothing (their panels count their own work), and cost a quarter of
    # the dashboard's time (bench/http.py): administrators keep them.
    if not request.user.is_superuser:
        items.clear()


@hooks.register("construct_page_action_menu")
def arrange_report_menu(menu_items, request, context):
    submission_actions.arrange_report_menu(menu_items, request, context)


@hooks.register("after_edit_page")
def announce_leader_decision(request, page):
    if request.POST.get("action-workflow-action"):
        submission_actions.announce_decision(request, page)


@hooks.register("before_serve_document")
def check_document_permission(document, request):
    # Who may do what: directives.units.roles, the door to every permission rule.
    if not files.can_download(request.user, document):
        raise PermissionDenied


@hooks.register("construct_page_chooser_queryset")
def hide_other_units_drafts(pages, request):
    # Who may do what: directives.units.roles, the door to every permission rule.
    # Wagtail's chooser (browse, search, rich-text links) lists every page; a unit
    # sees other units' drafts nowhere else, so not here either. Browsing into a
    # page one may not see would still print its title as the listing's heading.
    visible = roles.visibility(request.user).pages()
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None and not Page.objects.filter(visible, pk=parent_id).exists():
        raise Http404
    return pages.filter(visible)


def _protect_structure(request, page, *args, **kwargs):
    # Who may do what: directives.units.roles, the door to every permission rule.
    # Sections and the unit index are made and renamed with their unit
    # (units.provisioning.unit_section_ensure); a unit's editors and approvers, who hold
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


@hooks.register("construct_help_menu")
def portal_help_menu(request, menu_items):
    menu_items[:] = admin_shell.keep_offline_help(menu_items) + admin_shell.help_menu_items()


@hooks.register("construct_reports_menu")
def reports_by_role(request, menu_items):
    menu_items[:] = admin_shell.reports_for(request.user, menu_items)
