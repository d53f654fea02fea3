"""A unit's documents: implementation plans and results reports, with their files."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from directives.blocks import DocumentBodyBlock
from directives.caching import CachedViewRestrictions
from directives.deadlines import period_containing
from directives.models.attachments import Attachment
from directives.models.directives import check_number_unique
from directives.models.reviews import ReviewState
from directives.submissions.forms import ResultsReportPageForm, SubmissionPageForm
from directives.submissions.panels import ReturnNoticePanel
from portal.vietnamese import nfc


def submission_panels(*results):
    """The editor of a unit document; `results` are the panels only a results report has."""
    return [
        ReturnNoticePanel(heading=_("Lý do trả lại")),
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("directive"),
                FieldPanel("tasks"),
                FieldRowPanel([FieldPanel("number_symbol"), FieldPanel("issued_on")]),
                FieldPanel("period_start"),
            ],
            heading=_("Thông tin văn bản"),
        ),
        *results,
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("Tệp đính kèm"), label=_("Tệp")),
        FieldRowPanel([FieldPanel("signer_position"), FieldPanel("signer_name")]),
        # The page's address, kept from the title: folded away here, because the
        # "Quảng bá" (SEO, menus) tab means nothing for a unit's report on an intranet.
        MultiFieldPanel([FieldPanel("slug")], heading=_("Địa chỉ trang"), classname="collapsed"),
    ]


def submission_edit_handler(content_panels):
    return TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Nội dung")),
            ObjectList(Page.settings_panels, heading=_("Cài đặt"), classname="settings"),
        ]
    )


class Progress(models.TextChoices):
    """The unit's own word on how the task goes, beside its figures."""

    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ chậm")
    NEEDS_HELP = "needs_help", _("Vướng mắc cần hỗ trợ")


