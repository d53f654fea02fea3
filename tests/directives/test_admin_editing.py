"""Editors work in Wagtail's admin: the forms open and save what an official types."""

from datetime import date

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from directives.models import DirectivePage, ResultsReportPage, Unit


@pytest.fixture
def admin_client(client, content, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", "q@example.org", "mat-khau-quan-tri")
    )
    return client


def test_the_guidance_opens_in_the_editor_with_its_tasks(admin_client):
    guidance = DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )
    response = admin_client.get(f"/admin/pages/{guidance.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoàn thành trong tháng 9 năm 2022" in html
    assert "Trần Trung Hiếu" in html


def test_a_unit_writes_a_results_report_in_its_section(admin_client):
    unit = Unit.objects.get(slug="thanh-uy-da-lat")
    guidance = DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )
    task = guidance.tasks.get(number="BC")
    url = f"/admin/pages/add/directives/resultsreportpage/{unit.section.pk}/"
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Báo cáo kết quả thực hiện Kế hoạch 53",
            "slug": "bao-cao-ket-qua-53",
            "directive": guidance.pk,
            "number_symbol": "125-BC/TU",
            "issued_on": "28/10/2022",
            "period_start": "",
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "signer_position": "BÍ THƯ",
            "signer_name": "Nguyễn Văn A",
            "action-publish": "publish",
        }
    )
    data["tasks"] = [task.pk]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    report = ResultsReportPage.objects.get(slug="bao-cao-ket-qua-53")
    assert report.unit == unit
    assert report.issued_on == date(2022, 10, 28)
    assert report.submitted_at is not None
    assert list(report.tasks.all()) == [task]


def test_an_impossible_date_is_refused_with_the_form_kept(admin_client):
    unit = Unit.objects.get(slug="thanh-uy-da-lat")
    guidance = DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )
    url = f"/admin/pages/add/directives/resultsreportpage/{unit.section.pk}/"
    data = nested_form_data(
        {
            "title": "Báo cáo có ngày sai",
            "slug": "bao-cao-ngay-sai",
            "directive": guidance.pk,
            "number_symbol": "126-BC/TU",
            "issued_on": "31/02/2022",
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo có ngày sai" in html  # nothing typed is lost
    assert not ResultsReportPage.objects.filter(slug="bao-cao-ngay-sai").exists()
