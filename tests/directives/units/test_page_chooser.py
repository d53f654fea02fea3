"""Wagtail's page chooser (browse, search, rich-text links) hides other units' drafts."""

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


def chooser_pages(client, workspace):
    section_a, section_b = workspace.a.unit.section, workspace.b.unit.section
    html = ""
    for url in (
        reverse("wagtailadmin_choose_page_child", args=[section_a.pk]),
        reverse("wagtailadmin_choose_page_child", args=[section_b.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=D%E1%BB%B1+th%E1%BA%A3o",
        reverse("wagtailadmin_choose_page_search") + "?q=K%E1%BA%BF+ho%E1%BA%A1ch",
    ):
        response = client.get(url)
        assert response.status_code == 200
        html += response.content.decode()
    return html


@pytest.mark.parametrize(
    ("who", "sees_a_draft", "sees_b_draft"),
    [
        ("a_editor", True, False),
        ("a_approver", True, False),
        ("b_editor", False, True),
        ("reviewer", True, True),
    ],
)
def test_each_role_sees_published_pages_and_its_own_drafts(
    client, workspace, who, sees_a_draft, sees_b_draft
):
    client.force_login(getattr(workspace.people, who))
    html = chooser_pages(client, workspace)
    assert ("Dự thảo báo cáo A" in html) is sees_a_draft
    assert ("Dự thảo báo cáo B" in html) is sees_b_draft
    assert "Kế hoạch đã gửi A" in html and "Kế hoạch đã gửi B" in html


def test_browsing_into_another_units_draft_is_a_404(client, workspace):
    client.force_login(workspace.people.a_editor)
    own = reverse("wagtailadmin_choose_page_child", args=[workspace.a.draft.pk])
    other = reverse("wagtailadmin_choose_page_child", args=[workspace.b.draft.pk])
    assert client.get(own).status_code == 200
    response = client.get(other)
    assert response.status_code == 404
    assert "Dự thảo báo cáo B" not in response.content.decode()
