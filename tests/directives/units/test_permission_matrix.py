"""Who can do what to a unit's pages and files, as a table, through real HTTP requests.

Rows: unit A editor, unit A approver, unit B editor, department reviewer, anonymous.
Columns: the admin actions that could leak or change another unit's work.
"Own" is the actor's unit (A for the department and anonymous users)."""

from django.test import Client
from django.urls import reverse

from wagtail.models import TaskState

import pytest

from tests.conftest import denied

ALLOW, DENY, LOGIN, HIDDEN = "allow", "deny", "login", "hidden"

ACTIONS = [
    "view_draft",
    "review_page",
    "edit",
    "history",
    "revision_compare",
    "revision_preview",
    "copy",
    "move",
    "delete",
    "unpublish",
    "workflow_action",
    "document_download",
    "document_chooser",
    "admin_pages_api",
]

# What a unit's own editor may do in its section, and its leader in addition.
EDITOR_OWN = {
    "view_draft": ALLOW,
    "review_page": ALLOW,
    "edit": ALLOW,
    "history": ALLOW,
    "revision_compare": ALLOW,
    "revision_preview": ALLOW,
    "copy": ALLOW,
    "move": ALLOW,
    "delete": ALLOW,
    "unpublish": DENY,
    "workflow_action": DENY,
    "document_download": ALLOW,
    "document_chooser": ALLOW,
    "admin_pages_api": ALLOW,
}
APPROVER_OWN = {**EDITOR_OWN, "unpublish": ALLOW, "workflow_action": ALLOW}
OUTSIDER = {**dict.fromkeys(ACTIONS, DENY), "document_chooser": HIDDEN, "admin_pages_api": HIDDEN}
REVIEWER = {**OUTSIDER, "review_page": ALLOW, "document_download": ALLOW}
ANONYMOUS = dict.fromkeys(ACTIONS, LOGIN)

EXPECTED = {
    ("a_editor", "own"): EDITOR_OWN,
    ("a_editor", "other"): OUTSIDER,
    ("a_approver", "own"): APPROVER_OWN,
    ("a_approver", "other"): OUTSIDER,
    ("b_editor", "own"): EDITOR_OWN,
    ("b_editor", "other"): OUTSIDER,
    ("reviewer", "own"): REVIEWER,
    ("reviewer", "other"): REVIEWER,
    ("anonymous", "own"): ANONYMOUS,
    ("anonymous", "other"): ANONYMOUS,
}


@pytest.fixture
def matrix(workspace):
    """Each section also holds a submission awaiting its leader's approval."""
    from tests import factories

    for key in ("a", "b"):
        side = getattr(workspace, key)
        side.pending = factories.submission(
            side.unit,
            workspace.plan,
            title=f"Chờ duyệt {key.upper()}",
            report=True,
            published=False,
        )
        side.pending.get_workflow().start(side.pending, getattr(workspace.people, f"{key}_editor"))
        side.task_state = TaskState.objects.get(workflow_state__object_id=str(side.pending.pk))
    return workspace


def request(client: Client, action: str, side):
    draft, live = side.draft, side.live
    urls = {
        "view_draft": reverse("wagtailadmin_pages:view_draft", args=[draft.pk]),
        "review_page": reverse("directives_review:detail", args=[draft.pk]),
        "edit": reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        "history": reverse("wagtailadmin_pages:history", args=[draft.pk]),
        "revision_compare": reverse(
            "wagtailadmin_pages:revisions_compare", args=[draft.pk, "earliest", "latest"]
        ),
        "revision_preview": reverse(
            "wagtailadmin_pages:revisions_view", args=[draft.pk, draft.latest_revision_id]
        ),
        "copy": reverse("wagtailadmin_pages:copy", args=[live.pk]),
        "move": reverse("wagtailadmin_pages:move", args=[draft.pk]),
        "delete": reverse("wagtailadmin_pages:delete", args=[draft.pk]),
        "unpublish": reverse("wagtailadmin_pages:unpublish", args=[live.pk]),
        "workflow_action": reverse(
            "wagtailadmin_pages:workflow_action",
            args=[side.pending.pk, "approve", side.task_state.pk],
        ),
        "document_download": side.draft_doc.url,
        "document_chooser": reverse("wagtaildocs_chooser:choose"),
        "admin_pages_api": f"/admin/api/main/pages/{draft.pk}/",
    }
    return client.get(
        urls[action], HTTP_X_REQUESTED_WITH="XMLHttpRequest" if action == "workflow_action" else ""
    )


def outcome(response, action, side) -> str:
    if response.status_code == 302 and "login" in response.url:
        return LOGIN
    if action == "document_chooser":
        if response.status_code != 200:
            return DENY
        listing = (
            response.json()["html"]
            if "json" in response["Content-Type"]
            else response.content.decode()
        )
        return ALLOW if side.draft_doc.title in listing else HIDDEN
    if action == "admin_pages_api":
        return {200: ALLOW, 404: HIDDEN}.get(response.status_code, f"status {response.status_code}")
    if action == "document_download" and response.status_code == 200:
        b"".join(response.streaming_content)
    if denied(response):
        return DENY
    return ALLOW if response.status_code == 200 else f"status {response.status_code}"


@pytest.mark.parametrize("role", ["a_editor", "a_approver", "b_editor", "reviewer", "anonymous"])
def test_permission_matrix(matrix, role):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(matrix.people, role))
    own, other = (matrix.b, matrix.a) if role == "b_editor" else (matrix.a, matrix.b)
    actual = {
        where: {action: outcome(request(client, action, side), action, side) for action in ACTIONS}
        for where, side in (("own", own), ("other", other))
    }
    for where in ("own", "other"):
        assert actual[where] == EXPECTED[(role, where)], f"{role} × {where} section"
