"""Pages are routed from the cache and readers' roles read from it (directives/caching.py,
directives/units/roles.py), and neither outlives the change that makes it wrong: an
unpublished or moved page, a view restriction, a reader joining or leaving a unit."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from directives.units import roles


def _fresh(user):
    """The user as the next request loads it (roles are kept on the object)."""
    return type(user).objects.get(pk=user.pk)


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response.status_code


@pytest.mark.parametrize("page", ["plan", "section", "home"])
def test_a_page_read_again_costs_a_handful_of_queries(workspace, client, page):
    client.force_login(workspace.people.a_editor)
    url = {"plan": workspace.plan.url, "section": workspace.a.unit.section.url, "home": "/"}[page]
    first, status = _queries(client, url)
    assert status == 200
    again, status = _queries(client, url)
    assert status == 200
    # The session, the user and Wagtail's view-restriction check: no walk down the
    # tree, no role or language-switcher queries.
    assert again <= 4 < first


def test_an_unpublished_page_is_gone_though_its_route_was_cached(workspace, client, committed):
    client.force_login(workspace.people.b_editor)
    live = workspace.a.live
    assert client.get(live.url).status_code == 200
    with committed():
        live.unpublish()
    assert client.get(live.url).status_code == 404


def test_a_renamed_page_routes_from_its_new_address(workspace, client, committed):
    client.force_login(workspace.people.b_editor)
    plan = workspace.plan
    old_url = plan.url
    assert client.get(old_url).status_code == 200
    with committed():
        plan.slug = "ke-hoach-53-kh-tu-moi"
        plan.save_revision().publish()
    plan.refresh_from_db()
    assert plan.url != old_url
    # Wagtail's redirect from the old address, made with the rename, not the old route.
    moved = client.get(old_url)
    assert (moved.status_code, moved.url) == (301, plan.url)
    assert client.get(plan.url).status_code == 200


def test_a_view_restriction_added_later_is_enforced(workspace, client, committed):
    client.force_login(workspace.people.b_editor)
    assert client.get(workspace.plan.url).status_code == 200
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=workspace.plan, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([workspace.a.unit.editors_group])
    assert client.get(workspace.plan.url).status_code != 200


def test_joining_and_leaving_a_unit_opens_and_closes_its_drafts_files_at_once(
    workspace, client, committed
):
    reader = workspace.people.b_editor
    draft_file = workspace.a.draft_doc.url
    client.force_login(workspace.people.a_editor)
    assert client.get(draft_file).status_code == 200
    client.force_login(reader)
    assert client.get(draft_file).status_code == 403

    with committed():
        reader.groups.add(workspace.a.unit.editors_group)
    assert client.get(draft_file).status_code == 200

    with committed():
        reader.groups.remove(workspace.a.unit.editors_group)
    assert client.get(draft_file).status_code == 403
    assert workspace.a.unit.pk not in roles.member_unit_ids(_fresh(reader))


def test_joining_the_department_is_seen_at_once(workspace, client, committed):
    from directives.units.provisioning import department_group_ensure

    reader = workspace.people.b_editor
    client.force_login(reader)
    assert client.get(workspace.a.draft_doc.url).status_code == 403
    assert not roles.is_department(reader)
    with committed():
        reader.groups.add(department_group_ensure())
    assert roles.is_department(_fresh(reader))
    assert client.get(workspace.a.draft_doc.url).status_code == 200


def test_an_evicted_generation_never_brings_back_older_entries(db):
    from django.core.cache import cache

    from directives import caching

    assert caching.cached("probe", compute=lambda: "before the change") == "before the change"
    caching.content_changed()
    assert caching.cached("probe", compute=lambda: "after the change") == "after the change"
    # A full local cache evicts the generation itself: counting again must not land
    # on a generation whose entries are still stored.
    cache.delete(caching.GENERATION_KEY)
    assert caching.cached("probe", compute=lambda: "current") == "current"
