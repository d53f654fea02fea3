"""Compile a consolidated report at scale: 40 units × 50 monthly tasks × 12 months.

Builds, in a fresh database (a temporary SQLite file, or DATABASE_URL when set),
one directive with 50 monthly tasks given to 40 units, and for every unit and
month a report answering all 50 tasks (480 submissions, 24,000 task links),
some of them late. Then prints the time and query count of building the
matrix, and the PDF and XLSX render times.

    .venv/bin/python bench/reports.py [--runs 5]
"""

import argparse
import statistics
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from harness import start_django

start_django()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

UNITS, TASKS, MONTHS = 40, 50, 12
YEAR = 2026
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def build():
    from directives.deadlines import period_containing
    from directives.models import (
        DirectivePage,
        DirectiveTask,
        DocumentType,
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
        )
        for t in range(TASKS)
    ]
    for task in tasks:
        task.units.set(units[1:])
        task.save()  # parental many-to-many links are written on save
    through = SubmissionPage.tasks.through
    for month in range(1, MONTHS + 1):
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
            )
            unit.section.add_child(instance=page)
            through.objects.bulk_create(
                [through(submissionpage_id=page.pk, directivetask_id=task.pk) for task in tasks]
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

    as_of = date(YEAR, MONTHS, 31)
    print(f"{'step':<28}{'median ms':>10}{'max ms':>10}{'queries':>9}")
    median, worst, queries, matrix = timed(
        lambda: build_matrix(directives=[directive], as_of=as_of), args.runs
    )
    label = f"matrix ({len(matrix.cells):,} cells)"
    print(f"{label:<28}{median:>10.1f}{worst:>10.1f}{queries:>9}")
    meta = ReportMeta(issued_on=as_of, period_start=date(YEAR, MONTHS, 1), period_end=as_of)
    median, worst, queries, meta.excerpts = timed(lambda: results_excerpts(matrix), args.runs)
    print(
        f"{f'excerpts ({len(meta.excerpts)} units)':<28}{median:>10.1f}{worst:>10.1f}{queries:>9}"
    )
    median, worst, queries, pdf = timed(lambda: render_pdf(matrix, meta), max(1, args.runs // 2))
    print(f"{'PDF render':<28}{median:>10.1f}{worst:>10.1f}{queries:>9}   ({len(pdf) // 1024} KiB)")
    median, worst, queries, xlsx = timed(lambda: render_xlsx(matrix, meta), args.runs)
    print(
        f"{'XLSX render':<28}{median:>10.1f}{worst:>10.1f}{queries:>9}   ({len(xlsx) // 1024} KiB)"
    )


if __name__ == "__main__":
    main()
