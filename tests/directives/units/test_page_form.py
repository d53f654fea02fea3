"""A page may only reference files its editor may choose; a forged editor POST is a 400."""

import json

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from directives.models import SubmissionAttachment, SubmissionPage
from directives.units.page_form import FORBIDDEN_ATTACHMENT, FORBIDDEN_LINK
from tests import factories

pytestmark = pytest.mark.django_db

FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


def document_link(document_id) -> str:
    return rich_text(
        f'<p>Xem <a linktype="document" id="{document_id}">tệp kèm theo</a> đã gửi.</p>',
        features=FEATURES,
    )


def edit_data(page, *, body=(), attachments=None, title="Báo cáo quý III của huyện"):
    """The edit form as the editor's browser posts it, with the existing attachments."""
    existing = [
        {"id": a.pk or "", "document": a.document_id, "caption": a.caption, "ORDER": i}
        for i, a in enumerate(page.attachments.all())
    ]
    data = nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "directive": page.directive_id,
            "number_symbol": "",
            "issued_on": "",
            "period_start": "",
            "body": streamfield(list(body)),
            "attachments": inline_formset(existing + (attachments or []), initial=len(existing)),
            "signer_position": "",
            "signer_name": "",
        }
    )
    data["tasks"] = [t.pk for t in page.tasks.all()]
    return data


def in_stream_errors(message, html: str) -> bool:
    """A StreamField's errors reach the page as JSON for its JavaScript to show."""
    return json.dumps(str(message))[1:-1] in html


def latest(page) -> SubmissionPage:
    return SubmissionPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def attached_ids(page) -> set[int]:
    return {a.document_id for a in latest(page).attachments.all()}


@pytest.fixture
def a_editor(client, workspace):
    client.force_login(workspace.people.a_editor)
    return client


def post_edit(client, page, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_another_units_unpublished_file_cannot_be_attached(a_editor, workspace):
    draft, foreign = workspace.a.draft, workspace.b.draft_doc
    response = post_edit(a_editor, draft, edit_data(draft, attachments=[{"document": foreign.pk}]))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(FORBIDDEN_ATTACHMENT) in html
    assert "Báo cáo quý III của huyện" in html  # what was typed is kept
    assert foreign.pk not in attached_ids(draft)

    # Even once A's leader publishes, B's file stays closed to A.
    assert a_editor.get(foreign.url).status_code == 403


def test_own_files_attach_and_existing_attachments_stay(a_editor, workspace):
    draft = workspace.a.draft
    own = factories.document(workspace.a.unit, "Phụ lục số liệu")
    response = post_edit(a_editor, draft, edit_data(draft, attachments=[{"document": own.pk}]))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert attached_ids(draft) == {workspace.a.draft_doc.pk, own.pk}


def test_a_file_the_department_attached_does_not_block_the_units_edits(a_editor, workspace):
    """What the saved page already referenced was put there by someone allowed to."""
    draft = workspace.a.draft
    page = SubmissionPage.objects.get(pk=draft.pk).specific
    page.attachments.add(SubmissionAttachment(document=workspace.b.draft_doc))
    page.save_revision()
    response = post_edit(a_editor, draft, edit_data(latest(draft)))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert workspace.b.draft_doc.pk in attached_ids(draft)


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "99999999999999999999999", "1.5", " "])
def test_nonsense_document_ids_are_form_errors(a_editor, workspace, raw):
    draft = workspace.a.draft
    response = post_edit(a_editor, draft, edit_data(draft, attachments=[{"document": raw}]))
    assert response.status_code == 200
    assert "Báo cáo quý III của huyện" in response.content.decode()
    assert attached_ids(draft) == {workspace.a.draft_doc.pk}


