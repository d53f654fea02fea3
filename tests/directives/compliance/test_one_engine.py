"""Every page that says whether a unit has reported asks the one engine (`positions`):
for a monthly task, last month's report does not count for this month anywhere."""

import re
from datetime import date

from django.urls import reverse

import pytest

from directives.compliance.matrix import build_matrix
from directives.models import Recurrence
from tests import factories
from tests.conftest import vietnam_time

pytestmark = pytest.mark.django_db
THIS_MONTH_DAY = date(2026, 12, 10)


@pytest.fixture
def monthly(workspace, time_machine):
    """A monthly task for units A and B; A reported for November, in November."""
    time_machine.move_to(vietnam_time(date(2026, 11, 20)))
    _home, index, _units = factories.site_tree()
    directive = factories.directive(
        index,
        title="Kế hoạch 90-KH/TU",
        number_symbol="90-KH/TU",
        issuer=workspace.department,
        tasks=[
            {
                "units": [workspace.a.unit, workspace.b.unit],
                "recurrence": Recurrence.MONTHLY,
                "description": "Báo cáo tình hình dư luận xã hội hằng tháng",
            }
        ],
    )
    task = directive.tasks.get()
    factories.submission(
        workspace.a.unit,
        directive,
        title="Báo cáo dư luận tháng 11",
        tasks=[task],
        report=True,
        period_start=date(2026, 11, 1),
    )
    time_machine.move_to(vietnam_time(THIS_MONTH_DAY))
    return directive, task


def test_last_months_report_counts_nowhere_for_this_month(workspace, monthly, client):
    directive, task = monthly
    client.force_login(workspace.people.a_editor)

    page = client.get(directive.url).content.decode()
    row = page[page.index("Báo cáo tình hình dư luận") :]
    assert "0/2 đã gửi" in row[: row.index("</tr>")]

    home = client.get("/").content.decode()
    item = home[home.index("Báo cáo tình hình dư luận") :]
    assert "2 đơn vị chưa gửi" in item[: item.index("</li>")]
    assert "31/12/2026" in item[: item.index("</li>")]  # this month's deadline, not November's

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    (status,) = re.findall(rf'data-task="{task.pk}" data-status="(\w+)"', dashboard)
    assert status == "not_due"

    matrix = build_matrix(directives=[directive], as_of=THIS_MONTH_DAY)
    cells = [cell for _unit, row, _tally in matrix.rows() for cell in row if cell]
    assert [(c.period.label, c.sent) for c in cells] == [("Tháng 12/2026", False)] * 2
    assert matrix.overall.counts["pending"] == 2
