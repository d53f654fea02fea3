"""Who a Party document says it is from, and where: the header lines of Hướng dẫn
36-HD/VPTW for each kind of unit, and the "Nơi nhận" lines as typed on paper.

A body of the Tỉnh ủy (a Ban) prints the Tỉnh ủy above its own name ("TỈNH ỦY LÂM ĐỒNG"
over "BAN TUYÊN GIÁO"); a district or affiliated Party committee prints the provincial
Party organisation above it; the Tỉnh ủy's own standing committee signs as the Tỉnh ủy.
Units outside the Party's apparatus (departments, associations, the press) print their
name alone.
"""

from dataclasses import dataclass

from directives.models import Unit, UnitCategory
from directives.models.reports import ISSUING_PARENT
from directives.reports.rendering import ReportMeta

PROVINCIAL_PARTY = "ĐẢNG BỘ TỈNH LÂM ĐỒNG"
# "Lâm Đồng", as the consolidated report's header says it.
PROVINCE = ReportMeta.place
UNDER_THE_PROVINCIAL_COMMITTEE = (UnitCategory.LOCAL_COMMITTEE, UnitCategory.AFFILIATED_COMMITTEE)
# "Ban Tuyên giáo Tỉnh ủy" is "BAN TUYÊN GIÁO" under "TỈNH ỦY LÂM ĐỒNG".
OF_THE_COMMITTEE = " tỉnh ủy"
LOCAL_PREFIXES = ("thành ủy ", "huyện ủy ", "thị ủy ")


@dataclass(frozen=True)
class Issuer:
    parent: str
    body: str


def issuer_of(unit: Unit) -> Issuer:
    """The header's left block: the superior body (or "") over the issuing body."""
    name = " ".join(unit.name.split())
    if unit.category == UnitCategory.LEADERSHIP:
        return Issuer(parent="", body=ISSUING_PARENT)
    if unit.category == UnitCategory.PARTY_DEPARTMENT:
        if name.casefold().endswith(OF_THE_COMMITTEE):
            name = name[: -len(OF_THE_COMMITTEE)]
        return Issuer(parent=ISSUING_PARENT, body=name.upper())
    if unit.category in UNDER_THE_PROVINCIAL_COMMITTEE:
        return Issuer(parent=PROVINCIAL_PARTY, body=name.upper())
    return Issuer(parent="", body=name.upper())


def place_of(unit: Unit) -> str:
    """Where a unit writes from: a town's or district's committee from its own town
    ("Thành ủy Đà Lạt" writes "Đà Lạt, ngày …"), every other unit from the province."""
    name = " ".join(unit.name.split())
    if unit.category == UnitCategory.LOCAL_COMMITTEE:
        for prefix in LOCAL_PREFIXES:
            if name.casefold().startswith(prefix):
                return name[len(prefix) :]
    return PROVINCE


def recipient_lines(lines: list[str]) -> list[str]:
    """'- Ban Tuyên giáo TW,' … '- Lưu VPTU.': a dash before each line, a comma after
    every line but the last, a full stop after the last, unless already typed."""
    lines = [" ".join(line.split()) for line in lines]
    lines = [line.lstrip("-–• ").strip() for line in lines if line.strip("-–• ")]
    written = []
    for position, line in enumerate(lines, start=1):
        end = "." if position == len(lines) else ","
        if line[-1] not in ",.;:":
            line += end
        written.append(f"- {line}")
    return written
