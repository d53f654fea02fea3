"""Which of Wagtail's own dashboard panels each person keeps beside the portal's."""

from django.contrib.auth import get_user_model
from django.test import RequestFactory

from wagtail import hooks
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)

import pytest

from directives.compliance.panels import DepartmentOverviewPanel, UnitTasksPanel


def _panels(user) -> set[type]:
    request = RequestFactory().get("/admin/")
    request.user = user
    panels = [
        WorkflowObjectsToModeratePanel(),
        UserObjectsInWorkflowModerationPanel(),
        RecentEditsPanel(),
        LockedPagesPanel(),
    ]
    for construct in hooks.get_hooks("construct_homepage_panels"):
        construct(request, panels)
    return {type(panel) for panel in panels}


def _summary_items(client, user) -> str:
    client.force_login(user)
    return client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "who, kept, dropped",
    [
        # The editor's reports show their stage on the unit's own rows; only leaders
        # moderate, and lock.
        (
            "a_editor",
            {UnitTasksPanel, RecentEditsPanel},
            {
                WorkflowObjectsToModeratePanel,
                UserObjectsInWorkflowModerationPanel,
                LockedPagesPanel,
            },
        ),
        (
            "a_approver",
            {UnitTasksPanel, WorkflowObjectsToModeratePanel, RecentEditsPanel, LockedPagesPanel},
            {UserObjectsInWorkflowModerationPanel},
        ),
        (
            "reviewer",
            {
                DepartmentOverviewPanel,
                UserObjectsInWorkflowModerationPanel,
                RecentEditsPanel,
                LockedPagesPanel,
            },
            {WorkflowObjectsToModeratePanel, UnitTasksPanel},
        ),
    ],
)
def test_each_person_keeps_the_panels_that_can_show_them_something(workspace, who, kept, dropped):
    panels = _panels(getattr(workspace.people, who))
    assert kept <= panels
    assert not dropped & panels


def test_the_whole_sites_counts_are_for_administrators_only(workspace, client):
    assert "w-summary" not in _summary_items(client, workspace.people.a_editor)
    assert "w-summary" not in _summary_items(client, workspace.people.reviewer)
    admin = get_user_model().objects.create_superuser("quantri", password="mat-khau-dai-du-10")
    assert "w-summary" in _summary_items(client, admin)
    assert WorkflowObjectsToModeratePanel in _panels(admin)
