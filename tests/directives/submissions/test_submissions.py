"""Submissions: the server stamps `submitted_at` once, at first publication."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from directives.models import Recurrence, SubmissionPage, UnitCategory
from tests import factories


@pytest.fixture
def setting(db):
    _, directive_index, _ = factories.site_tree()
    department = factories.unit("Ban Tuyên giáo Tỉnh ủy", UnitCategory.PARTY_DEPARTMENT)
    dalat = factories.unit("Thành ủy Đà Lạt")
    baoloc = factories.unit("Thành ủy Bảo Lộc")
    directive = factories.directive(
        directive_index,
        title="Hướng dẫn thực hiện",
        issuer=department,
        tasks=[
            {"units": [dalat, baoloc], "due_date": date(2022, 10, 31)},
            {"units": [dalat], "recurrence": Recurrence.QUARTERLY},
        ],
    )
    return directive, dalat, baoloc


def test_first_publication_stamps_submitted_at(setting):
    directive, dalat, _ = setting
    before = timezone.now()
    page = factories.submission(dalat, directive, title="Kế hoạch thực hiện")
    assert page.unit == dalat
    assert before <= page.submitted_at <= timezone.now()


def test_a_draft_is_not_submitted(setting):
    directive, dalat, _ = setting
    page = factories.submission(dalat, directive, title="Bản nháp", published=False)
    page.refresh_from_db()
    assert page.submitted_at is None


def test_republishing_or_restoring_an_old_revision_never_moves_the_stamp(setting):
    directive, dalat, _ = setting
    page = factories.submission(dalat, directive, title="Báo cáo", report=True)
    first_revision = page.latest_revision
    stamp = page.submitted_at
    # An edit published later: same stamp, new revision.
    page.title = "Báo cáo (sửa lỗi chính tả)"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.submitted_at == stamp
    # Publishing the revision from before the first publication carries no stamp back.
    first_revision.publish()
    page.refresh_from_db()
    assert page.submitted_at == stamp
    assert page.title == "Báo cáo"
    # Unpublishing then publishing again keeps it too.
    page.unpublish()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.submitted_at == stamp


def test_an_old_stamp_stays_old(setting):
    directive, dalat, _ = setting
    page = factories.submission(dalat, directive, title="Báo cáo")
    long_ago = timezone.now() - timedelta(days=400)
    SubmissionPage.objects.filter(pk=page.pk).update(submitted_at=long_ago)
    page.refresh_from_db()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.submitted_at == long_ago


def test_the_unit_is_the_sections_whatever_the_page_claims(setting):
    directive, dalat, baoloc = setting
    page = factories.submission(dalat, directive, title="Kế hoạch", unit=baoloc)
    page.refresh_from_db()
    assert page.unit == dalat
    draft = factories.submission(baoloc, directive, title="Kế hoạch khác", published=False)
    assert draft.unit == baoloc


def test_a_number_is_unique_within_a_unit_only(setting):
    directive, dalat, baoloc = setting
    factories.submission(dalat, directive, title="Kế hoạch 1", number_symbol="12-KH/TU")
    factories.submission(baoloc, directive, title="Kế hoạch của Bảo Lộc", number_symbol="12-KH/TU")
    with pytest.raises(ValidationError, match="12-KH/TU"):
        factories.submission(dalat, directive, title="Kế hoạch 2", number_symbol="12-KH/TU")


def test_tasks_must_belong_to_the_directive_answered(setting):
    directive, dalat, _ = setting
    _, directive_index, _ = factories.site_tree()
    other = factories.directive(
        directive_index,
        title="Văn bản khác",
        issuer=dalat,
        tasks=[{"units": [dalat], "due_date": date(2023, 1, 31)}],
    )
    with pytest.raises(ValidationError, match="Chỉ chọn nhiệm vụ"):
        factories.submission(dalat, directive, title="Sai", tasks=list(other.tasks.all()))


def test_a_periodic_report_needs_its_period_and_shows_its_label(setting):
    directive, dalat, _ = setting
    quarterly = directive.tasks.get(recurrence=Recurrence.QUARTERLY)
    with pytest.raises(ValidationError, match="kỳ báo cáo"):
        factories.submission(dalat, directive, title="Báo cáo quý", tasks=[quarterly])
    page = factories.submission(
        dalat,
        directive,
        title="Báo cáo quý III",
        tasks=[quarterly],
        period_start=date(2022, 8, 15),
        report=True,
    )
    assert page.period.label == "Quý III/2022"
