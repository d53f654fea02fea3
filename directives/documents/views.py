"""'Tải Word': a directive or a unit's document as a DOCX, to whoever may read the page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import content_disposition_header

from wagtail.models import Page

from directives.documents.word import render_docx
from directives.models import DirectivePage, SubmissionPage
from directives.units import roles

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def readable_version(page, user):
    """The version of the page this user may read, or None.

    The published version for everyone signed in; a page never published (or
    unpublished) only to its own unit and the department, in its latest revision, as
    the review screen shows it. A published page's newer draft is never given out.
    """
    owner = page.unit_id if isinstance(page, SubmissionPage) else None
    # Who may do what: directives.units.roles, the door to every permission rule.
    if not roles.visibility(user).allows(live=page.live, owner_unit_id=owner):
        return None
    if page.live:
        return page
    return page.get_latest_revision_as_object()


@login_required
def word(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, (DirectivePage, SubmissionPage)):
        raise Http404
    version = readable_version(page, request.user)
    if version is None:
        # Not 403: an unpublished page's existence is not told either.
        raise Http404
    # A Party document is written in Vietnamese whatever the reader's interface.
    with translation.override(settings.LANGUAGE_CODE):
        content = render_docx(version)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{page.slug}.docx")
    return response
