"""A file's preview, behind the very check that guards the file itself
(directives.units.files.can_download): a preview never shows a draft to
someone who may not download it."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from wagtail.documents import get_document_model

from attachments.models import Preview, PreviewStatus, SignatureCheck
from directives.units.files import can_download


def _preview(request, document_id: int) -> Preview:
    document = get_object_or_404(get_document_model(), pk=document_id)
    if not can_download(request.user, document):
        raise PermissionDenied
    preview = Preview.objects.filter(document=document).first()
    if preview is None:
        raise Http404
    return preview


def _signed_in(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def _image(file, *, download_name: str) -> FileResponse:
    try:
        handle = file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/png", filename=download_name)
    response["Content-Disposition"] = "inline"
    # Never kept by a shared cache: the same address serves only those allowed.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@_signed_in
def preview(request, document_id: int):
    found = _preview(request, document_id)
    return TemplateResponse(
        request,
        "attachments/preview.html",
        {
            "preview": found,
            "document": found.document,
            "pages": list(found.pages.all()) if found.status == PreviewStatus.READY else [],
            "check": SignatureCheck.objects.filter(document_id=document_id).first(),
        },
    )


@_signed_in
def thumbnail(request, document_id: int):
    found = _preview(request, document_id)
    if not found.thumbnail:
        raise Http404
    return _image(found.thumbnail, download_name=f"{document_id}-1.png")


@_signed_in
def page_image(request, document_id: int, number: int):
    found = _preview(request, document_id)
    page = found.pages.filter(number=number).first()
    if page is None:
        raise Http404
    return _image(page.image, download_name=f"{document_id}-{number}.png")
