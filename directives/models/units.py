"""Units (departments, district committees, press agencies) and their contact addresses."""

from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from portal.vietnamese import nfc, slugify_vi


class UnitCategory(models.TextChoices):
    LEADERSHIP = "leadership", _("Cấp ủy tỉnh")
    PARTY_DEPARTMENT = "party_department", _("Ban Đảng của Tỉnh ủy")
    STATE_AGENCY = "state_agency", _("Cơ quan quản lý nhà nước")
    ASSOCIATION = "association", _("Hội, đoàn thể")
    LOCAL_COMMITTEE = "local_committee", _("Huyện ủy, thành ủy")
    AFFILIATED_COMMITTEE = "affiliated_committee", _("Đảng ủy trực thuộc Tỉnh ủy")
    PRESS = "press", _("Cơ quan báo chí")
    PORTAL = "portal", _("Cổng thông tin điện tử")


class Unit(index.Indexed, ClusterableModel):
    """A body that issues directives or is assigned tasks; each has its own section."""

    name = models.CharField(_("tên đơn vị"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    slug = models.SlugField(
        _("mã (slug)"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Chữ không dấu, để trống để tạo tự động từ tên."),
    )
    category = models.CharField(_("loại đơn vị"), max_length=32, choices=UnitCategory.choices)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    # Made with the unit by services.unit_section_ensure; the unit's people and files.
    editors_group = models.OneToOneField(
        "auth.Group", null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    approvers_group = models.OneToOneField(
        "auth.Group", null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
        index.FilterField("category"),
        index.FilterField("is_active"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
        InlinePanel("contact_emails", label=_("Địa chỉ e-mail liên hệ")),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self):
        self.name = nfc(self.name).strip()
        self.short_name = nfc(self.short_name).strip()
        if not self.slug:
            self.slug = slugify_vi(self.name)

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)


class UnitContactEmail(Orderable):
    unit = ParentalKey(Unit, on_delete=models.CASCADE, related_name="contact_emails")
    email = models.EmailField(_("e-mail"), validators=[validate_email])
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    panels = [FieldPanel("email"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("e-mail liên hệ")
        constraints = [
            models.UniqueConstraint(fields=["unit", "email"], name="unique_unit_contact_email")
        ]

    def __str__(self):
        return self.email
