from django.db import models
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class NoticeMail(models.Model):
    """A notice e-mail, recorded in the transaction of the change it reports.

    The row is the durable queue: Celery is only told "send row N now" after the
    commit, and the outbox sweep (beat) sends whatever is still pending, so a
    broker outage delays a notice and never loses it. The Message-ID is fixed
    here, once; per-recipient results say who received it and who refused it.
    """

    subject = models.CharField(_("tiêu đề"), max_length=998)
    body = models.TextField(_("nội dung"))
    recipients = models.JSONField(_("người nhận"), default=list)
    delivered = models.JSONField(_("đã nhận"), default=list, blank=True)
    # address -> the server's permanent (5xx) reply
    refused = models.JSONField(_("bị từ chối"), default=dict, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("gửi từ lúc"), auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, editable=False)
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thư thông báo")
        verbose_name_plural = _("thư thông báo")

    def __str__(self):
        return self.subject

    @property
    def undelivered(self) -> list[str]:
        """Recipients neither reached nor permanently refused yet."""
        done = set(self.delivered) | set(self.refused)
        return [address for address in self.recipients if address not in done]
