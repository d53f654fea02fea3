"""Report schedules, the archive of consolidated reports, and reminder digests sent."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from directives.deadlines import Recurrence
from directives.locales import in_source_locale
from directives.recipients import validate_recipient_address


class Frequency(models.TextChoices):
    # The same names as the tasks' recurrences, whose periods a schedule reports on.
    MONTHLY = Recurrence.MONTHLY.value, _("Hằng tháng (ngày 1, báo cáo tháng trước)")
    QUARTERLY = Recurrence.QUARTERLY.value, _("Hằng quý (ngày 1 tháng đầu quý, báo cáo quý trước)")
    CUSTOM = "custom", _("Lịch riêng (crontab)")


# A Ban of the provincial committee heads its documents as Hướng dẫn 36-HD/VPTW sets:
# the committee over the Ban's own name.
ISSUING_PARENT = "TỈNH ỦY LÂM ĐỒNG"
ISSUING_BODY = "BAN TUYÊN GIÁO"


class ReportSchedule(ClusterableModel):
    """A consolidated report compiled and e-mailed on a schedule (django-celery-beat)."""

    name = models.CharField(_("tên"), max_length=255)
    directives = ParentalManyToManyField(
        "directives.DirectivePage",
        # Reports count the Vietnamese record; its English copies would list each twice.
        limit_choices_to=in_source_locale,
        verbose_name=_("văn bản được báo cáo"),
        help_text=_("Kèm theo các văn bản thực hiện (hướng dẫn…) của văn bản được chọn."),
    )
    frequency = models.CharField(
        _("tần suất"), max_length=16, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    crontab = models.CharField(
        _("lịch crontab"),
        max_length=100,
        blank=True,
        help_text=_("Với lịch riêng: phút giờ ngày tháng thứ, ví dụ “0 7 1 * *”."),
    )
    recipient_units = ParentalManyToManyField(
        "directives.Unit", verbose_name=_("gửi tới đơn vị"), blank=True, related_name="+"
    )
    send_pdf = models.BooleanField(_("đính kèm PDF"), default=True)
    send_xlsx = models.BooleanField(_("đính kèm XLSX"), default=True)
    # The Word file is always kept in the archive; mailing it is the schedule's choice.
    send_docx = models.BooleanField(_("đính kèm Word (DOCX)"), default=False)
    enabled = models.BooleanField(_("đang bật"), default=True)
    # The Party report's header and signature block.
    issuing_parent = models.CharField(_("cơ quan cấp trên"), max_length=120, default=ISSUING_PARENT)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=120, default=ISSUING_BODY)
    number_symbol = models.CharField(
        _("số và ký hiệu"), max_length=64, blank=True, default="-BC/BTGTU"
    )
    place = models.CharField(_("địa danh"), max_length=64, default="Lâm Đồng")
    report_recipients = models.TextField(
        _("nơi nhận (in trong báo cáo)"),
        default="- Ban Tuyên giáo Trung ương,\n- Thường trực Tỉnh ủy,\n- Lưu Văn phòng.",
    )
    signing_authority = models.CharField(_("quyền hạn ký"), max_length=64, default="K/T TRƯỞNG BAN")
    signer_position = models.CharField(
        _("chức vụ người ký"), max_length=100, default="PHÓ TRƯỞNG BAN"
    )
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Periods whose run fell after this moment are owed (the catch-up compiles the
    # missing ones); set at creation and again when the timing changes or the
    # schedule is switched back on (scheduling.schedule_sync).
    reporting_since = models.DateTimeField(_("báo cáo từ"), default=timezone.now, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("directives"),
        FieldRowPanel([FieldPanel("frequency"), FieldPanel("crontab")]),
        FieldPanel("enabled"),
        MultiFieldPanel(
            [
                InlinePanel("recipients", label=_("Địa chỉ e-mail")),
                FieldPanel("recipient_units"),
                FieldRowPanel(
                    [FieldPanel("send_pdf"), FieldPanel("send_xlsx"), FieldPanel("send_docx")]
                ),
            ],
            heading=_("Người nhận"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("issuing_parent"), FieldPanel("issuing_body")]),
                FieldRowPanel([FieldPanel("number_symbol"), FieldPanel("place")]),
                FieldPanel("report_recipients"),
                FieldRowPanel(
                    [
                        FieldPanel("signing_authority"),
                        FieldPanel("signer_position"),
                        FieldPanel("signer_name"),
                    ]
                ),
            ],
            heading=_("Thể thức báo cáo"),
        ),
    ]

    class Meta:
        verbose_name = _("lịch báo cáo tổng hợp")
        verbose_name_plural = _("lịch báo cáo tổng hợp")

    def __str__(self):
        return self.name

    def clean(self):
        from directives.reports.scheduling import crontab_fields

        if self.frequency == Frequency.CUSTOM:
            try:
                crontab_fields(self.crontab)
            except ValueError as error:
                raise ValidationError({"crontab": str(error)}) from error
        if not (self.send_pdf or self.send_xlsx or self.send_docx):
            raise ValidationError(_("Chọn ít nhất một định dạng đính kèm."))


class ReportRecipient(Orderable):
    schedule = ParentalKey(ReportSchedule, on_delete=models.CASCADE, related_name="recipients")
    email = models.CharField(_("e-mail"), max_length=254, validators=[validate_recipient_address])

    panels = [FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = _("người nhận")

    def __str__(self):
        return self.email


class ReportStatus(models.TextChoices):
    COMPILED = "compiled", _("Đã tổng hợp, chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class ConsolidatedReport(models.Model):
    """A compiled report for one schedule and period: snapshot, files and sending record."""

    schedule = models.ForeignKey(
        ReportSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    as_of = models.DateField(_("số liệu tính đến"))
    snapshot = models.JSONField(_("số liệu"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="reports/%Y/", blank=True)
    docx = models.FileField(_("Word (DOCX)"), upload_to="reports/%Y/", blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.COMPILED
    )
    compiled_at = models.DateTimeField(_("tổng hợp lúc"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, editable=False)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    sent_to = models.JSONField(_("gửi tới"), default=list, blank=True)
    # address -> the mail server's permanent (5xx) reply; never retried.
    refused = models.JSONField(_("bị từ chối"), default=dict, blank=True)
    # Set when the server said "try again later" (4xx) or was unreachable.
    next_attempt_at = models.DateTimeField(_("gửi lại từ lúc"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        ordering = ["-period_end", "-compiled_at"]
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("lưu trữ báo cáo tổng hợp")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period_start", "period_end"],
                name="one_report_per_schedule_period",
            )
        ]

    def __str__(self):
        return self.title

    @admin.display(description=_("gửi tới"))
    def recipients_display(self) -> str:
        return ", ".join(self.sent_to) or "—"


class ReminderKind(models.TextChoices):
    UNIT_DAILY = "unit_daily", _("Nhắc việc hằng ngày cho đơn vị")
    DEPARTMENT_WEEKLY = "dept_weekly", _("Tổng hợp quá hạn hằng tuần cho Ban")


class ReminderDigest(models.Model):
    """One digest sent (or being sent) to one unit, or to the department, on one day.

    The unique constraint is the guarantee: a second run the same day finds
    the row and sends nothing.
    """

    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    unit = models.ForeignKey(
        "directives.Unit", null=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    items = models.JSONField(default=list)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "day"], name="one_digest_per_day"),
            models.UniqueConstraint(
                fields=["kind", "day"],
                condition=models.Q(unit__isnull=True),
                name="one_department_digest_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.day:%d/%m/%Y}"


class UnitReminder(models.Model):
    """A reminder on demand (đôn đốc) about one task, sent to one unit on one day.

    The unique constraint is the daily limit: whatever is clicked, on the board or
    the matrix, by one person or several, a unit hears about a task once a day.
    """

    unit = models.ForeignKey("directives.Unit", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey("directives.DirectiveTask", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "task", "day"], name="one_reminder_per_unit_task_day"
            )
        ]
        verbose_name = _("lần nhắc nhở")
        verbose_name_plural = _("lần nhắc nhở")

    def __str__(self):
        return f"{self.unit} {self.task.number} {self.day:%d/%m/%Y}"


class ChannelMessage(models.Model):
    """A message for a channel without a gateway here (SMS, Zalo OA): the local outbox a
    gateway backend would drain. Addressed to the unit: the gateway knows its numbers."""

    channel = models.CharField(_("kênh"), max_length=16)
    unit = models.ForeignKey("directives.Unit", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("tiêu đề"), max_length=998)
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tin nhắn chờ cổng gửi")
        verbose_name_plural = _("tin nhắn chờ cổng gửi")

    def __str__(self):
        return f"{self.channel}: {self.subject}"
