"""Document types (Kế hoạch, Hướng dẫn, Chỉ thị, …): an editable registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from portal.vietnamese import nfc, slugify_vi


class DocumentType(models.Model):
    """Kế hoạch, Hướng dẫn, Chỉ thị…: an editable registry, not a closed list."""

    name = models.CharField(_("tên loại văn bản"), max_length=100, unique=True)
    code = models.CharField(
        _("viết tắt"),
        max_length=16,
        blank=True,
        help_text=_("Viết tắt dùng trong số ký hiệu, ví dụ KH, HD, CT."),
    )
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name).strip()
        if not self.slug:
            self.slug = slugify_vi(self.name)
        super().save(*args, **kwargs)
