"""The demo's own directive and addresses (`bootstrap_portal --demo`).

The real content's deadlines are all in 2022, so on the demo every screen would be
red and every rate 0 %, and nobody could watch the loop move. The demo adds one
clearly marked directive whose tasks stand, relative to the day the demo is loaded,
in every state the loop knows: not yet due, due within 7 days, overdue, sent on
time, sent late, returned for revision, accepted. Units and people get addresses on
a reserved domain (RFC 2606 `.example`), so the notices are written (to `var/mail/`
under `make run`) and can be read. The real content is left untouched.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from directives.indicators.definitions import indicator_entry
from directives.locales import in_source_locale
from directives.models import (
    DirectivePage,
    DirectiveTask,
    DocumentType,
    IndicatorValue,
    ResultsReportPage,
    ReviewEvent,
    SubmissionPage,
    Unit,
)
from directives.models.units import UnitContactEmail
from directives.submissions import services

DEMO_MARK = "[DEMO]"
DEMO_DOMAIN = "congchidao.example"
DEMO_NUMBER = "99-KH/BTGTU"

# (task number, days from today to the deadline, description)
DEMO_TASKS = (
    ("1", 25, "Xây dựng kế hoạch tuyên truyền kỷ niệm ngày thành lập Đảng bộ tỉnh."),
    ("2", 5, "Tổ chức hội nghị quán triệt cho cán bộ chủ chốt."),
    ("3", -10, "Báo cáo kết quả tuyên truyền trên báo, đài, cổng thông tin."),
    ("4", -20, "Báo cáo sơ kết công tác tuyên truyền quý."),
)
# (unit name, task number, days from today it was sent, what the department did)
DEMO_REPORTS = (
    ("Thành ủy Đà Lạt", "4", -25, None),  # on time, awaiting review
    ("Thành ủy Bảo Lộc", "4", -15, None),  # late, awaiting review
    ("Huyện ủy Lạc Dương", "4", -22, ReviewEvent.RETURNED),
    ("Báo Lâm Đồng", "4", -21, ReviewEvent.ACCEPTED),
    ("Thành ủy Đà Lạt", "3", -12, ReviewEvent.ACCEPTED),
)
RETURN_REASON = f"{DEMO_MARK} Bổ sung số liệu theo từng xã, phường."
# Indicators (chỉ tiêu) of the demo tasks: (code, name, unit of measure, kind, target).
# On the demo plan only, never on the Guidance: a real document's tasks are versioned
# with it, and indicators added there would read as the department's own.
DEMO_INDICATORS = {
    "1": (("KH", "Đã ban hành kế hoạch thực hiện", "", "yes_no", None),),
    "2": (
        ("HN", "Số hội nghị quán triệt", "hội nghị", "whole", 2),
        ("LUOT", "Số lượt cán bộ, đảng viên tham dự", "lượt người", "whole", None),
    ),
    "3": (("TIN", "Số tin, bài tuyên truyền", "tin, bài", "whole", 20),),
    "4": (
        ("TIN", "Số tin, bài tuyên truyền", "tin, bài", "whole", None),
        ("TYLE", "Tỷ lệ chi bộ tổ chức học tập", "%", "percent", 90),
    ),
}
# What each demo report says besides its text: figures by code, and its three fields.
DEMO_FIGURES = {
    ("Thành ủy Đà Lạt", "4"): ({"TIN": 46, "TYLE": "96.5"}, "on_track"),
    ("Thành ủy Bảo Lộc", "4"): ({"TIN": 31, "TYLE": 88}, "at_risk"),
    ("Huyện ủy Lạc Dương", "4"): ({"TIN": 12, "TYLE": 70}, "needs_help"),
    ("Báo Lâm Đồng", "4"): ({"TIN": 128, "TYLE": 100}, "on_track"),
    ("Thành ủy Đà Lạt", "3"): ({"TIN": 25}, "on_track"),
}
DEMO_NOTES = {
    "on_track": ("", ""),
    "at_risk": (
        "Một số chi bộ ở xã xa trung tâm chưa tổ chức được buổi học tập tập trung.",
        "Đề nghị Ban Tuyên giáo cung cấp tài liệu điện tử để chi bộ tự học.",
    ),
    "needs_help": (
        "Thiếu báo cáo viên; đường sá mùa mưa đi lại khó khăn.",
        "Đề nghị tăng cường báo cáo viên cấp tỉnh về hỗ trợ huyện.",
    ),
}


def demo_indicators(number: str) -> list[tuple[str, dict]]:
    return [
        indicator_entry(code, name, unit, kind, target=target)
        for code, name, unit, kind, target in DEMO_INDICATORS.get(number, ())
    ]


def demo_address(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


def ensure_demo_addresses() -> None:
    """Demo accounts and units without an address get one on the reserved domain."""
    for user in get_user_model().objects.filter(email=""):
        user.email = demo_address(user.get_username())
        user.save(update_fields=["email"])
    for unit in Unit.objects.filter(contact_emails__isnull=True):
        UnitContactEmail.objects.create(unit=unit, email=demo_address(unit.slug))


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=timezone.get_current_timezone())


def ensure_demo_directive(*, index, reviewer, today: date, publish) -> DirectivePage | None:
    """The demo directive, issued 40 days before `today`, with its reports; None when
    it exists already (loaded on an earlier day: its states then stand as they were)."""
    if DirectivePage.objects.filter(in_source_locale(), number_symbol=DEMO_NUMBER).exists():
        return None
    department = Unit.objects.get(name="Ban Tuyên giáo Tỉnh ủy")
    units = list(
        Unit.objects.filter(name__in={name for name, *_ in DEMO_REPORTS} | {"Thành ủy Bảo Lộc"})
    )
    directive = DirectivePage(
        title=f"{DEMO_MARK} Kế hoạch tuyên truyền mẫu để trình diễn cổng",
        slug="demo-ke-hoach-tuyen-truyen-mau",
        document_type=DocumentType.objects.get(name="Kế hoạch"),
        number_symbol=DEMO_NUMBER,
        issuer=department,
        issued_on=today - timedelta(days=40),
        subject="Trình diễn vòng báo cáo: văn bản mẫu, không phải văn bản thật.",
        body=[
            (
                "paragraph",
                "<p>Văn bản mẫu (DEMO) để trình diễn cổng: các nhiệm vụ có hạn tính từ "
                "ngày nạp dữ liệu mẫu, để thấy đủ các trạng thái. Không phải văn bản thật "
                "của Ban Tuyên giáo.</p>",
            )
        ],
    )
    for order, (number, days, description) in enumerate(DEMO_TASKS):
        task = DirectiveTask(
            sort_order=order,
            number=number,
            description=f"{DEMO_MARK} {description}",
            due_date=today + timedelta(days=days),
            deadline_text=f"Hoàn thành trước ngày {(today + timedelta(days=days)):%d/%m/%Y}",
            report_required=True,
            indicators=demo_indicators(number),
        )
        task.units = units
        directive.tasks.add(task)
    publish(index, directive)
    tasks = {task.number: task for task in directive.tasks.all()}
    by_name = {unit.name: unit for unit in units}
    for unit_name, number, days, decision in DEMO_REPORTS:
        unit = by_name[unit_name]
        figures, progress = DEMO_FIGURES[(unit_name, number)]
        difficulties, proposals = DEMO_NOTES[progress]
        report = ResultsReportPage(
            title=f"{DEMO_MARK} Báo cáo nhiệm vụ {number} của {unit.display_name}",
            directive=directive,
            body=[("paragraph", "<p>Báo cáo mẫu (DEMO), không phải văn bản thật.</p>")],
            signer_name=f"{DEMO_MARK} Người ký mẫu",
            progress=progress,
            highlights=f"{DEMO_MARK} Kết quả nổi bật mẫu của {unit.display_name}.",
            difficulties=difficulties and f"{DEMO_MARK} {difficulties}",
            proposals=proposals and f"{DEMO_MARK} {proposals}",
        )
        report.tasks = [tasks[number]]
        report.indicator_values = [
            IndicatorValue(task=tasks[number], code=code, value=Decimal(value))
            for code, value in figures.items()
        ]
        publish(unit.section, report)
        SubmissionPage.objects.filter(pk=report.pk).update(
            submitted_at=_at(today + timedelta(days=days))
        )
        if decision is not None:
            services.submission_review(
                page=report,
                user=reviewer,
                event=decision,
                reason=RETURN_REASON if decision == ReviewEvent.RETURNED else "",
            )
    return directive
