"""Attached files: who may download them, and what may be uploaded (documents, images).

Files are only ever served through Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD
= "serve_view"), where the `before_serve_document` hook calls `can_download`.
"""

import logging

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

import filetype
from PIL import Image

from directives.models import DirectiveAttachment, SubmissionAttachment, Unit
from directives.units import roles

logger = logging.getLogger(__name__)


def file_bytes(document) -> bytes | None:
    """A stored file's content, or None (logged) when storage cannot give it back."""
    try:
        with document.file.open("rb") as handle:
            return handle.read()
    except OSError as error:
        logger.warning("Document %s: file unreadable: %s", document.pk, error)
        return None


# What the file really is, judged from its first bytes, per allowed extension.
EXPECTED_TYPES = {
    "pdf": {"application/pdf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
}
SNIFF_BYTES = 8192


def is_published(document) -> bool:
    """Attached to a live directive or a live submission (the published version)."""
    return (
        SubmissionAttachment.objects.filter(document=document, page__live=True).exists()
        or DirectiveAttachment.objects.filter(document=document, page__live=True).exists()
    )


def owning_unit_id(document) -> int | None:
    return (
        Unit.objects.filter(collection_id=document.collection_id)
        .values_list("pk", flat=True)
        .first()
    )


def can_download(user, document) -> bool:
    """Published files: every signed-in user. Others: the owning unit and the department.

    A file outside any unit's collection that is not yet published is seen by
    the department (and its leaders) and by whoever uploaded it.
    """
    # Who may do what: directives.units.roles, the door to every permission rule.
    if not user.is_authenticated:
        return False
    if roles.reads_everything(user) or is_published(document):
        return True
    unit_id = owning_unit_id(document)
    if unit_id is not None:
        return roles.can_see_unpublished(user, unit_id)
    return document.uploaded_by_user_id == user.pk


def sniffed_type(uploaded) -> str | None:
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    return filetype.guess_mime(head)


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content does not match
    their extension (a renamed .exe, an HTML page called report.pdf)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or not hasattr(uploaded, "content_type"):
            return uploaded  # unchanged file on edit
        extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
        expected = EXPECTED_TYPES.get(extension)
        if expected is None:
            raise forms.ValidationError(
                _("Chỉ nhận các loại tệp: %(types)s.")
                % {"types": ", ".join(settings.WAGTAILDOCS_EXTENSIONS)}
            )
        actual = sniffed_type(uploaded)
        if actual not in expected:
            raise forms.ValidationError(
                _(
                    "Nội dung tệp «%(name)s» không phải là tệp .%(ext)s thật "
                    "(tệp hỏng, hoặc bị đổi đuôi). Hãy lưu lại đúng định dạng rồi tải lên."
                )
                % {"name": uploaded.name, "ext": extension}
            )
        return uploaded

    def _update_errors(self, errors):
        # Wagtail's Document.clean checks the extension again, also of a file this form
        # has already refused (whose name is then empty: "File extension “” is not
        # allowed"): the message of clean_file says it, once and rightly.
        if self.has_error("file") and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)


BROKEN_IMAGE = _(
    "Không đọc được ảnh «%(name)s»: tệp bị hỏng hoặc không trọn vẹn. Hãy lưu lại ảnh rồi tải lên."
)


class WholeImageField(WagtailImageField):
    """Wagtail's field measures the image after opening it, outside its own error
    handling: a broken header raised there (500) instead of a form error."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except forms.ValidationError:
            raise
        # Reading untrusted bytes fails in many ways; each means "not a usable image".
        except Exception as error:  # noqa: BLE001
            raise forms.ValidationError(BROKEN_IMAGE % {"name": data.name}) from error


class ImageForm(BaseImageForm):
    """Wagtail's image form, refusing an image that cannot be decoded whole.

    Wagtail reads only the header, so a valid-looking header followed by garbage was
    accepted and then failed (500) when the upload's thumbnail was made.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if type(self.fields.get("file")) is WagtailImageField:
            # The form's own copy of the field: only its checks change.
            self.fields["file"].__class__ = WholeImageField

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or not hasattr(uploaded, "content_type"):
            return uploaded  # unchanged file on edit
        uploaded.seek(0)
        try:
            with Image.open(uploaded) as picture:
                picture.load()
        # Decoding untrusted bytes fails in many ways (OSError, SyntaxError,
        # ValueError, struct errors, decompression bombs): each means "not a usable image".
        except Exception as error:  # noqa: BLE001
            raise forms.ValidationError(BROKEN_IMAGE % {"name": uploaded.name}) from error
        finally:
            uploaded.seek(0)
        return uploaded
