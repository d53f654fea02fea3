"""Compile a consolidated report at scale: 40 units × 50 monthly tasks × 3 indicators
× 12 months.

Builds, in a fresh database (a temporary SQLite file, or DATABASE_URL when set),
one directive with 50 monthly tasks given to 40 units, each task with 3 indicators
(a count, a percentage, a yes/no), and for every unit and month a report answering
all 50 tasks with their figures, its difficulties and proposals (468 submissions,
23,400 task links, 70,200 figures), some of them late. Then prints the time and
query count of building the matrix with its indicator totals, and the PDF, XLSX and
DOCX render times, and a whole compile (matrix, excerpts and the three files).

    .venv/bin/python bench/reports.py [--runs 5]
"""

import argparse
import statistics
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness import counted, start_django

start_django()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directives.indicators.definitions import indicator_entry  # noqa: E402

UNITS, TASKS, MONTHS = 40, 50, 12
INDICATORS = [
    indicator_entry("HN", "Số hội nghị quán triệt", "hội nghị", target=2),
    indicator_entry("TYLE", "Tỷ lệ đảng viên tham gia", "%", "percent", target=90),
    indicator_entry("KH", "Đã ban hành kế hoạch", "", "yes_no", required=False),
]
YEAR = 2026
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def build():
    from directives.deadlines import period_containing
    from directives.models import (
        DirectivePage,
        DirectiveTask,
        DocumentType,
        IndicatorValue,
        ResultsReportPage,
        SubmissionPage,
        Unit,
        UnitCategory,
    )
    from tests.factories import site_tree

    _, index, _ = site_tree()
    kind = DocumentType.objects.create(name="Kế hoạch", code="KH")
    categories = list(UnitCategory.values)
    units = [
        Unit.objects.create(name=f"Đơn vị số {n:02d}", category=categories[n % len(categories)])
        for n in range(UNITS)
    ]
    directive = DirectivePage(
        title="Kế hoạch số 99-KH/TU",
        document_type=kind,
        number_symbol="99-KH/TU",
        issuer=units[0],
        issued_on=date(YEAR, 1, 1),
        subject="Kế hoạch thử tải",
    )
    index.add_child(instance=directive)
    directive.save_revision().publish()
    tasks = [
        DirectiveTask.objects.create(
            directive=directive,
            sort_order=t,
            number=str(t + 1),
            recurrence="monthly",
            description=f"Nhiệm vụ hằng tháng số {t + 1}: tuyên truyền, báo cáo kết quả",
            indicators=INDICATORS,
        )
        for t in range(TASKS)
    ]
    for task in tasks:
        task.units.set(units[1:])
        task.save()  # parental many-to-many links are written on save
    through = SubmissionPage.tasks.through
    for month in counted(range(1, MONTHS + 1), "Tháng"):
        period = period_containing("monthly", date(YEAR, month, 15))
        for n, unit in enumerate(units[1:]):
            late = (n + month) % 5 == 0
            sent_on = period.end + timedelta(days=3) if late else period.end - timedelta(days=2)
            page = ResultsReportPage(
                title=f"Báo cáo tháng {month:02d}/{YEAR} của {unit.name}",
                directive=directive,
                period_start=period.start,
                submitted_at=datetime.combine(sent_on, clock(9), VN),
                body=[("paragraph", "<p>" + "Kết quả tuyên truyền trong tháng. " * 40 + "</p>")],
                progress=("on_track", "at_risk", "needs_help")[(n + month) % 3],
                difficulties="Thiếu báo cáo viên ở các xã vùng xa. " * (n % 3),
                proposals="Đề nghị tăng cường tài liệu điện tử. " * (n % 2),
            )
            unit.section.add_child(instance=page)
            through.objects.bulk_create(
                [through(submissionpage_id=page.pk, directivetask_id=task.pk) for task in tasks]
            )
            IndicatorValue.objects.bulk_create(
                IndicatorValue(page_id=page.pk, task_id=task.pk, code=code, value=value)
                for task in tasks
                for code, value in (
                    ("HN", Decimal(1 + (n + month) % 7)),
                    ("TYLE", Decimal(60 + (n * 7 + month) % 41)),
                    ("KH", Decimal((n + month) % 2)),
                )
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return directive


def timed(function, runs):
    timings, result, queries = [], None, 0
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            result = function()
        timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return statistics.median(timings), max(timings), queries, result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    directive = build()
    print(
        f"database: {connection.vendor}; {UNITS} units × {TASKS} monthly tasks × {MONTHS} months, "
        f"{(UNITS - 1) * MONTHS} reports built in {time.perf_counter() - started:.0f} s"
    )
    from directives.compliance.matrix import build_matrix
    from directives.reports.rendering import ReportMeta, render_pdf, render_xlsx, results_excerpts
    from directives.reports.word import render_docx

    as_of = date(YEAR, MONTHS, 31)
    print(f"{'step':<42}{'median ms':>10}{'max ms':>10}{'queries':>9}")
    median, worst, queries, matrix = timed(
        lambda: build_matrix(directives=[directive], as_of=as_of), args.runs
    )
    label = f"matrix ({len(matrix.cells):,} cells, {len(matrix.indicators)} indicators)"
    print(f"{label:<42}{median:>10.1f}{worst:>10.1f}{queries:>9}")
    meta = ReportMeta(issued_on=as_of, period_start=date(YEAR, MONTHS, 1), period_end=as_of)
    median, worst, queries, meta.excerpts = timed(lambda: results_excerpts(matrix), args.runs)
    print(
        f"{f'excerpts ({len(meta.excerpts)} units)':<42}{median:>10.1f}{worst:>10.1f}{queries:>9}"
    )
    median, worst, queries, pdf = timed(lambda: render_pdf(matrix, meta), max(1, args.runs // 2))
    print(f"{'PDF render':<42}{median:>10.1f}{worst:>10.1f}{queries:>9}   ({len(pdf) // 1024} KiB)")
    median, worst, queries, xlsx = timed(lambda: render_xlsx(matrix, meta), args.runs)
    print(
        f"{'XLSX render':<42}{median:>10.1f}{worst:>10.1f}{queries:>9}   ({len(xlsx) // 1024} KiB)"
    )
    median, worst, queries, docx = timed(lambda: render_docx(matrix, meta), args.runs)
    print(
        f"{'DOCX render':<42}{median:>10.1f}{worst:>10.1f}{queries:>9}   ({len(docx) // 1024} KiB)"
    )

    def compile_all():
        built = build_matrix(directives=[directive], as_of=as_of)
        meta.excerpts = results_excerpts(built)
        return render_pdf(built, meta), render_xlsx(built, meta), render_docx(built, meta)

    median, worst, queries, _files = timed(compile_all, max(1, args.runs // 2))
    print(
        f"{'whole compile (matrix, PDF, XLSX, DOCX)':<42}{median:>10.1f}{worst:>10.1f}{queries:>9}"
    )


if __name__ == "__main__":
    main()
