"""The department's review of a unit's submission: its states and each step taken."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    """The department's view of a published submission."""

    AWAITING = "awaiting", _("Chờ Ban Tuyên giáo thẩm định")
    ACCEPTED = "accepted", _("Đã được chấp nhận")
    RETURNED = "returned", _("Bị trả lại để chỉnh sửa")


class ReviewEvent(models.TextChoices):
    # The unit leader's decisions come first in a report's history: the department
    # sees who approved it and with what comment, beside its own steps.
    LEADER_APPROVED = "leader_approved", _("Lãnh đạo đơn vị phê duyệt")
    LEADER_RETURNED = "leader_returned", _("Lãnh đạo đơn vị trả lại để sửa")
    SUBMITTED = "submitted", _("Đơn vị gửi lần đầu")
    RESUBMITTED = "resubmitted", _("Đơn vị gửi lại sau chỉnh sửa")
    ACCEPTED = "accepted", _("Ban Tuyên giáo chấp nhận")
    RETURNED = "returned", _("Ban Tuyên giáo trả lại")
    COMMENTED = "commented", _("Ban Tuyên giáo ghi ý kiến")


# The steps that send a report back to its editor, whose reason the editor must read.
RETURNING_EVENTS = (ReviewEvent.RETURNED, ReviewEvent.LEADER_RETURNED)


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
