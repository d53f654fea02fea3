"""Editors work in Wagtail's admin: the forms open and save what an official types."""

import re
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


def _guidance():
    return DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )


def _add_report_url() -> str:
    """The admin's add form of a results report in Thành ủy Đà Lạt's section."""
    unit = Unit.objects.get(slug="thanh-uy-da-lat")
    return f"/admin/pages/add/directives/resultsreportpage/{unit.section.pk}/"


def _report_data(guidance, **fields) -> dict:
    """A results report on the Guidance as the add form posts it: no body, no files."""
    return nested_form_data(
        {
            "directive": guidance.pk,
            "body": streamfield([]),
            "attachments": inline_formset([]),
            **fields,
        }
    )


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
    url = _add_report_url()
    data = _report_data(
        _guidance(),
        title="Báo cáo có ngày sai",
        slug="bao-cao-ngay-sai",
        number_symbol="126-BC/TU",
        issued_on="31/02/2022",
        **{"action-publish": "publish"},
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo có ngày sai" in html  # nothing typed is lost
    assert "Chưa tạo được trang: biểu mẫu còn lỗi" in html
    assert "could not be created" not in html
    assert not ResultsReportPage.objects.filter(slug="bao-cao-ngay-sai").exists()


def test_a_slug_posted_with_marks_is_folded_as_every_slug_is(admin_client):
    # Typed with marks where the page's script did not run (or pasted into a request).
    guidance = _guidance()
    url = _add_report_url()
    data = _report_data(
        guidance,
        title="Báo cáo kết quả của Thành ủy Đà Lạt",
        slug="báo-cáo-đà-lạt",
        number_symbol="127-BC/TU",
        issued_on="28/10/2022",
    )
    data["tasks"] = [guidance.tasks.get(number="BC").pk]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert ResultsReportPage.objects.get(number_symbol="127-BC/TU").slug == "bao-cao-da-lat"


def test_the_slug_field_folds_vietnamese_as_it_is_typed(admin_client):
    html = admin_client.get(_add_report_url()).content.decode()
    assert "data-w-slug-formatters-value" in html


def test_a_report_offers_only_the_tasks_given_to_its_unit(client, workspace):
    client.force_login(workspace.people.a_editor)
    section = workspace.a.unit.section
    response = client.get(f"/admin/pages/add/directives/resultsreportpage/{section.pk}/")
    offered = set(response.context["form"].fields["tasks"].queryset)
    assert workspace.a.task in offered
    assert workspace.b.task not in offered  # unit B's task, in the same directive


def test_the_report_schedule_lists_each_directive_once(content):
    from django.forms import modelform_factory

    from directives.models import ReportSchedule

    assert DirectivePage.objects.exclude(locale__language_code="vi").exists()  # the copies
    form = modelform_factory(ReportSchedule, fields=["directives"])()
    choices = list(form.fields["directives"].queryset)
    assert choices and {page.locale.language_code for page in choices} == {"vi"}


def test_a_tasks_units_are_picked_by_category_not_from_a_ctrl_click_list(admin_client):
    guidance = DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )
    html = admin_client.get(f"/admin/pages/{guidance.pk}/edit/").content.decode()
    assert "data-unit-picker" in html and "Chọn cả nhóm" in html
    assert "<legend>Huyện ủy, thành ủy" in html
    assert 'data-folded="thanh uy da lat"' in html  # what the filter matches, marks folded
    task = guidance.tasks.filter(units__isnull=False).first()
    unit = task.units.first()
    index = list(guidance.tasks.order_by("sort_order")).index(task)
    assert re.search(rf'name="tasks-{index}-units" value="{unit.pk}" id="[^"]+" checked', html), (
        "the task's own units are ticked"
    )
