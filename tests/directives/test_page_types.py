"""Page-type rules keep the tree tidy: each page can live only where it belongs."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from directives.models import (
    DirectiveIndexPage,
    DirectivePage,
    ImplementationPlanPage,
    ResultsReportPage,
    SubmissionPage,
    UnitIndexPage,
    UnitSectionPage,
)
from home.models import HomePage


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_holds_the_two_indexes(self):
        self.assertAllowedSubpageTypes(HomePage, {DirectiveIndexPage, UnitIndexPage})
        self.assertCanCreateAt(Page, HomePage)

    def test_directives_live_only_in_the_directive_index(self):
        self.assertAllowedSubpageTypes(DirectiveIndexPage, {DirectivePage})
        self.assertAllowedParentPageTypes(DirectivePage, {DirectiveIndexPage})
        self.assertAllowedSubpageTypes(DirectivePage, set())
        self.assertCanNotCreateAt(HomePage, DirectivePage)
        self.assertCanNotCreateAt(UnitSectionPage, DirectivePage)

    def test_submissions_live_only_in_a_unit_section(self):
        self.assertAllowedSubpageTypes(UnitSectionPage, {ImplementationPlanPage, ResultsReportPage})
        self.assertCanCreateAt(UnitSectionPage, ImplementationPlanPage)
        self.assertCanCreateAt(UnitSectionPage, ResultsReportPage)
        self.assertCanNotCreateAt(DirectiveIndexPage, ResultsReportPage)
        self.assertCanNotCreateAt(UnitIndexPage, ImplementationPlanPage)
        self.assertAllowedSubpageTypes(ResultsReportPage, set())

    def test_sections_are_made_with_their_unit_not_by_hand(self):
        self.assertAllowedParentPageTypes(UnitSectionPage, {UnitIndexPage})
        self.assertFalse(UnitSectionPage.is_creatable)
        self.assertFalse(SubmissionPage.is_creatable)

    def test_indexes_and_home_exist_once(self):
        assert HomePage.max_count == 1
        assert DirectiveIndexPage.max_count == 1
        assert UnitIndexPage.max_count == 1


def test_a_second_directive_index_cannot_be_added(content):
    home = HomePage.objects.get(locale__language_code="vi")
    assert not DirectiveIndexPage.can_create_at(home)
    assert not UnitIndexPage.can_create_at(home)
