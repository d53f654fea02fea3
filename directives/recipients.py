"""E-mail addresses typed by administrators for reports: one plain address per entry."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from portal.vietnamese import nfc


def validate_recipient_address(value: str) -> None:
    """Refuse display names ("Ban <a@b>"), lists, line breaks (header injection)
    and, when REPORT_RECIPIENT_DOMAINS is set, domains outside it."""
    address = nfc(value)
    if any(ch in address for ch in "\r\n"):
        raise ValidationError(_("Địa chỉ e-mail không được chứa ký tự xuống dòng."))
    if address != address.strip() or any(ch in address for ch in " ,;<>\"'()"):
        raise ValidationError(
            _("Mỗi dòng chỉ ghi một địa chỉ e-mail, không kèm tên hay dấu phân cách: %(value)s")
            % {"value": address[:80]}
        )
    validate_email(address)
    allowed = [domain.lower() for domain in getattr(settings, "REPORT_RECIPIENT_DOMAINS", [])]
    domain = address.rsplit("@", 1)[-1].lower()
    if allowed and domain not in allowed:
        raise ValidationError(
            _("Chỉ được gửi tới các tên miền: %(domains)s.") % {"domains": ", ".join(allowed)}
        )
