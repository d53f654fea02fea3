"""Vietnamese and English: the mirrored English tree, translation in
wagtail-localize, the language switcher, fallbacks and per-locale formats."""

import re
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import formats, translation

from wagtail.models import Locale

import pytest
from wagtail_localize.models import StringSegment, Translation

from directives.compliance.positions import positions
from directives.locales import mirror_tree
from directives.models import DirectivePage, SubmissionPage
from directives.units.provisioning import department_editors_ensure
from tests.conftest import denied

GUIDANCE = "huong-dan-thuc-hien-ke-hoach-53-kh-tu"


@pytest.fixture
def guidance(content):
    return DirectivePage.objects.get(locale__language_code="vi", slug=GUIDANCE)


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def translator(content):
    user = get_user_model().objects.create_user("bien-dich", password="mat-khau-dai-du-10")
    user.groups.add(department_editors_ensure())
    return user


def _switcher(body: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    links = dict(re.findall(r'href="([^"]+)" hreflang="(\w+)"', nav))
    return {code: url for url, code in links.items()}


def test_bootstrap_mirrors_the_public_pages_into_english(guidance, english):
    alias = guidance.get_translation(english)
    assert alias.alias_of_id == guidance.pk
    assert alias.url == f"/en/van-ban/{GUIDANCE}/"
    # Unit sections are the units' Vietnamese record: not mirrored.
    assert not SubmissionPage.objects.filter(locale=english).exists()
    assert mirror_tree() == 0  # idempotent


def test_the_english_tree_has_the_english_interface_and_says_what_is_untranslated(
    signed_in, guidance
):
    vietnamese = signed_in.get(guidance.url).content.decode()
    assert _switcher(vietnamese) == {"en": f"/en/van-ban/{GUIDANCE}/"}
    assert "Nhiệm vụ và thời hạn" in vietnamese

    english = signed_in.get(f"/en/van-ban/{GUIDANCE}/").content.decode()
    assert 'lang="en"' in english
    assert "Tasks and deadlines" in english
    assert "This page has not been translated yet" in english
    assert _switcher(english) == {"vi": guidance.url}
    home = signed_in.get("/en/").content.decode()
    assert "Latest documents" in home
    # English listings link to English pages.
    assert f'href="/en/van-ban/{GUIDANCE}/"' in home


def test_an_english_address_of_a_unit_page_falls_back_to_vietnamese(workspace, english, client):
    live = workspace.a.live
    assert mirror_tree() > 0  # an English home exists, without the unit pages
    client.force_login(workspace.people.b_editor)
    response = client.get("/en" + live.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert live.title in body
    assert "This page has no English version" in body
    assert _switcher(body) == {"vi": live.url}
    assert client.get("/en/khong-co-trang-nay/").status_code == 404


def test_the_fallback_keeps_the_login_and_draft_rules(workspace, client):
    draft = workspace.a.draft
    assert client.get("/en" + draft.get_parent().url).status_code == 302  # login first
    client.force_login(workspace.people.b_editor)
    # Drafts are not live: no page, in either language.
    assert client.get("/en" + draft.get_parent().url + draft.slug + "/").status_code == 404


def test_compliance_counts_the_vietnamese_tree_once(workspace, english):
    plan = workspace.plan
    before = positions(unit_ids=None, today=date(2026, 11, 26))
    plan.copy_for_translation(english, copy_parents=True, alias=True)
    assert DirectivePage.objects.filter(translation_key=plan.translation_key).count() == 2
    after = positions(unit_ids=None, today=date(2026, 11, 26))
    assert [(p.task_id, p.unit_id, p.status) for p in after] == [
        (p.task_id, p.unit_id, p.status) for p in before
    ]


def test_a_department_editor_translates_a_directive_and_it_stays_in_sync(
    client, guidance, english, translator, django_capture_on_commit_callbacks
):
    client.force_login(translator)
    response = client.post(f"/admin/localize/submit/page/{guidance.pk}/", {"locales": [english.pk]})
    assert response.status_code == 302
    target = guidance.get_translation(english)
    assert target.alias_of_id is None  # the alias became a translation
    translation_ = Translation.objects.get(
        source__object_id=guidance.translation_key, target_locale=english
    )
    title = StringSegment.objects.get(source=translation_.source, string__data=guidance.title)
    response = client.put(
        f"/admin/localize/translate/{translation_.pk}/strings/{title.pk}/edit/",
        encode_multipart(BOUNDARY, {"value": "Guidance on Plan 53-KH/TU"}),
        content_type=MULTIPART_CONTENT,
    )
    assert response.status_code in (200, 201), response.content
    translation_.save_target(user=translator, publish=True)
    english_page = client.get(f"/en/van-ban/{GUIDANCE}/").content.decode()
    assert "Guidance on Plan 53-KH/TU" in english_page
    assert "This page has not been translated yet" not in english_page

    # The Vietnamese source changes and is republished: the translation follows,
    # keeping what was translated and showing the new passage in Vietnamese.
    guidance.subject = "Trích yếu đã sửa"
    guidance.save_revision().publish()
    target.refresh_from_db()
    assert target.title == "Guidance on Plan 53-KH/TU"
    assert target.subject == "Trích yếu đã sửa"
    # Tasks are synchronised, never double counted.
    assert target.tasks.count() == guidance.tasks.count()


def test_units_cannot_translate_and_unit_pages_are_never_translated(workspace, client, english):
    client.force_login(workspace.people.a_approver)
    assert denied(client.get(f"/admin/localize/submit/page/{workspace.plan.pk}/"))
    department = get_user_model().objects.create_user("bt", password="mat-khau-dai-du-10")
    department.groups.add(department_editors_ensure())
    client.force_login(department)
    live = workspace.a.live
    response = client.post(f"/admin/localize/submit/page/{live.pk}/", {"locales": [english.pk]})
    assert denied(response)
    assert not SubmissionPage.objects.filter(locale=english).exists()


def test_dates_and_numbers_follow_the_language():
    day = date(2026, 11, 3)
    with translation.override("vi"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "03/11/2026"
        assert formats.number_format(1234.5, decimal_pos=1, force_grouping=True) == "1.234,5"
    with translation.override("en"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "3 Nov 2026"
        assert formats.number_format(1234.5, decimal_pos=1, force_grouping=True) == "1,234.5"


def test_periods_are_named_in_the_language():
    from directives.deadlines import period_containing

    quarter = period_containing("quarterly", date(2022, 11, 1))
    month = period_containing("monthly", date(2022, 11, 1))
    with translation.override("vi"):
        assert (quarter.label, month.label) == ("Quý IV/2022", "Tháng 11/2022")
    with translation.override("en"):
        assert (quarter.label, month.label) == ("Quarter IV, 2022", "11/2022")


def test_a_unit_answers_the_vietnamese_directive_only(workspace, english):
    from directives.models import ResultsReportPage
    from directives.submissions.forms import SubmissionPageForm

    plan = workspace.plan
    alias = plan.copy_for_translation(english, copy_parents=True, alias=True)
    section = workspace.a.live.get_parent()
    form_class = ResultsReportPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, SubmissionPageForm)
    form = form_class(
        {},
        instance=ResultsReportPage(),
        parent_page=section,
        for_user=workspace.people.a_editor,
    )
    choices = set(form.fields["tasks"].queryset.values_list("directive_id", flat=True))
    assert choices == {plan.pk}
    form.cleaned_data = {"directive": alias}
    with pytest.raises(ValidationError, match="Hãy chọn bản tiếng Việt"):
        form.clean_directive()
    form.cleaned_data = {"directive": plan}
    assert form.clean_directive() == plan
