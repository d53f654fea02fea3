"""CSRF, forged ids, the section pages themselves, uploads and downloads."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Page, TaskState

import pytest

from directives.models import SubmissionPage
from tests import factories
from tests.conftest import denied

pytestmark = pytest.mark.django_db


def test_posts_without_csrf_token_are_refused(workspace):
    p = workspace.people
    client = Client(enforce_csrf_checks=True)
    client.force_login(p.a_approver)
    draft = workspace.a.draft
    publish = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        {"title": draft.title, "slug": draft.slug, "action-publish": "publish"},
    )
    assert publish.status_code == 403
    assert not SubmissionPage.objects.get(pk=draft.pk).live

    draft.get_workflow().start(draft, p.a_editor)
    state = TaskState.objects.get(workflow_state__object_id=str(draft.pk))
    approve = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", state.pk])
    )
    assert approve.status_code == 403
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS

    client.force_login(p.reviewer)
    decide = client.post(
        reverse("directives_review:detail", args=[workspace.a.live.pk]), {"event": "accepted"}
    )
    assert decide.status_code == 403
    assert SubmissionPage.objects.get(pk=workspace.a.live.pk).review_state == "awaiting"


def test_forged_ids_never_reach_another_units_data(client, workspace):
    p = workspace.people
    client.force_login(p.a_editor)
    # Starting a report for unit B's task in unit B's name.
    forged = client.post(
        reverse(
            "directives_submissions:start_report", args=[workspace.b.task.pk, workspace.b.unit.pk]
        )
    )
    assert denied(forged)
    assert not SubmissionPage.objects.filter(unit=workspace.b.unit, owner=p.a_editor).exists()
    # Its own unit, but a task given to another unit.
    not_ours = client.post(
        reverse(
            "directives_submissions:start_report", args=[workspace.b.task.pk, workspace.a.unit.pk]
        )
    )
    assert not_ours.url == reverse("wagtailadmin_home")
    assert not SubmissionPage.objects.filter(tasks=workspace.b.task, unit=workspace.a.unit).exists()
    # Nonexistent ids are 404s, not errors.
    assert (
        client.post(
            reverse("directives_submissions:start_report", args=[999999, workspace.a.unit.pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("directives_review:detail", args=[999999])).status_code == 404
    # A document id with another document's file name, or another unit's file.
    doc_b = workspace.b.draft_doc
    assert (
        client.get(
            reverse("wagtaildocs_serve", args=[workspace.a.draft_doc.pk, doc_b.filename])
        ).status_code
        == 404
    )
    assert client.get(doc_b.url).status_code == 403
    # Adding a page under unit B's section.
    add = reverse(
        "wagtailadmin_pages:add",
        args=["directives", "resultsreportpage", workspace.b.unit.section.pk],
    )
    assert denied(client.get(add))
    # The workflow action of another unit's task state, posted against an own page id.
    workspace.b.draft.get_workflow().start(workspace.b.draft, p.b_editor)
    state_b = TaskState.objects.get(workflow_state__object_id=str(workspace.b.draft.pk))
    client.force_login(p.a_approver)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[workspace.a.draft.pk, "approve", state_b.pk]
        )
    )
    assert TaskState.objects.get(pk=state_b.pk).status == TaskState.STATUS_IN_PROGRESS
    assert not SubmissionPage.objects.get(pk=workspace.b.draft.pk).live


def test_a_unit_cannot_rename_move_or_delete_its_own_section(client, workspace):
    client.force_login(workspace.people.a_approver)
    section = workspace.a.unit.section
    for name in ("edit", "delete", "copy"):
        response = client.get(reverse(f"wagtailadmin_pages:{name}", args=[section.pk]))
        assert denied(response), name
    for name in ("delete", "unpublish"):
        response = client.post(reverse(f"wagtailadmin_pages:{name}", args=[section.pk]))
        assert denied(response), name
    destination = workspace.plan.get_parent()
    move = reverse("wagtailadmin_pages:move_confirm", args=[section.pk, destination.pk])
    assert denied(client.post(move))
    assert Page.objects.get(pk=section.pk).get_parent().specific_class.__name__ == "UnitIndexPage"
    assert Page.objects.get(pk=section.pk).live


def upload(client, name: str, content: bytes, collection):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": collection.pk},
    )


def test_uploads_are_checked_by_content_and_size(client, workspace, settings):
    client.force_login(workspace.people.a_editor)
    collection = workspace.a.unit.collection
    before = Document.objects.count()

    fake = upload(client, "bao-cao.pdf", b"<html><script>alert(1)</script></html>", collection)
    assert "không phải là tệp .pdf thật" in fake.content.decode()
    renamed_exe = upload(client, "ke-hoach.docx", b"MZ\x90\x00" + b"\x00" * 200, collection)
    assert "không phải là tệp .docx thật" in renamed_exe.content.decode()
    # A refused kind of file, or one without an extension, gets the portal's message
    # alone (Wagtail's own check appended "File extension “” is not allowed" to it).
    for name in ("virus.exe", "khong-co-duoi"):
        refused = upload(client, name, b"MZ\x90\x00", collection)
        assert refused.status_code == 200 and Document.objects.count() == before
        html = refused.content.decode()
        assert html.count("Chỉ nhận các loại tệp: pdf, docx") == 1
        assert "“”" not in html and "phần mở rộng" not in html

    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    too_big = upload(client, "lon.pdf", factories.pdf_bytes("x" * 2000), collection)
    assert too_big.status_code == 200 and Document.objects.count() == before

    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
    ok = upload(client, "bao-cao-that.pdf", factories.pdf_bytes("Bao cao"), collection)
    assert ok.status_code == 302
    assert Document.objects.get(title="bao-cao-that.pdf").collection == collection

    # Naming another unit's collection does not put the file there: an editor
    # who may add to one collection only always uploads into it.
    upload(client, "sai-cho.pdf", factories.pdf_bytes(), workspace.b.unit.collection)
    assert Document.objects.get(title="sai-cho.pdf").collection == collection


def test_published_files_open_to_every_signed_in_user(client, workspace):
    from directives.models import SubmissionAttachment

    live = workspace.b.live
    live.attachments.add(SubmissionAttachment(document=workspace.b.draft_doc))
    live.save_revision().publish()
    client.force_login(workspace.people.a_editor)
    response = client.get(workspace.b.draft_doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(workspace.b.draft_doc.url).status_code == 302
