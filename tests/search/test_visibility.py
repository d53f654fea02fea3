"""Search shows each user what `roles.Visibility` allows, and nothing else: the SQL
clause and the Elasticsearch filter are both held to that one rule."""

from django.contrib.auth import get_user_model
from django.db import connection

import pytest

from directives.units import roles
from search import elastic, indexing, query
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def _es_allows(filters: list[dict], entry: SearchEntry) -> bool:
    """Evaluate the bool/should/term/terms filters elastic._visibility builds."""
    fields = {"live_filter": entry.live, "owner_unit_id_filter": entry.owner_unit_id}

    def match(clause: dict) -> bool:
        ((kind, body),) = clause.items()
        if kind == "term":
            ((name, value),) = body.items()
            return fields[name] == value
        if kind == "terms":
            ((name, values),) = body.items()
            return fields[name] in values
        if kind == "bool":
            return sum(map(match, body["should"])) >= body["minimum_should_match"]
        raise AssertionError(f"unexpected clause {kind}")

    return all(match(clause) for clause in filters)


def test_sql_and_elasticsearch_visibility_follow_the_one_rule(workspace):
    indexing.rebuild()
    entries = list(SearchEntry.objects.all())
    # Both kinds of entry exist, or the comparison proves nothing.
    assert {e.live for e in entries} == {True, False}
    assert {e.owner_unit_id for e in entries if not e.live} >= {
        workspace.a.unit.pk,
        workspace.b.unit.pk,
    }
    people = workspace.people
    nobody = get_user_model().objects.create_user("khach", password="mat-khau-dai-du-10")
    admin = get_user_model().objects.create_superuser("quan-tri", password="mat-khau-dai-du-10")
    for user in (people.a_editor, people.b_approver, people.reviewer, nobody, admin):
        rule = roles.visibility(user)
        expected = {
            e.pk for e in entries if rule.allows(live=e.live, owner_unit_id=e.owner_unit_id)
        }

        clause, params = query._visibility(user)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id FROM {SearchEntry._meta.db_table} e WHERE {clause}",  # noqa: S608
                params,
            )
            assert {row[0] for row in cursor.fetchall()} == expected, user.username

        filters = elastic._visibility(rule)
        assert {e.pk for e in entries if _es_allows(filters, e)} == expected, user.username

    # The rule itself: a unit's drafts are its own and the department's.
    draft_a = workspace.a.draft.pk
    visible = {
        user.username: SearchEntry.objects.filter(page_id=draft_a).exists()
        and roles.visibility(user).allows(live=False, owner_unit_id=workspace.a.unit.pk)
        for user in (people.a_editor, people.b_approver, people.reviewer, nobody)
    }
    assert visible == {"a-editor": True, "b-approver": False, "reviewer": True, "khach": False}
