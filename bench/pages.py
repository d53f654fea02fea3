"""Render the pages people open, on a realistic amount of data and on 3× its history.

Builds, in a fresh database (a temporary SQLite file, or DATABASE_URL when set), the
real content (the Guidance and its units) plus, per unit of history: 1,000 directives
issued over three years up to today, 3 tasks each assigned to their share of 40 units
(two tasks to about 6 units, the report task to every unit but the issuer: 45,750
task–unit links), 2,000 submissions answering them, and a monthly task with 12 periods
of reports. Then prints, per page, the median and p95 time of a request through the
test client, its query count and its HTML size, and the time and queries of a first
publication. `--history 3` triples everything but the number of units: a page whose
time or size grows with it is a defect.

    .venv/bin/python bench/pages.py [--runs 30] [--history 1] [--keep var/bench-1x.sqlite3]
    .venv/bin/python bench/pages.py --history 3 --keep var/bench-3x.sqlite3
    # the same data again (e.g. another branch's code), without building it again:
    cp var/bench-3x.sqlite3 /tmp/b.sqlite3
    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python bench/pages.py --reuse --history 3

`--build-only` builds and measures nothing; `--urls` prints the pages to measure as
JSON (name, username, address) and measures nothing: bench/http.py uses both.
"""

import argparse
import time
from datetime import timedelta

from harness import counted, median_p95, start_django

start_django()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

UNITS, DIRECTIVES, SUBMISSIONS, MONTHS = 40, 1_000, 2_000, 12
# Three years of directives per unit of history, the newest issued today.
DAYS_PER_DIRECTIVE = 1.1
PASSWORD = "bench-password-1"


