"""An index update is recorded with the change: a broker outage delays it, never
drops it, and `search_rebuild --missing` repairs a stale entry (issue 12, item 6)."""

from django.core.management import call_command

import pytest

from search import indexing, query, tasks
from search.models import PendingIndex, SearchEntry
from search.text import parse_query

pytestmark = pytest.mark.django_db
TITLE = "Dự thảo báo cáo A"


def found_by(user) -> bool:
    hits = query.search(user, parse_query(TITLE), query.Filters()).hits
    return TITLE in [hit.entry.title for hit in hits]


@pytest.fixture
def published_while_broker_down(workspace, committed, monkeypatch):
    indexing.rebuild()
    PendingIndex.objects.all().delete()

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(tasks.index_page, "delay", refuse)
    page = workspace.a.draft
    with committed():
        page.save_revision(user=workspace.people.a_approver).publish()
    page.refresh_from_db()
    assert page.live
    assert PendingIndex.objects.filter(page_id=page.pk).exists()
    # Indexed still as the old draft: the other unit cannot find it yet.
    assert not SearchEntry.objects.get(key=str(page.pk)).live
    assert not found_by(workspace.people.b_editor)
    return page


def test_the_sweep_indexes_what_the_broker_dropped(published_while_broker_down, workspace):
    assert tasks.index_pending.apply().get() == 1
    assert found_by(workspace.people.b_editor)
    assert not PendingIndex.objects.exists()
    assert indexing.index_pending() == 0


def test_search_rebuild_missing_repairs_a_stale_entry(published_while_broker_down, workspace):
    call_command("search_rebuild", "--missing", verbosity=0)
    assert found_by(workspace.people.b_editor)
    assert not PendingIndex.objects.exists()


def test_a_request_newer_than_the_indexing_is_kept(workspace, monkeypatch):
    page = workspace.a.draft
    indexing.request_index(page.pk)
    original = indexing.index_page

    def index_while_edited(page_id):
        count = original(page_id)
        indexing.request_index(page_id)  # another edit lands meanwhile
        return count

    monkeypatch.setattr(indexing, "index_page", index_while_edited)
    indexing.index_requested(page.pk)
    assert PendingIndex.objects.filter(page_id=page.pk).exists()
