"""Directive pages (kế hoạch, hướng dẫn, …) with their structured body, tasks and files."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from directives.blocks import DocumentBodyBlock, RecipientsBlock
from directives.caching import CachedViewRestrictions
from directives.deadlines import FIXED_PERIODS, DeadlineError, Recurrence, parse_deadline
from directives.indicators.definitions import IndicatorsBlock
from directives.models.attachments import Attachment
from directives.units.page_form import PortalPageForm
from directives.units.widgets import UnitPicker
from portal.vietnamese import nfc


def check_number_unique(page: Page, *, owner_field: str, owner_id: int) -> None:
    """Số và ký hiệu is unique per issuing unit and language.

    Checked here rather than by a database constraint: Page's locale lives on
    the parent table, and a translated copy must keep its original number.
    """
    if not page.number_symbol:
        return
    clash = (
        type(page)
        .objects.filter(
            **{owner_field: owner_id},
            number_symbol=page.number_symbol,
            locale_id=page.locale_id,
        )
        .exclude(pk=page.pk)
        .first()
    )
    if clash:
        raise ValidationError(
            {
                "number_symbol": _("Đơn vị này đã có văn bản số %(number)s: “%(title)s”.")
                % {"number": page.number_symbol, "title": clash.title}
            }
        )


class DirectiveIndexPage(CachedViewRestrictions, Page):
    """Văn bản chỉ đạo: every directive, filterable by type, issuer and year."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directives.DirectivePage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh mục văn bản chỉ đạo")

    def get_context(self, request, *args, **kwargs):
        from directives.selectors import directive_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directive_index_context(index_page=self, params=request.GET))
        return context


class DirectivePage(CachedViewRestrictions, Page):
    """A Party document (Kế hoạch, Hướng dẫn, Chỉ thị…) with its tasks."""

    document_type = models.ForeignKey(
        "directives.DocumentType",
        verbose_name=_("loại văn bản"),
        on_delete=models.PROTECT,
        related_name="directives",
    )
    number_symbol = models.CharField(
        _("số và ký hiệu"),
        max_length=64,
        blank=True,
        help_text=_("Ví dụ 53-KH/TU. Để trống nếu văn bản không ghi số."),
    )
    issuer = models.ForeignKey(
        "directives.Unit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="issued_directives",
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    subject = models.TextField(_("trích yếu"))
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=100, blank=True, help_text=_("Ví dụ K/T TRƯỞNG BAN.")
    )
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    body = StreamField(DocumentBodyBlock(), verbose_name=_("nội dung"), blank=True)
    recipients = StreamField(RecipientsBlock(), verbose_name=_("nơi nhận"), blank=True)
    implements = models.ForeignKey(
        "directives.DirectivePage",
        verbose_name=_("thực hiện văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementing_documents",
        help_text=_("Văn bản cấp trên mà văn bản này triển khai thực hiện."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("number_symbol", boost=3),
        index.AutocompleteField("number_symbol"),
        index.SearchField("subject", boost=2),
        index.SearchField("body"),
        index.SearchField("signer_name"),
        index.FilterField("document_type"),
        index.FilterField("issuer"),
        index.FilterField("issued_on"),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_type"), FieldPanel("number_symbol")]),
                FieldPanel("issuer"),
                FieldRowPanel([FieldPanel("place"), FieldPanel("issued_on")]),
                FieldPanel("subject"),
                FieldPanel("implements"),
            ],
            heading=_("Thông tin văn bản"),
        ),
        FieldPanel("body"),
        InlinePanel("tasks", heading=_("Nhiệm vụ"), label=_("Nhiệm vụ")),
        InlinePanel("attachments", heading=_("Tệp đính kèm"), label=_("Tệp")),
        FieldPanel("recipients"),
        MultiFieldPanel(
            [
                FieldPanel("signing_authority"),
                FieldPanel("signer_position"),
                FieldPanel("signer_name"),
            ],
            heading=_("Chữ ký"),
        ),
    ]

    base_form_class = PortalPageForm
    parent_page_types = ["directives.DirectiveIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")

    @property
    def heading_line(self) -> str:
        """'Hướng dẫn số 12-HD/BTGTU': the type with its number, as officials cite it."""
        if self.number_symbol:
            return f"{self.document_type.name} số {self.number_symbol}"
        return self.document_type.name

    def clean(self):
        super().clean()
        self.number_symbol = nfc(self.number_symbol).strip()
        self.subject = nfc(self.subject).strip()
        if self.issuer_id:
            check_number_unique(self, owner_field="issuer_id", owner_id=self.issuer_id)
        if self.implements_id and self.implements_id == self.pk:
            raise ValidationError({"implements": _("Văn bản không thể thực hiện chính nó.")})

    def get_context(self, request, *args, **kwargs):
        from directives.selectors import directive_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directive_page_context(directive=self, request=request))
        return context