class SubmissionPage(CachedViewRestrictions, Page):
    """What a unit sends back: an implementation plan or a results report.

    `submitted_at` is stamped by the server when the page is first published
    and never moves afterwards; on-time or late is judged on it.
    """

    unit = models.ForeignKey(
        "directives.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="submissions",
        editable=False,
    )
    directive = models.ForeignKey(
        "directives.DirectivePage",
        verbose_name=_("văn bản được thực hiện"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    tasks = ParentalManyToManyField(
        "directives.DirectiveTask",
        verbose_name=_("nhiệm vụ được trả lời"),
        blank=True,
        related_name="submissions",
    )
    number_symbol = models.CharField(_("số và ký hiệu"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    period_start = models.DateField(
        _("kỳ báo cáo"),
        null=True,
        blank=True,
        help_text=_("Với nhiệm vụ định kỳ: một ngày bất kỳ trong kỳ được báo cáo."),
    )
    body = StreamField(DocumentBodyBlock(), verbose_name=_("nội dung"), blank=True)
    # What every Vietnamese results report says besides its figures (results reports only;
    # the department quotes them in its consolidated report).
    highlights = models.TextField(_("kết quả nổi bật"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    progress = models.CharField(_("tiến độ"), max_length=16, choices=Progress.choices, blank=True)
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, editable=False)
    review_state = models.CharField(
        _("thẩm định"), max_length=16, choices=ReviewState.choices, blank=True, editable=False
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("number_symbol", boost=3),
        index.SearchField("body"),
        index.SearchField("highlights"),
        index.SearchField("difficulties"),
        index.SearchField("proposals"),
        index.SearchField("signer_name"),
        index.FilterField("unit"),
        index.FilterField("directive"),
        index.FilterField("submitted_at"),
        index.FilterField("review_state"),
    ]

    content_panels = submission_panels()
    promote_panels = []
    edit_handler = submission_edit_handler(content_panels)

    base_form_class = SubmissionPageForm
    parent_page_types = ["directives.UnitSectionPage"]
    subpage_types = []
    is_creatable = False

    class Meta:
        verbose_name = _("văn bản của đơn vị")
        verbose_name_plural = _("văn bản của đơn vị")

    @property
    def period(self):
        periodic = [task for task in self.tasks.all() if task.has_fixed_periods]
        if not (self.period_start and periodic):
            return None
        return period_containing(periodic[0].recurrence, self.period_start)

    @classmethod
    def answering(cls, *, unit_id: int, task, period_start=None):
        """This type's pages of a unit answering a task (in the period containing
        `period_start`, for a periodic task): one (unit, task, period) has one report,
        revised in place when returned."""
        pages = cls.objects.filter(unit_id=unit_id, tasks=task)
        if task.has_fixed_periods and period_start is not None:
            period = period_containing(task.recurrence, period_start)
            pages = pages.filter(period_start__range=(period.start, period.end))
        return pages

    @classmethod
    def open_report_besides(cls, *, unit_id: int, tasks, period_start, exclude_pk):
        """(task, report) for the first of `tasks` the unit already has an open report
        for in the period (one not accepted, other than `exclude_pk`), else None.

        A unit keeps one open report per task and period: a returned one is revised,
        not replaced. SubmissionPageForm refuses a second one whatever is posted.
        """
        for task in tasks:
            other = (
                cls.answering(unit_id=unit_id, task=task, period_start=period_start)
                .exclude(pk=exclude_pk)
                .exclude(review_state=ReviewState.ACCEPTED)
                .first()
            )
            if other is not None:
                return task, other
        return None

    def with_content_json(self, content):
        # Publishing an older revision must not carry back its (empty) stamp
        # nor an old review state: both are the server's record, not content.
        obj = super().with_content_json(content)
        obj.submitted_at = self.submitted_at
        obj.review_state = self.review_state
        return obj

    def clean(self):
        super().clean()
        self.number_symbol = nfc(self.number_symbol).strip()
        if self.unit_id:
            check_number_unique(self, owner_field="unit_id", owner_id=self.unit_id)
        foreign = [task for task in self.tasks.all() if task.directive_id != self.directive_id]
        if self.directive_id and foreign:
            raise ValidationError({"tasks": _("Chỉ chọn nhiệm vụ của văn bản được thực hiện.")})
        if any(task.has_fixed_periods for task in self.tasks.all()) and not self.period_start:
            raise ValidationError({"period_start": _("Nhiệm vụ định kỳ cần ghi kỳ báo cáo.")})

    def save(self, *args, **kwargs):
        # The unit is always the section's: a submission cannot claim another unit.
        from directives.models.sections import UnitSectionPage

        section_unit = (
            UnitSectionPage.objects.filter(path=self.path[: -self.steplen])
            .values_list("unit_id", flat=True)
            .first()
        )
        if section_unit:
            self.unit_id = section_unit
        super().save(*args, **kwargs)


class ImplementationPlanPage(SubmissionPage):
    """Kế hoạch thực hiện."""

    parent_page_types = ["directives.UnitSectionPage"]
    subpage_types = []
    is_creatable = True
    template = "directives/submission_page.html"

    class Meta:
        verbose_name = _("kế hoạch thực hiện")
        verbose_name_plural = _("kế hoạch thực hiện")


class ResultsReportPage(SubmissionPage):
    """Báo cáo kết quả: text, files, and the figures of its tasks' indicators."""

    content_panels = submission_panels(
        MultiFieldPanel(
            [
                FieldPanel("figures", heading=_("Số liệu chỉ tiêu")),
                FieldPanel("progress"),
                FieldPanel("highlights"),
                FieldPanel("difficulties"),
                FieldPanel("proposals"),
            ],
            heading=_("Kết quả thực hiện"),
        )
    )
    edit_handler = submission_edit_handler(content_panels)
    base_form_class = ResultsReportPageForm

    parent_page_types = ["directives.UnitSectionPage"]
    subpage_types = []
    is_creatable = True
    template = "directives/submission_page.html"

    class Meta:
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")


class SubmissionAttachment(Attachment):
    page = ParentalKey(SubmissionPage, on_delete=models.CASCADE, related_name="attachments")
