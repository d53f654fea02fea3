"""Previews: a thumbnail and the page count beside each file, pages read in
the browser, made in the background, behind the file's own permission check."""

import pytest

from attachments import previews
from attachments.models import Preview, PreviewStatus
from directives.models import SubmissionAttachment
from tests import factories, scans
from tests.search import helpers

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(
    previews.shutil.which("pdftoppm") is None, reason="poppler-utils is not installed"
)


@pytest.fixture
def upload(committed):
    def uploaded(unit, content: bytes, title: str = "Tệp", name: str | None = None):
        from django.core.files.base import ContentFile

        from wagtail.documents.models import Document

        with committed():
            document = Document(title=title, collection=unit.collection)
            document.file.save(name or "tep.pdf", ContentFile(content), save=False)
            document.save()
        return document

    return uploaded


def attach(page, document, committed):
    with committed():
        page.attachments.add(SubmissionAttachment(document=document))
        page.save_revision().publish()


@needs_poppler
def test_a_pdf_gets_a_thumbnail_and_pages_read_in_the_browser(workspace, upload, committed, client):
    document = upload(workspace.a.unit, scans.scanned_pdf(pages=2), "Báo cáo quét")
    attach(workspace.a.live, document, committed)
    preview = Preview.objects.get(document=document)
    assert (preview.status, preview.page_count, preview.pages.count()) == ("ready", 2, 2)
    client.force_login(workspace.people.b_editor)  # published: every signed-in user
    section = client.get(workspace.a.unit.section.url).content.decode()
    assert f"/previews/{document.pk}/thumbnail.png" in section and "2 trang" in section
    report = client.get(workspace.a.live.url).content.decode()
    assert f"/previews/{document.pk}/" in report
    # Beside the file in the search results and on the department's review page too.
    thumbnail = f"/previews/{document.pk}/thumbnail.png"
    found = client.get("/search/", {"q": "Báo cáo quét"}).content.decode()
    assert thumbnail in found and "2 trang" in found
    client.force_login(workspace.people.reviewer)
    review = client.get(f"/admin/review/{workspace.a.live.pk}/").content.decode()
    assert thumbnail in review and "2 trang" in review
    client.force_login(workspace.people.b_editor)
    page = client.get(f"/previews/{document.pk}/")
    assert page.status_code == 200
    assert f"/previews/{document.pk}/pages/2.png" in page.content.decode()
    image = client.get(f"/previews/{document.pk}/pages/1.png")
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content)[:4] == b"\x89PNG"
    assert client.get(f"/previews/{document.pk}/pages/3.png").status_code == 404


@needs_poppler
def test_a_drafts_preview_is_shown_only_to_those_who_may_download_it(
    workspace, upload, committed, client
):
    draft = workspace.a.draft
    document = upload(workspace.a.unit, factories.pdf_bytes("du thao"), "Dự thảo")
    with committed():
        draft.attachments.add(SubmissionAttachment(document=document))
        draft.save_revision()
    urls = [f"/previews/{document.pk}/{tail}" for tail in ("", "thumbnail.png", "pages/1.png")]
    client.force_login(workspace.people.b_editor)
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    client.force_login(workspace.people.a_editor)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    client.logout()
    assert all("/login/" in client.get(url).url for url in urls)


def test_an_office_file_without_libreoffice_says_there_is_no_preview(
    workspace, upload, committed, client, monkeypatch
):
    monkeypatch.setattr(previews, "office_program", lambda: None)
    document = upload(
        workspace.a.unit, helpers.docx_bytes("Hội nghị"), "Báo cáo Word", name="bao-cao.docx"
    )
    attach(workspace.a.live, document, committed)
    preview = Preview.objects.get(document=document)
    assert preview.status == PreviewStatus.UNAVAILABLE
    assert "LibreOffice" in preview.detail
    client.force_login(workspace.people.reviewer)
    assert (
        "Không có bản xem trước cho loại tệp này"
        in client.get(workspace.a.live.url).content.decode()
    )


