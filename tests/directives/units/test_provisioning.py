from django.core.exceptions import ValidationError

from wagtail.models import GroupPagePermission

import pytest

from directives.models import Unit, UnitCategory, UnitContactEmail, UnitSectionPage
from tests import factories


@pytest.fixture
def tree(db):
    return factories.site_tree()


def test_adding_a_unit_gives_it_a_section_groups_and_a_collection(tree):
    unit = factories.unit("Huyện ủy Đạ Tẻh")
    unit.refresh_from_db()
    section = UnitSectionPage.objects.get(unit=unit)
    assert section.live and section.slug == "huyen-uy-da-teh"
    assert section.get_parent().specific == tree[2]
    assert unit.collection.name == "Huyện ủy Đạ Tẻh"
    editor_perms = set(
        GroupPagePermission.objects.filter(group=unit.editors_group, page=section).values_list(
            "permission__codename", flat=True
        )
    )
    approver_perms = set(
        GroupPagePermission.objects.filter(group=unit.approvers_group, page=section).values_list(
            "permission__codename", flat=True
        )
    )
    assert editor_perms == {"add_page", "change_page"}
    assert approver_perms == {"add_page", "change_page", "publish_page"}


def test_renaming_a_unit_renames_its_section_and_groups_without_duplicates(tree):
    unit = factories.unit("Huyện ủy Đạ Huoai")
    unit.name, unit.slug = "Huyện ủy Đạ Huoai (mới)", ""
    unit.save()
    unit.refresh_from_db()
    assert UnitSectionPage.objects.filter(unit=unit).count() == 1
    assert unit.section.title == "Huyện ủy Đạ Huoai (mới)"
    assert unit.section.slug == "huyen-uy-da-huoai-moi"
    assert unit.editors_group.name == "Huyện ủy Đạ Huoai (mới): biên tập"


def test_a_unit_added_before_the_portal_exists_gets_its_section_at_bootstrap(db):
    unit = factories.unit("Thành ủy Bảo Lộc")
    assert not UnitSectionPage.objects.filter(unit=unit).exists()
    from directives.bootstrap import bootstrap_portal

    bootstrap_portal()
    assert UnitSectionPage.objects.filter(unit=unit).exists()


def test_unit_names_are_stored_nfc(tree):
    import unicodedata

    unit = factories.unit(unicodedata.normalize("NFD", "Báo Lâm Đồng"), UnitCategory.PRESS)
    assert unit.name == "Báo Lâm Đồng"
    assert unit.slug == "bao-lam-dong"


@pytest.mark.parametrize(
    "address",
    ["not-an-email", "a@b", "Tên <x@example.org>", "x@example.org\nBcc: y@example.org", "x@@y.vn"],
)
def test_contact_emails_are_validated_one_address_each(tree, address):
    unit = factories.unit("Hội Nhà báo tỉnh", UnitCategory.ASSOCIATION)
    with pytest.raises(ValidationError):
        UnitContactEmail(unit=unit, email=address).full_clean()


def test_a_valid_contact_email_is_accepted(tree):
    unit = factories.unit("Hội Nhà báo tỉnh", UnitCategory.ASSOCIATION)
    UnitContactEmail(unit=unit, email="vanphong@hoinhabao.lamdong.vn").full_clean()


def test_the_unit_admin_lists_and_edits_units(client, tree, django_user_model):
    admin = django_user_model.objects.create_superuser(
        "quantri", "q@example.org", "mat-khau-quan-tri"
    )
    client.force_login(admin)
    factories.unit("Thành ủy Đà Lạt")
    listing = client.get("/admin/snippets/directives/unit/")
    assert listing.status_code == 200
    assert "Thành ủy Đà Lạt" in listing.content.decode()
    response = client.post(
        "/admin/snippets/directives/unit/add/",
        {
            "name": "Huyện ủy Lâm Hà",
            "short_name": "",
            "slug": "",
            "category": "local_committee",
            "is_active": "on",
            "sort_order": "0",
            "contact_emails-TOTAL_FORMS": "1",
            "contact_emails-INITIAL_FORMS": "0",
            "contact_emails-MIN_NUM_FORMS": "0",
            "contact_emails-MAX_NUM_FORMS": "1000",
            "contact_emails-0-email": "vanphong@lamha.vn",
            "contact_emails-0-note": "",
            "contact_emails-0-ORDER": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(name="Huyện ủy Lâm Hà")
    assert unit.slug == "huyen-uy-lam-ha"
    assert list(unit.contact_emails.values_list("email", flat=True)) == ["vanphong@lamha.vn"]
    assert unit.section.live
