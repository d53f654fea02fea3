"""What the portal learns about an uploaded file besides its text: a preview
of its pages and the verdict on its digital signatures; and the roots of
trust those signatures are checked against."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class TrustedRoot(models.Model):
    """A root certificate an administrator trusts for digital signatures
    (the Government CA's roots in production)."""

    name = models.CharField(_("tên"), max_length=255)
    certificate = models.FileField(
        _("tệp chứng thư"),
        upload_to="trusted-roots/",
        help_text=_("Tệp .cer, .crt hoặc .pem của chứng thư gốc (dạng PEM hoặc DER)."),
    )
    subject = models.CharField(_("chủ thể"), max_length=500, editable=False)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, editable=False)
    enabled = models.BooleanField(_("đang tin cậy"), default=True)

    panels = [FieldPanel("name"), FieldPanel("certificate"), FieldPanel("enabled")]

    class Meta:
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = _("chứng thư gốc tin cậy")

    def __str__(self):
        return self.name

    def clean(self):
        from attachments.signatures import load_certificate

        super().clean()
        if not self.certificate:
            return
        self.certificate.open("rb")
        data = self.certificate.read(256 * 1024)
        self.certificate.seek(0)
        try:
            parsed = load_certificate(data)
        except ValueError:
            raise ValidationError(
                {"certificate": _("Tệp này không phải chứng thư số X.509 (PEM hoặc DER).")}
            ) from None
        self.subject = parsed.subject.human_friendly[:500]
        self.fingerprint = hashlib.sha256(parsed.dump()).hexdigest()


class SignatureStatus(models.TextChoices):
    INTACT = "intact", _("còn nguyên vẹn")
    MODIFIED = "modified", _("đã bị sửa sau khi ký")
    UNTRUSTED = "untrusted", _("chưa xác định được nguồn tin cậy")
    UNSIGNED = "unsigned", _("không có chữ ký")


class SignatureCheck(models.Model):
    """The verdict on a PDF's signatures, made at upload (attachments/signatures.py)."""

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="signature_check"
    )
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=SignatureStatus.choices)
    signer = models.CharField(max_length=255, blank=True)
    organisation = models.CharField(max_length=255, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    detail = models.CharField(max_length=255, blank=True)
    checked_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.file_name}: {self.get_status_display()}"

    @property
    def is_valid(self) -> bool:
        return self.status == SignatureStatus.INTACT


class PreviewStatus(models.TextChoices):
    PENDING = "pending", _("Đang tạo bản xem trước")
    READY = "ready", _("Có bản xem trước")
    UNAVAILABLE = "unavailable", _("Không có bản xem trước cho loại tệp này")
    FAILED = "failed", _("Không tạo được bản xem trước")


class Preview(models.Model):
    """Images of a file's pages, made in the background (attachments/previews.py)."""

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="preview"
    )
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=PreviewStatus.choices)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=255, blank=True)
    thumbnail = models.FileField(upload_to="previews/", blank=True)
    made_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.file_name}: {self.get_status_display()}"


class PreviewPage(models.Model):
    preview = models.ForeignKey(Preview, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    image = models.FileField(upload_to="previews/")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["preview", "number"], name="preview_page_unique")
        ]

    def __str__(self):
        return f"{self.preview_id}/{self.number}"
