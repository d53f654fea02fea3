from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    """The department's view of a published submission."""

    AWAITING = "awaiting", _("Chờ Ban Tuyên giáo thẩm định")
    ACCEPTED = "accepted", _("Đã được chấp nhận")
    RETURNED = "returned", _("Bị trả lại để chỉnh sửa")


class ReviewEvent(models.TextChoices):
    SUBMITTED = "submitted", _("Đơn vị gửi lần đầu")
    RESUBMITTED = "resubmitted", _("Đơn vị gửi lại sau chỉnh sửa")
    ACCEPTED = "accepted", _("Ban Tuyên giáo chấp nhận")
    RETURNED = "returned", _("Ban Tuyên giáo trả lại")
    COMMENTED = "commented", _("Ban Tuyên giáo ghi ý kiến")


class SubmissionReview(models.Model):
    """One step in a submission's review history, shown to the unit and the department."""

    page = models.ForeignKey(
        "directives.SubmissionPage", on_delete=models.CASCADE, related_name="reviews"
    )
    event = models.CharField(_("sự kiện"), max_length=16, choices=ReviewEvent.choices)
    state = models.CharField(
        _("trạng thái sau sự kiện"), max_length=16, choices=ReviewState.choices
    )
    reason = models.TextField(_("lý do / ý kiến"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bước thẩm định")
        verbose_name_plural = _("lịch sử thẩm định")

    def __str__(self):
        return f"{self.get_event_display()} ({self.page_id})"