@needs_poppler
def test_a_photo_is_its_own_single_page(workspace, upload):
    document = upload(workspace.a.unit, scans.scanned_jpeg(), "Ảnh", name="anh.jpg")
    preview = Preview.objects.get(document=document)
    assert (preview.status, preview.page_count) == ("ready", 1)


@needs_poppler
def test_a_long_file_is_previewed_for_its_first_pages(
    workspace, upload, committed, client, monkeypatch
):
    monkeypatch.setattr(previews, "MAX_PAGES", 1)
    document = upload(workspace.a.unit, scans.scanned_pdf(pages=2), "Dài")
    attach(workspace.a.live, document, committed)
    client.force_login(workspace.people.reviewer)
    page = client.get(f"/previews/{document.pk}/").content.decode()
    assert "Chỉ xem trước 1 trang đầu" in page


@pytest.mark.parametrize(
    ("content", "name"), [(b"%PDF-1.4 broken", "hong.pdf"), (b"\x89PNG\r\n\x1a\nxx", "hong.png")]
)
def test_a_broken_file_gets_a_status_and_its_page_no_500(
    workspace, upload, committed, client, content, name
):
    document = upload(workspace.a.unit, content, "Tệp hỏng", name=name)
    attach(workspace.a.live, document, committed)
    assert Preview.objects.get(document=document).status == PreviewStatus.FAILED
    client.force_login(workspace.people.reviewer)
    response = client.get(f"/previews/{document.pk}/")
    assert response.status_code == 200
    assert "Không tạo được bản xem trước" in response.content.decode()
    assert client.get(f"/previews/{document.pk}/thumbnail.png").status_code == 404


def test_unknown_files_get_404_not_500(workspace, client):
    client.force_login(workspace.people.reviewer)
    assert client.get("/previews/999999/").status_code == 404
    assert client.get(f"/previews/{workspace.a.draft_doc.pk}/pages/1.png").status_code == 404


@needs_poppler
def test_a_cached_unit_section_shows_the_preview_a_worker_finishes_later(
    workspace, upload, committed, client, monkeypatch
):
    """The section is cached for every reader; the preview and the signature verdict
    arrive from workers afterwards and must show without any other change."""
    from attachments import services, tasks

    held = []
    monkeypatch.setattr(tasks.make_preview, "delay", lambda pk: held.append(pk))
    document = upload(workspace.a.unit, scans.scanned_pdf(pages=2), "Báo cáo quét sau")
    attach(workspace.a.live, document, committed)
    client.force_login(workspace.people.b_editor)
    before = client.get(workspace.a.unit.section.url).content.decode()
    assert f"/previews/{document.pk}/thumbnail.png" not in before
    with committed():
        services.preview_make(document_id=held[0])
    after = client.get(workspace.a.unit.section.url).content.decode()
    assert f"/previews/{document.pk}/thumbnail.png" in after and "2 trang" in after


@needs_poppler
@pytest.mark.skipif(previews.office_program() is None, reason="LibreOffice is not installed")
def test_a_word_file_is_previewed_through_libreoffice(workspace, upload, committed, client):
    import io

    import docx

    # A real Word file (helpers.docx_bytes is only enough for text extraction).
    word = docx.Document()
    word.add_paragraph("Báo cáo kết quả hội nghị quán triệt")
    data = io.BytesIO()
    word.save(data)
    document = upload(workspace.a.unit, data.getvalue(), "Báo cáo Word", name="bao-cao.docx")
    attach(workspace.a.live, document, committed)
    preview = Preview.objects.get(document=document)
    assert (preview.status, preview.page_count) == (PreviewStatus.READY, 1)
    client.force_login(workspace.people.b_editor)
    image = client.get(f"/previews/{document.pk}/pages/1.png")
    assert b"".join(image.streaming_content)[:4] == b"\x89PNG"
