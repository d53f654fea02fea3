"""Who a Party document is from and where (Hướng dẫn 36-HD/VPTW), and its "Nơi nhận"."""

import pytest

from directives.documents.party import Issuer, issuer_of, place_of, recipient_lines
from directives.models import Unit, UnitCategory


@pytest.mark.parametrize(
    ("name", "category", "issuer"),
    [
        (
            "Ban Tuyên giáo Tỉnh ủy",
            UnitCategory.PARTY_DEPARTMENT,
            ("TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO"),
        ),
        ("Ban Thường vụ Tỉnh ủy", UnitCategory.LEADERSHIP, ("", "TỈNH ỦY LÂM ĐỒNG")),
        (
            "Thành ủy Đà Lạt",
            UnitCategory.LOCAL_COMMITTEE,
            ("ĐẢNG BỘ TỈNH LÂM ĐỒNG", "THÀNH ỦY ĐÀ LẠT"),
        ),
        (
            "Đảng ủy Khối các cơ quan tỉnh",
            UnitCategory.AFFILIATED_COMMITTEE,
            ("ĐẢNG BỘ TỈNH LÂM ĐỒNG", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"),
        ),
        ("Báo Lâm Đồng", UnitCategory.PRESS, ("", "BÁO LÂM ĐỒNG")),
    ],
)
def test_the_header_names_the_superior_body_over_the_issuer(name, category, issuer):
    assert issuer_of(Unit(name=name, category=category)) == Issuer(*issuer)


def test_a_town_committee_writes_from_its_town_and_every_other_unit_from_the_province():
    assert place_of(Unit(name="Thành ủy Đà Lạt", category=UnitCategory.LOCAL_COMMITTEE)) == "Đà Lạt"
    assert place_of(Unit(name="Huyện ủy Đạ Tẻh", category=UnitCategory.LOCAL_COMMITTEE)) == "Đạ Tẻh"
    assert place_of(Unit(name="Báo Lâm Đồng", category=UnitCategory.PRESS)) == "Lâm Đồng"


def test_recipients_get_a_dash_commas_and_a_full_stop_unless_typed():
    assert recipient_lines(["Ban Tuyên giáo TW", "- Thường trực Tỉnh ủy,", "", "Lưu VT"]) == [
        "- Ban Tuyên giáo TW,",
        "- Thường trực Tỉnh ủy,",
        "- Lưu VT.",
    ]