def build(history: int) -> dict:
    from directives.bootstrap import bootstrap_portal
    from directives.deadlines import Recurrence, period_containing
    from directives.locales import in_source_locale
    from directives.models import (
        DirectiveIndexPage,
        DirectivePage,
        DirectiveTask,
        DocumentType,
        ImplementationPlanPage,
        ResultsReportPage,
        Unit,
        UnitCategory,
    )
    from directives.units.provisioning import department_group_ensure

    bootstrap_portal()
    directive_index = DirectiveIndexPage.objects.get(in_source_locale())
    kind = DocumentType.objects.get_or_create(name="Kế hoạch", defaults={"code": "KH"})[0]
    units = list(Unit.objects.order_by("pk"))
    for n in range(len(units), UNITS):
        units.append(
            Unit.objects.create(name=f"Huyện ủy số {n:02d}", category=UnitCategory.LOCAL_COMMITTEE)
        )
    units = units[:UNITS]
    issuer = units[0]
    today = timezone.localdate()
    now = timezone.now()
    count = DIRECTIVES * history
    directives = []
    for n in counted(range(count), "Văn bản"):
        issued_on = today - timedelta(days=int((count - 1 - n) * DAYS_PER_DIRECTIVE))
        page = DirectivePage(
            title=f"Kế hoạch số {n}-KH/TU về công tác tuyên truyền",
            document_type=kind,
            number_symbol=f"{1000 + n}-KH/TU",
            issuer=issuer,
            issued_on=issued_on,
            subject="Về tăng cường công tác chỉ đạo, quản lý báo chí " * 3,
            body=[("paragraph", "<p>" + "Nội dung văn bản chỉ đạo. " * 60 + "</p>")],
        )
        for t in range(3):
            # The ParentalManyToManyField is written when the page saves: set it first.
            task = DirectiveTask(
                sort_order=t,
                number=str(t + 1),
                description=f"Nhiệm vụ {t + 1} của văn bản {n}",
                due_date=issued_on + timedelta(days=60 + 30 * t),
            )
            task.units = units[1 + (n + t) % (UNITS - 1) :: 7] if t < 2 else units[1:]
            page.tasks.add(task)
        directive_index.add_child(instance=page)
        directives.append(page)
    tasks = {
        page.pk: list(DirectiveTask.objects.filter(directive=page).order_by("sort_order"))
        for page in directives
    }
    submissions = SUBMISSIONS * history
    for n in counted(range(submissions), "Báo cáo"):
        directive = directives[n % count]
        unit = units[1 + (n * 7) % (UNITS - 1)]
        page_class = ResultsReportPage if n % 2 else ImplementationPlanPage
        page = page_class(
            title=f"Báo cáo {n} của {unit.name}",
            directive=directive,
            number_symbol=f"{n}-BC/HU",
            submitted_at=min(
                now,
                timezone.make_aware(
                    timezone.datetime.combine(directive.issued_on, timezone.datetime.min.time())
                )
                + timedelta(days=20 + n % 120),
            ),
            tasks=tasks[directive.pk][1:] if n % 2 else tasks[directive.pk][:1],
        )
        unit.section.add_child(instance=page)
    # A monthly report every unit owes, answered for each past month by most units.
    months = MONTHS * history
    first_month = today.replace(day=1) - timedelta(days=31 * (months - 1))
    monthly = DirectivePage(
        title="Kế hoạch báo cáo định kỳ hằng tháng",
        document_type=kind,
        number_symbol="999-KH/TU",
        issuer=issuer,
        issued_on=first_month,
        subject="Về chế độ báo cáo hằng tháng",
        body=[("paragraph", "<p>Báo cáo hằng tháng.</p>")],
    )
    task = DirectiveTask(
        sort_order=0,
        number="1",
        description="Báo cáo kết quả hằng tháng",
        recurrence=Recurrence.MONTHLY,
        report_required=True,
    )
    task.units = units[1:]
    monthly.tasks.add(task)
    directive_index.add_child(instance=monthly)
    monthly_task = DirectiveTask.objects.get(directive=monthly)
    for m in range(months):
        period = period_containing(Recurrence.MONTHLY, first_month + timedelta(days=31 * m))
        for unit in units[1:31]:
            unit.section.add_child(
                instance=ResultsReportPage(
                    title=f"Báo cáo tháng {period.label} của {unit.name}",
                    directive=monthly,
                    number_symbol=f"{m}-BCT/{unit.pk}",
                    period_start=period.start,
                    submitted_at=min(
                        now,
                        timezone.make_aware(
                            timezone.datetime.combine(period.end, timezone.datetime.min.time())
                        ),
                    ),
                    tasks=[monthly_task],
                )
            )
    from django.core.management import call_command

    call_command("search_rebuild", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    busiest = max(units[1:], key=lambda u: u.submissions.count())
    users = get_user_model().objects
    users.create_user("bench", password=PASSWORD)
    editor = users.create_user("bench-editor", password=PASSWORD)
    editor.groups.add(busiest.editors_group)
    reviewer = users.create_user("bench-reviewer", password=PASSWORD)
    reviewer.groups.add(department_group_ensure())


def describe() -> dict:
    """The pages to measure and what publishing needs, read back from a built database."""
    from directives.locales import in_source_locale
    from directives.models import DirectiveIndexPage, DirectivePage, DocumentType, Unit

    users = get_user_model().objects
    reader, editor, reviewer = (
        users.get(username=name) for name in ("bench", "bench-editor", "bench-reviewer")
    )
    busiest = Unit.objects.get(editors_group__in=editor.groups.all())
    guidance = DirectivePage.objects.get(
        in_source_locale(), slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )
    newest = (
        DirectivePage.objects.filter(in_source_locale(), number_symbol__endswith="-KH/TU")
        .exclude(number_symbol="999-KH/TU")
        .latest("issued_on", "pk")
    )
    return {
        "pages": [
            ("home", reader, "/"),
            ("Guidance", reader, guidance.url),
            ("directive", reader, newest.url),
            ("unit section", reader, busiest.section.url),
            ("search", reader, "/search/?q=b%C3%A1o+ch%C3%AD"),
            ("admin home (unit)", editor, "/admin/"),
            ("admin home (dept.)", reviewer, "/admin/"),
            ("leader's board", reviewer, "/admin/board/"),
        ],
        "directive_index": DirectiveIndexPage.objects.get(in_source_locale()),
        "kind": DocumentType.objects.get(name="Kế hoạch"),
        "units": list(Unit.objects.order_by("pk")[:UNITS]),
        "links": task_unit_links(),
    }


def task_unit_links() -> int:
    from directives.models import DirectiveTask

    return DirectiveTask.units.through.objects.count()


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int, int]:
    client.get(url)  # warm-up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return (*median_p95(timings), len(queries), len(response.content))


