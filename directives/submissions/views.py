"""Admin views of a unit's submissions: the department's review, a unit's report start."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from directives.admin_shell import PortalAdminView
from directives.locales import in_source_locale
from directives.models import (
    DirectiveTask,
    ReviewEvent,
    ReviewState,
    SubmissionPage,
    SubmissionReview,
    Unit,
)
from directives.submissions import actions, services
from directives.units import roles
from directives.units.views import DepartmentPageView

REVIEWS_PER_PAGE = 30


class ReviewForm(forms.Form):
    event = forms.ChoiceField(
        choices=[
            (ReviewEvent.ACCEPTED, ReviewEvent.ACCEPTED.label),
            (ReviewEvent.RETURNED, ReviewEvent.RETURNED.label),
            (ReviewEvent.COMMENTED, ReviewEvent.COMMENTED.label),
        ],
        widget=forms.RadioSelect,
        label=gettext_lazy("Quyết định"),
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do / ý kiến"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )


class ReviewIndexView(DepartmentPageView):
    """The department's queue: submissions by review state and unit."""

    template_name = "directives/admin/review_index.html"
    page_title = gettext_lazy("Thẩm định văn bản của đơn vị")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        state = params.get("state", ReviewState.AWAITING)
        if state not in (*ReviewState.values, "all", "draft"):
            messages.warning(self.request, _("Bỏ qua trạng thái lọc không hợp lệ."))
            state = ReviewState.AWAITING
        submissions = (
            SubmissionPage.objects.filter(in_source_locale())
            .select_related("unit", "directive")
            .order_by("-submitted_at", "-latest_revision_created_at", "-pk")
        )
        if state == "draft":
            # Work the units have not sent yet: the department may read it early.
            submissions = submissions.filter(live=False)
        elif state == "all":
            submissions = submissions.live()
        else:
            submissions = submissions.live().filter(review_state=state)
        units = Unit.objects.filter(is_active=True)
        unit_slug = params.get("unit", "")
        if unit_slug:
            unit = units.filter(slug=unit_slug).first()
            if unit is None:
                messages.warning(self.request, _("Bỏ qua đơn vị lọc không hợp lệ."))
                unit_slug = ""
            else:
                submissions = submissions.filter(unit=unit)
        page_obj = Paginator(submissions, REVIEWS_PER_PAGE).get_page(params.get("p"))
        context.update(
            page_obj=page_obj,
            states=[
                (ReviewState.AWAITING, ReviewState.AWAITING.label),
                (ReviewState.RETURNED, ReviewState.RETURNED.label),
                (ReviewState.ACCEPTED, ReviewState.ACCEPTED.label),
                ("draft", _("Bản nháp của đơn vị (chưa gửi)")),
                ("all", _("Tất cả đã gửi")),
            ],
            chosen_state=state,
            units=units,
            chosen_unit=unit_slug,
        )
        return context


class ReviewDetailView(WagtailAdminTemplateMixin, TemplateView):
    """A submission's latest text, attachments and review history; the decision form.

    The department sees any unit's work, drafts included; a unit sees its own.
    """

    template_name = "directives/admin/review_detail.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(
            SubmissionPage.objects.select_related("unit"), pk=kwargs["page_id"]
        )
        # Who may do what: directives.units.roles, the door to every permission rule.
        if not roles.can_see_unpublished(request.user, self.page.unit_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("wagtailadmin_home"), "label": _("Trang chủ")}]
        if roles.is_department(self.request.user):
            items.append({"url": reverse("directives_review:index"), "label": _("Thẩm định")})
        return [*items, {"url": "", "label": self.page.title}]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = self.page.get_latest_revision_as_object()
        department = roles.is_department(self.request.user)
        reviews = list(SubmissionReview.objects.filter(page=self.page).select_related("user"))
        resent = [r.created_at for r in reviews if r.event == ReviewEvent.RESUBMITTED]
        context.update(
            page=self.page,
            latest=latest,
            attachments=list(latest.attachments.all()),
            reviews=reviews,
            # On time is judged on the first sending; the reviewer also needs the last.
            resubmitted_at=resent[-1] if resent else None,
            can_review=department,
            can_decide=department
            and self.page.live
            and self.page.review_state == ReviewState.AWAITING,
            can_edit=roles.can_write_for(self.request.user, self.page.unit_id),
            form=form or ReviewForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.submission_review(
                    page=self.page,
                    user=request.user,
                    event=form.cleaned_data["event"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(request, _("Đã ghi nhận thẩm định."))
                return redirect("directives_review:detail", self.page.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


@require_POST
def start_report(request, task_id: int, unit_id: int):
    """'Write the report for this task': open (or create) the unit's draft and edit it."""
    task = get_object_or_404(DirectiveTask.objects.select_related("directive"), pk=task_id)
    unit = get_object_or_404(Unit, pk=unit_id)
    try:
        page = services.report_start(
            task=task, unit=unit, user=request.user, today=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("wagtailadmin_home")
    return redirect("wagtailadmin_pages:edit", page.pk)


def decided(request, page_id: int):
    """Where the dashboard's approve/return lands: say what the decision did, go home."""
    page = get_object_or_404(SubmissionPage, pk=page_id)
    # Who may do what: directives.units.roles, the door to every permission rule.
    if not roles.can_see_unpublished(request.user, page.unit_id):
        raise PermissionDenied
    text = actions.decision_message(page)
    if text:
        messages.success(request, text)
    return redirect("wagtailadmin_home")


review_index = ReviewIndexView.as_view()
review_detail = ReviewDetailView.as_view()


class TodoView(PortalAdminView):
    """Việc cần làm: every row waiting on this person, with its action and its reason."""

    template_name = "directives/admin/todo.html"
    page_title = gettext_lazy("Việc cần làm")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        from directives.compliance import todo
        from directives.compliance.panels import history_links, rows_with_actions

        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        rows = todo.todo_rows(user, today=today)
        context.update(
            rows=rows_with_actions(rows, user),
            older_owed=todo.older_todo_count(user, today=today),
            history_links=history_links(roles.member_unit_ids(user)),
            awaiting_review=(
                todo.awaiting_review_count() if roles.is_department(self.request.user) else None
            ),
        )
        return context


todo_view = TodoView.as_view()
