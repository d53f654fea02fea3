"""The admin form of every page a unit or the department writes: it refuses files the
editor may not choose, and answers a forged StreamField POST with 400.

A page's attachments (InlinePanel "attachments") and the document links in its rich
text name documents by id, and the server would take any id: a unit's editor could
attach another unit's unpublished file to their own page, and publishing it would open
the file to everyone (units/files.py). Only documents Wagtail's own document chooser
offers the editor (the collections where they hold choose_document, granted by
units/provisioning.py) may be referenced; what the page already referenced stays.

This module is imported by the page models, so Wagtail's document model and
permission policy are looked up inside the functions (the app registry is not ready
when models are imported).
"""

import re
from collections.abc import Iterable

from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.admin.widgets.slug import SlugInput
from wagtail.blocks.base import BlockWidget
from wagtail.fields import RichTextField, StreamField

from portal.vietnamese import slug_formatters, slugify_vi

# An id the database can hold; anything else (letters, a sign, 30 digits) names no file.
DOCUMENT_ID = re.compile(r"[0-9]{1,18}")

FORBIDDEN_ATTACHMENT = _(
    "Bạn không được đính kèm tệp này: tệp không có, hoặc thuộc đơn vị khác. "
    "Hãy chọn tệp trong thư mục của đơn vị mình."
)
FORBIDDEN_LINK = _(
    "Nội dung có liên kết tới tệp bạn không được chọn (tệp không có, hoặc thuộc đơn vị "
    "khác). Hãy bỏ liên kết đó hoặc chọn tệp trong thư mục của đơn vị mình."
)


def documents_not_choosable(user, document_ids: Iterable[str]) -> set[str]:
    """The ids among `document_ids` that name no document the user may choose."""
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    wanted = {str(pk) for pk in document_ids}
    valid = {pk for pk in wanted if DOCUMENT_ID.fullmatch(pk)}
    if not valid:
        return wanted
    policy = policy_registry.get_by_type(get_document_model())
    allowed = {
        str(pk)
        for pk in policy.instances_user_has_any_permission_for(user, ["choose"])
        .filter(pk__in=[int(pk) for pk in valid])
        .values_list("pk", flat=True)
    }
    return wanted - allowed


# What a document link without an id is taken to name: no document anyone may choose.
NO_ID = ""


def _document_references(model_field, value) -> set[str]:
    from wagtail.documents import get_document_model

    document_model = get_document_model()
    found: set[str] = set()
    if value is None:
        return found
    try:
        for model, object_id, *_rest in model_field.extract_references(value):
            if issubclass(model, document_model):
                found.add(str(object_id))
    except KeyError:
        # Wagtail's extractor reads attrs["id"]: <a linktype="document"> without one.
        found.add(NO_ID)
    return found


class GuardedBlockWidget(BlockWidget):
    """A StreamField's widget that answers a POST the editor's JavaScript could not have
    sent (no or a nonsense `-count`, rich text that is not Draftail JSON) with 400, where
    Wagtail's blocks would raise KeyError or ValueError and the server answer 500."""

    def value_from_datadict(self, data, files, name):
        for key in data:
            if key == f"{name}-count" or (key.startswith(f"{name}-") and key.endswith("-count")):
                count = data.get(key)
                # Each child sends at least its own "-deleted" field, so a count
                # larger than the whole POST is a lie (and would loop that long).
                if not (isinstance(count, str) and count.isascii() and count.isdigit()):
                    raise BadRequest(f"{key}: not a count")
                if int(count) > len(data):
                    raise BadRequest(f"{key}: more blocks than fields")
        if f"{name}-count" not in data:
            raise BadRequest(f"{name}-count missing")
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise BadRequest(f"{name}: malformed ({error.__class__.__name__})") from error


class ForgivingChooserMixin:
    """Wagtail's choosers look the posted id up again to redraw the form, and a forged
    one ("abc") raised ValueError there (500) after the field had already refused it."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None


_forgiving_classes: dict[type, type] = {}


def _forgiving(widget) -> None:
    cls = type(widget)
    if cls not in _forgiving_classes:
        _forgiving_classes[cls] = type(cls.__name__, (ForgivingChooserMixin, cls), {})
    # Each form holds its own copy of its widgets: this changes no other form.
    widget.__class__ = _forgiving_classes[cls]


# Wagtail's own encoding of the formatters for its slug controller.
_SLUG_FORMATTERS = SlugInput(formatters=slug_formatters())


class PortalPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fold_slug()
        for field in self.fields.values():
            if type(field.widget) is BlockWidget:
                field.widget = GuardedBlockWidget(field.widget.block_def)
        children = [form for formset in self.formsets.values() for form in formset.forms]
        # What the saved page (its latest revision) already attached may stay: someone
        # allowed to put it there did. Read now, before cleaning the child forms writes
        # the posted ids into the page's in-memory attachments.
        self._already_attached = (
            {str(a.document_id) for a in self.instance.attachments.all()}
            if "attachments" in self.formsets
            else set()
        )
        for form in (self, *children):
            for field in form.fields.values():
                if isinstance(field.widget, BaseChooser):
                    _forgiving(field.widget)

    def _fold_slug(self) -> None:
        # Slugs are ASCII (WAGTAIL_ALLOW_UNICODE_SLUGS off) and fold as
        # portal.vietnamese does: while typing (the widget's formatters) and here,
        # for a slug posted with marks (no JavaScript, a pasted URL), which Django's
        # slug field would refuse.
        if "slug" not in self.fields:
            return
        widget = self.fields["slug"].widget
        if isinstance(widget, SlugInput):
            formatters = "data-w-slug-formatters-value"
            widget.attrs[formatters] = _SLUG_FORMATTERS.attrs[formatters]
        key = self.add_prefix("slug")
        typed = self.data.get(key, "") if self.is_bound else ""
        if typed and not typed.isascii():
            self.data = self.data.copy()
            self.data[key] = slugify_vi(typed)

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None:
            return cleaned_data
        self._check_rich_text_links(user, cleaned_data)
        self._check_attachments(user)
        return cleaned_data

    def _check_rich_text_links(self, user, cleaned_data) -> None:
        for name in self.fields:
            try:
                model_field = self.instance._meta.get_field(name)
            except Exception:  # noqa: S112 - a form-only field holds no references
                continue
            if not isinstance(model_field, RichTextField | StreamField):
                continue
            if name not in cleaned_data:
                continue  # already refused by its own validation
            referenced = _document_references(model_field, cleaned_data[name])
            # As with attachments, what the saved page already linked may stay (the
            # field's value on the instance is still the saved one during clean()).
            referenced -= _document_references(model_field, getattr(self.instance, name, None)) - {
                NO_ID
            }
            if documents_not_choosable(user, referenced):
                self.add_error(name, FORBIDDEN_LINK)

    def _check_attachments(self, user) -> None:
        formset = self.formsets.get("attachments")
        if formset is None:
            return
        for child in formset.forms:
            if not child.is_valid() or child.cleaned_data.get("DELETE"):
                continue
            document = child.cleaned_data.get("document")
            if document is None or str(document.pk) in self._already_attached:
                continue
            if documents_not_choosable(user, [str(document.pk)]):
                child.add_error("document", FORBIDDEN_ATTACHMENT)