def measure_publish(built: dict, runs: int) -> tuple[float, float, int]:
    """A first publication of a directive with 3 tasks, as the editor's Publish does it:
    a draft revision, then its publication, in one transaction (its indexing included)."""
    from directives.models import DirectivePage, DirectiveTask

    units, timings, counts = built["units"], [], []
    today = timezone.localdate()
    for n in range(runs):
        page = DirectivePage(
            title=f"Kế hoạch đo thời gian xuất bản {n}",
            document_type=built["kind"],
            number_symbol=f"{n}-{time.monotonic_ns()}-KH/BENCH",
            issuer=units[0],
            issued_on=today,
            subject="Về tăng cường công tác chỉ đạo, quản lý báo chí",
            body=[("paragraph", "<p>" + "Nội dung văn bản chỉ đạo. " * 60 + "</p>")],
            live=False,
        )
        for t in range(3):
            task = DirectiveTask(
                sort_order=t,
                number=str(t + 1),
                description=f"Nhiệm vụ {t + 1}",
                due_date=today + timedelta(days=30),
            )
            task.units = units[1:8]
            page.tasks.add(task)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            built["directive_index"].add_child(instance=page)
            page.save_revision().publish()
        timings.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
    return (*median_p95(timings), max(counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--history", type=int, default=1, help="multiply the history by this")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database DATABASE_URL points at, built before (with --keep)",
    )
    parser.add_argument("--keep", help="copy the SQLite database once built to this path")
    parser.add_argument("--build-only", action="store_true", help="build, measure nothing")
    parser.add_argument("--urls", action="store_true", help="print the pages as JSON, no more")
    args = parser.parse_args()
    settings.DEBUG = False
    started = time.perf_counter()
    if not args.reuse:
        build(args.history)
    if args.keep:
        import shutil

        shutil.copyfile(settings.DATABASES["default"]["NAME"], args.keep)
    built = describe()
    if args.urls:
        import json

        print(json.dumps([(name, user.username, url) for name, user, url in built["pages"]]))
        return
    if args.build_only:
        print(
            f"built: history ×{args.history}, {built['links']} task–unit links, "
            f"in {time.perf_counter() - started:.0f} s"
        )
        return
    print(
        f"database: {connection.vendor}; history ×{args.history}: "
        f"{DIRECTIVES * args.history} directives, {UNITS} units, {built['links']} task–unit "
        f"links, {SUBMISSIONS * args.history} submissions + {MONTHS * args.history} months "
        f"of a monthly report; ready in {time.perf_counter() - started:.0f} s"
    )
    print(f"{'page':<22}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'KB':>8}")
    for name, user, url in built["pages"]:
        client = Client()
        client.force_login(user)
        median, p95, queries, size = measure(client, url, args.runs)
        print(f"{name:<22}{median:>10.1f}{p95:>10.1f}{queries:>9}{size / 1024:>8.0f}")
    median, p95, queries = measure_publish(built, min(args.runs, 10))
    print(f"{'publish (first)':<22}{median:>10.1f}{p95:>10.1f}{queries:>9}{'':>8}")


if __name__ == "__main__":
    main()
