"""A unit opens a directive and confirms its receipt ("Đã nhận"); the board shows the
bound units that have not opened or confirmed it; only the bound unit's people may
confirm, once."""

import re
from datetime import date

from django.contrib.auth import get_user_model

import pytest
import time_machine

from directives.board.figures import build_board
from directives.bootstrap import bootstrap_portal
from directives.demo import DEMO_NUMBER
from directives.models import DirectivePage, DirectiveReceipt, Unit
from tests.conftest import vietnam_time

TODAY = date(2026, 12, 1)


@pytest.fixture
def plan(db):
    with time_machine.travel(vietnam_time(TODAY), tick=False):
        bootstrap_portal(demo=True, password="mat-khau-nhan-van-ban")
    return DirectivePage.objects.get(number_symbol=DEMO_NUMBER, locale__language_code="vi")


def _gaps(plan):
    with time_machine.travel(vietnam_time(TODAY, 11), tick=False):
        figures = next(d for d in build_board(today=TODAY).directives if d.directive == plan)
    return {
        gap.document.pk: ({u.slug for u in gap.not_opened}, {u.slug for u in gap.not_confirmed})
        for gap in figures.receipts
    }


def test_opening_and_confirming_a_directive(client, plan, django_capture_on_commit_callbacks):
    bound = next(iter(_gaps(plan)[plan.pk][0]))
    unit = Unit.objects.get(slug=bound)
    editor = get_user_model().objects.get(username=f"{unit.slug}-editor")
    assert bound in _gaps(plan)[plan.pk][1]

    client.force_login(editor)
    page = client.get(plan.url)
    html = page.content.decode()
    assert "Xác nhận đã nhận văn bản" in html and "Đã nhận" in html
    not_opened, not_confirmed = _gaps(plan)[plan.pk]
    assert bound not in not_opened and bound in not_confirmed

    leader = client.__class__()
    leader.force_login(get_user_model().objects.get(username="lanh-dao"))
    mark = f'<span data-unit="{unit.slug}">'

    def on_board() -> str:
        html = leader.get("/admin/board/").content.decode()
        found = re.search(rf'data-receipts="{plan.pk}">.*?</details>', html, re.S)
        return found.group(0) if found else ""

    assert mark in on_board()

    url = f"/admin/directives/{plan.pk}/receipt/"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"unit": unit.pk}, follow=True)
    # The board (cached for every reader) hears of it at once.
    assert mark not in on_board()
    assert f"Đã xác nhận {unit.name} đã nhận văn bản" in done.content.decode()
    again = client.post(url, {"unit": unit.pk}, follow=True)
    assert "đã xác nhận trước đó" in again.content.decode()
    receipt = DirectiveReceipt.objects.get(directive=plan, unit=unit)
    assert receipt.acknowledged_by == editor
    gaps = _gaps(plan).get(plan.pk, (set(), set()))
    assert bound not in gaps[1]
    final = client.get(plan.url).content.decode()
    assert "đã xác nhận đã nhận lúc" in final, final[
        final.find("doc-receipt") : final.find("doc-receipt") + 600
    ]


def test_only_the_bound_units_people_confirm(client, plan):
    bound = next(iter(_gaps(plan)[plan.pk][0]))
    unit = Unit.objects.get(slug=bound)
    url = f"/admin/directives/{plan.pk}/receipt/"
    client.force_login(get_user_model().objects.get(username="reviewer"))
    assert "Xác nhận đã nhận văn bản" not in client.get(plan.url).content.decode()
    assert client.post(url, {"unit": unit.pk}).status_code in (302, 403)
    other = Unit.objects.exclude(slug__in=_gaps(plan)[plan.pk][1]).exclude(
        name="Ban Tuyên giáo Tỉnh ủy"
    )
    for outsider in other[:1]:
        client.force_login(get_user_model().objects.get(username=f"{outsider.slug}-editor"))
        assert client.post(url, {"unit": unit.pk}).status_code in (302, 403)
        assert client.post(url, {"unit": "x"}).status_code in (302, 403)
    assert not DirectiveReceipt.objects.filter(acknowledged_at__isnull=False).exists()