def test_rich_text_may_not_link_another_units_file(a_editor, workspace):
    draft = workspace.a.draft
    body = [("paragraph", document_link(workspace.b.draft_doc.pk))]
    response = post_edit(a_editor, draft, edit_data(draft, body=body))
    assert response.status_code == 200
    html = response.content.decode()
    assert in_stream_errors(FORBIDDEN_LINK, html)
    # The paragraph typed is still there (Draftail JSON inside the stream's JSON).
    assert json.dumps(json.dumps("tệp kèm theo")[1:-1])[1:-1] in html
    assert 'linktype="document"' not in json.dumps(latest(draft).body.get_prep_value())


@pytest.mark.parametrize("raw", ["abc", "-3", "1e3", "None"])
def test_rich_text_links_to_nonsense_ids_are_refused(a_editor, workspace, raw):
    draft = workspace.a.draft
    response = post_edit(
        a_editor, draft, edit_data(draft, body=[("paragraph", document_link(raw))])
    )
    assert response.status_code == 200
    assert in_stream_errors(FORBIDDEN_LINK, response.content.decode())


def test_links_nested_in_a_section_are_checked_too(a_editor, workspace):
    draft = workspace.a.draft
    section = {
        "number": "I",
        "heading": "Kết quả",
        "body": rich_text("<p>Chung</p>", features=FEATURES),
        "subsections": streamfield(
            [
                (
                    "item",
                    {
                        "number": "1",
                        "heading": "Tệp",
                        "body": document_link(workspace.b.draft_doc.pk),
                    },
                )
            ]
        ),
    }
    response = post_edit(a_editor, draft, edit_data(draft, body=[("section", section)]))
    assert response.status_code == 200
    assert in_stream_errors(FORBIDDEN_LINK, response.content.decode())


def test_rich_text_links_own_files(a_editor, workspace):
    draft = workspace.a.draft
    body = [("paragraph", document_link(workspace.a.draft_doc.pk))]
    response = post_edit(a_editor, draft, edit_data(draft, body=body))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert f'id="{workspace.a.draft_doc.pk}"' in latest(draft).body[0].value.source


def test_the_department_attaches_any_file_to_a_directive(client, workspace):
    """Administrators may choose from every collection (the Guidance attaches units' files)."""
    from django.contrib.auth import get_user_model

    client.force_login(
        get_user_model().objects.create_superuser("quantri", "q@x.test", "mk-dai-du-10")
    )
    plan = workspace.plan
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[plan.pk]))
    assert edit.status_code == 200


# A forged POST: what the editor's JavaScript never sends.
@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda d: d.pop("body-count"), id="missing body-count"),
        pytest.param(lambda d: d.update({"body-count": "1000000000"}), id="huge body-count"),
        pytest.param(lambda d: d.update({"body-count": "abc"}), id="body-count not a number"),
        pytest.param(lambda d: d.update({"body-count": "-1"}), id="negative body-count"),
        pytest.param(lambda d: d.update({"body-count": "3"}), id="more blocks than sent"),
        pytest.param(lambda d: d.update({"body-0-value": "<p>không phải JSON</p>"}), id="html"),
        pytest.param(lambda d: d.update({"body-0-value": "[1, 2]"}), id="json list"),
        pytest.param(lambda d: d.update({"body-0-value": '{"blocks": 5}'}), id="wrong shape"),
        pytest.param(lambda d: d.update({"body-0-order": "x"}), id="order not a number"),
        pytest.param(lambda d: d.pop("body-0-deleted"), id="missing deleted flag"),
    ],
)
def test_a_forged_streamfield_post_is_a_400_and_changes_nothing(a_editor, workspace, forge):
    draft = workspace.a.draft
    before = latest(draft).title
    data = edit_data(draft, body=[("paragraph", rich_text("<p>Đoạn một</p>", features=FEATURES))])
    forge(data)
    response = post_edit(a_editor, draft, data)
    assert response.status_code == 400
    assert latest(draft).title == before


def test_an_unknown_block_type_is_ignored_like_wagtail_does(a_editor, workspace):
    draft = workspace.a.draft
    data = edit_data(draft, body=[("paragraph", rich_text("<p>Đoạn một</p>", features=FEATURES))])
    data["body-0-type"] = "script"
    assert post_edit(a_editor, draft, data).status_code == 302
