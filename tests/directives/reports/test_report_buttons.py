"""The listing buttons "Tổng hợp ngay" and "Gửi lại": CSRF tokens, periods, safe returns."""

import re
from datetime import date

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import pytest

from directives.models import ConsolidatedReport
from tests.conftest import vietnam_time

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def admin_client(workspace):
    """A browser-like client (CSRF enforced) that signs the administrator in when
    called: after the test has set the clock, as sessions last 8 hours."""
    admin = get_user_model().objects.create_superuser("quantri", "qt@tinhuy.test", "x")

    def signed_in():
        client = Client(enforce_csrf_checks=True)
        client.force_login(admin)
        return client

    return signed_in


def token_in(response) -> str:
    found = TOKEN.findall(response.content.decode())
    assert found, "the listing's form has no CSRF token"
    return found[0]


def test_compile_now_on_the_15th_compiles_last_month_or_an_earlier_one(
    admin_client, schedule, committed, time_machine
):
    time_machine.move_to(vietnam_time(date(2026, 12, 15)))
    admin_client = admin_client()
    listing_url = reverse("wagtailsnippets_directives_reportschedule:list")
    listing = admin_client.get(listing_url)
    html = listing.content.decode()
    assert '<option value="2026-11-01:2026-11-30">01/11/2026 - 30/11/2026</option>' in html
    assert "2026-12-01:" not in html  # December has not ended
    url = reverse("directives_reports:compile_now", args=[schedule.pk])
    assert admin_client.post(url, {"next": listing_url}).status_code == 403  # no token

    token = token_in(listing)
    with committed():
        response = admin_client.post(
            url, {"csrfmiddlewaretoken": token, "next": listing_url}, follow=True
        )
    assert response.redirect_chain[-1][0] == listing_url
    report = ConsolidatedReport.objects.get()
    assert (report.period_start, report.period_end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert "Đã tổng hợp" in response.content.decode()

    with committed():
        admin_client.post(url, {"csrfmiddlewaretoken": token, "period": "2026-09-01:2026-09-30"})
    assert ConsolidatedReport.objects.filter(period_start=date(2026, 9, 1)).exists()
    # Asked again, November is not compiled twice, and the message says so.
    again = admin_client.post(url, {"csrfmiddlewaretoken": token, "next": listing_url}, follow=True)
    assert "Kỳ này đã được tổng hợp trước đó" in again.content.decode()
    assert ConsolidatedReport.objects.count() == 2


@pytest.mark.parametrize(
    "period", ["2026-12-01:2026-12-31", "2026-11-02:2026-11-30", "2026-13-01:x", "<script>"]
)
def test_compile_now_refuses_a_period_that_is_not_a_complete_one(
    admin_client, schedule, time_machine, period
):
    time_machine.move_to(vietnam_time(date(2026, 12, 15)))
    admin_client = admin_client()
    listing_url = reverse("wagtailsnippets_directives_reportschedule:list")
    token = token_in(admin_client.get(listing_url))
    response = admin_client.post(
        reverse("directives_reports:compile_now", args=[schedule.pk]),
        {"csrfmiddlewaretoken": token, "period": period, "next": listing_url},
        follow=True,
    )
    assert response.status_code == 200
    assert "không phải một kỳ đã kết thúc" in response.content.decode()
    assert not ConsolidatedReport.objects.exists()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/admin/",
        "http://evil.example",
        "javascript:alert(1)",
    ],
)
def test_the_buttons_never_send_anyone_off_site(admin_client, schedule, committed, target):
    admin_client = admin_client()
    listing = admin_client.get(reverse("wagtailsnippets_directives_reportschedule:list"))
    token = token_in(listing)
    with committed():
        compiled = admin_client.post(
            reverse("directives_reports:compile_now", args=[schedule.pk]),
            {"csrfmiddlewaretoken": token, "next": target},
        )
    assert compiled.status_code == 302 and compiled.url == reverse("wagtailadmin_home")
    report = ConsolidatedReport.objects.get()
    with committed():
        resent = admin_client.post(
            reverse("directives_reports:resend", args=[report.pk]),
            {"csrfmiddlewaretoken": token, "next": target},
        )
    assert resent.status_code == 302 and resent.url == reverse("wagtailadmin_home")


def test_the_reviewer_s_resend_button_carries_a_token(workspace, schedule, committed):
    from directives.reports import reporting

    report, _created = reporting.compile_report(
        schedule=schedule, period_start=date(2026, 5, 1), period_end=date(2026, 5, 31)
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(workspace.people.reviewer)
    archive_url = reverse("wagtailsnippets_directives_consolidatedreport:list")
    token = token_in(client.get(archive_url))
    with committed():
        response = client.post(
            reverse("directives_reports:resend", args=[report.pk]),
            {"csrfmiddlewaretoken": token, "next": archive_url},
        )
    assert response.status_code == 302 and response.url == archive_url
