from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A personal address of one's deadlines for calendar apps, which cannot sign in.

    Only a hash of the token is kept: the address is shown once, when made. Making a
    new one or revoking it ends the old one; a deactivated user's feed answers nothing.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lịch hạn báo cáo")
        verbose_name_plural = _("lịch hạn báo cáo")

    def __str__(self):
        return f"{self.user} {self.created_at:%d/%m/%Y}"
