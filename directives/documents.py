"""Attached files: who may download them, and what may be uploaded.

Files are only ever served through Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD
= "serve_view"), where the `before_serve_document` hook calls `can_download`.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.documents.forms import BaseDocumentForm

import filetype

from directives import roles
from directives.models import DirectiveAttachment, SubmissionAttachment, Unit

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
    the department and by whoever uploaded it.
    """
    if not user.is_authenticated:
        return False
    if roles.is_department(user) or is_published(document):
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
