"""Entries in Wagtail's audit log for what Wagtail does not record itself:
sign-ins, failed sign-ins, document downloads and reminders on demand (review
decisions are logged by services.submission_review). They appear in Reports → Site history.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

ACTIONS = {
    "portal.login": (_("Đăng nhập"), _("Đăng nhập thành công")),
    "portal.login_failed": (_("Đăng nhập thất bại"), _("Đăng nhập thất bại")),
    "portal.document_download": (_("Tải tệp"), _("Tải tệp về")),
    "directives.review.accepted": (_("Chấp nhận văn bản"), _("Ban Tuyên giáo chấp nhận")),
    "directives.review.returned": (_("Trả lại văn bản"), _("Ban Tuyên giáo trả lại để chỉnh sửa")),
    "directives.review.commented": (_("Ý kiến thẩm định"), _("Ban Tuyên giáo ghi ý kiến")),
    "directives.reminder.sent": (_("Nhắc nhở đơn vị"), _("Gửi nhắc nhở (đôn đốc) đơn vị")),
}


def client_ip(request) -> str:
    """The address the lockout (AXES_CLIENT_IP_CALLABLE) and this log both use.

    REMOTE_ADDR only: X-Forwarded-For is written by the client unless a trusted
    proxy replaces it, and trusting it would let anyone dodge the lockout.
    """
    return (request.META.get("REMOTE_ADDR") or "") if request is not None else ""


def login_succeeded(*, user, request) -> None:
    log(instance=user, action="portal.login", user=user, data={"ip": client_ip(request)})


# The object id of a failed sign-in with a username nobody has. Site history looks
# every entry's object up by id (`with_instances` → `in_bulk`), so it must be a
# valid user id: no user has 0 (ids start at 1), so the entry shows its label.
UNKNOWN_USER_ID = "0"


def login_failed(*, username: str, request) -> None:
    # The username may not exist, so the entry is written directly (no instance).
    user_model = get_user_model()
    known = user_model.objects.filter(username=username).first()
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user_model),
        object_id=str(known.pk) if known else UNKNOWN_USER_ID,
        label=username[:150] or "?",
        action="portal.login_failed",
        data={"ip": client_ip(request), "username": username[:150]},
        timestamp=timezone.now(),
        user=None,
    )


def document_downloaded(*, document, request) -> None:
    log(
        instance=document,
        action="portal.document_download",
        user=request.user if request.user.is_authenticated else None,
        data={"ip": client_ip(request)},
    )