class DirectiveAttachment(Attachment):
    page = ParentalKey(DirectivePage, on_delete=models.CASCADE, related_name="attachments")


class DirectiveTask(Orderable, ClusterableModel):
    """One task of a directive, assigned to one or many units, with its deadline."""

    directive = ParentalKey(DirectivePage, on_delete=models.CASCADE, related_name="tasks")
    number = models.CharField(_("số thứ tự"), max_length=16, blank=True)
    assignee_label = models.CharField(
        _("đơn vị thực hiện (như văn bản ghi)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy."),
    )
    description = models.TextField(_("nội dung nhiệm vụ"))
    units = ParentalManyToManyField(
        "directives.Unit", verbose_name=_("đơn vị được giao"), blank=True, related_name="tasks"
    )
    applies_to_all_assignees = models.BooleanField(
        _("áp dụng cho mọi đơn vị được giao"),
        default=False,
        help_text=_(
            "Cho nhiệm vụ chung như báo cáo kết quả: mọi đơn vị được giao nhiệm vụ khác "
            "của văn bản (trừ cơ quan ban hành) đều phải thực hiện."
        ),
    )
    deadline_text = models.CharField(
        _("thời hạn (như văn bản ghi)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Hoàn thành trong tháng 9 năm 2022. Ngày hạn được tính từ đây."),
    )
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    recurrence = models.CharField(
        _("tính chất"), max_length=16, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    report_required = models.BooleanField(_("phải báo cáo kết quả"), default=True)
    requires_signature = models.BooleanField(
        _("báo cáo phải có chữ ký số"),
        default=False,
        help_text=_("Báo cáo kết quả gửi cho nhiệm vụ này phải đính kèm tệp PDF ký số hợp lệ."),
    )

    indicators = StreamField(
        IndicatorsBlock(),
        verbose_name=_("chỉ tiêu báo cáo"),
        blank=True,
        help_text=_(
            "Số liệu mỗi đơn vị phải báo cáo cho nhiệm vụ này; được cộng dồn trong báo cáo "
            "tổng hợp."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("recurrence")]),
        FieldPanel("assignee_label"),
        FieldPanel("description"),
        FieldPanel("units", widget=UnitPicker),
        FieldPanel("applies_to_all_assignees"),
        FieldRowPanel([FieldPanel("deadline_text"), FieldPanel("due_date")]),
        FieldPanel("report_required"),
        FieldPanel("requires_signature"),
        FieldPanel("indicators"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self):
        label = f"{self.number}. " if self.number else ""
        return f"{label}{self.description[:80]}"

    @property
    def is_periodic(self) -> bool:
        return self.recurrence != Recurrence.ONCE

    @property
    def has_fixed_periods(self) -> bool:
        """Monthly, quarterly or yearly: reports are owed once per period."""
        return self.recurrence in FIXED_PERIODS

    def clean(self):
        super().clean()
        self.description = nfc(self.description).strip()
        self.deadline_text = nfc(self.deadline_text).strip()
        if self.deadline_text and not self.due_date and not self.is_periodic:
            try:
                self.due_date = parse_deadline(self.deadline_text)
            except DeadlineError as error:
                raise ValidationError({"deadline_text": str(error)}) from None
        if not self.is_periodic and not self.due_date:
            raise ValidationError(
                {"due_date": _("Nhiệm vụ một lần cần hạn hoàn thành (nhập ngày hoặc thời hạn).")}
            )


class DirectiveReceipt(models.Model):
    """A unit has opened a directive (first view by one of its people) and, later,
    confirmed its receipt ("Đã nhận"); the department sees who has not."""

    directive = models.ForeignKey(DirectivePage, on_delete=models.CASCADE, related_name="receipts")
    unit = models.ForeignKey("directives.Unit", on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(_("mở lần đầu lúc"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("xác nhận đã nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["directive", "unit"], name="one_receipt_per_unit")
        ]
        verbose_name = _("xác nhận đã nhận văn bản")
        verbose_name_plural = _("xác nhận đã nhận văn bản")

    def __str__(self):
        return f"{self.unit} — {self.directive}"
