"""Who may see and change the report schedules (Báo cáo tổng hợp → Lịch báo cáo),
as a table through real HTTP requests: administrators change them, the department's
reviewers read them and compile now, its leaders read them, units never see them."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import pytest

from directives.units.provisioning import leadership_group_ensure
from tests import factories
from tests.conftest import denied

pytestmark = pytest.mark.django_db

ALLOW, DENY = "allow", "deny"
ACTIONS = ["list", "inspect", "edit", "add", "delete", "compile_button", "menu"]
EXPECTED = {
    "admin": dict.fromkeys(ACTIONS, ALLOW),
    "reviewer": {
        **dict.fromkeys(ACTIONS, DENY),
        "list": ALLOW,
        "inspect": ALLOW,
        "compile_button": ALLOW,
        "menu": ALLOW,
    },
    "leader": {**dict.fromkeys(ACTIONS, DENY), "list": ALLOW, "inspect": ALLOW, "menu": ALLOW},
    "unit_editor": dict.fromkeys(ACTIONS, DENY),
    "unit_leader": dict.fromkeys(ACTIONS, DENY),
}


@pytest.fixture
def users(workspace):
    return {
        "admin": get_user_model().objects.create_superuser("quantri", "qt@tinhuy.test", "x"),
        "reviewer": workspace.people.reviewer,
        "leader": factories.user_in(leadership_group_ensure(), "lanh-dao"),
        "unit_editor": workspace.people.a_editor,
        "unit_leader": workspace.people.a_approver,
    }


def outcomes(client, schedule) -> dict:
    name = "wagtailsnippets_directives_reportschedule"
    pages = {
        "list": reverse(f"{name}:list"),
        "inspect": reverse(f"{name}:inspect", args=[schedule.pk]),
        "edit": reverse(f"{name}:edit", args=[schedule.pk]),
        "add": reverse(f"{name}:add"),
        "delete": reverse(f"{name}:delete", args=[schedule.pk]),
    }
    found = {}
    for action, url in pages.items():
        response = client.get(url)
        found[action] = DENY if denied(response) else ALLOW
        assert denied(response) or response.status_code == 200, (action, response.status_code)
    listing = client.get(pages["list"]).content.decode()
    found["compile_button"] = ALLOW if "Tổng hợp ngay" in listing else DENY
    found["menu"] = ALLOW if pages["list"] in client.get("/admin/").content.decode() else DENY
    return found


@pytest.mark.parametrize("role", list(EXPECTED))
def test_who_may_see_and_change_the_report_schedules(users, schedule, role):
    client = Client()
    client.force_login(users[role])
    assert outcomes(client, schedule) == EXPECTED[role]


def test_the_reviewer_reads_a_schedule_in_vietnamese_without_an_edit_button(users, schedule):
    client = Client()
    client.force_login(users["reviewer"])
    html = client.get(
        reverse("wagtailsnippets_directives_reportschedule:inspect", args=[schedule.pk])
    ).content.decode()
    assert "Báo cáo tháng 53-KH/TU" in html and "btgtw@dang.test" in html
    assert "Địa chỉ e-mail nhận báo cáo" in html
    assert ">True<" not in html and "Periodic task" not in html
    assert reverse("wagtailsnippets_directives_reportschedule:edit", args=[schedule.pk]) not in html
