"""Render home, a directive page, a unit section and the admin dashboards with a
realistic amount of data.

Builds, in a fresh database (a temporary SQLite file, or DATABASE_URL when set),
1,000 directives with 3 tasks each, 40 units and 2,000 submissions, then prints
median and p95 render time and the query count of each page (the admin home as
a unit editor and as a department reviewer included).

    .venv/bin/python bench/pages.py [--runs 30]
"""

import argparse
import time
from datetime import date, timedelta

from harness import median_p95, start_django

start_django()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

UNITS, DIRECTIVES, SUBMISSIONS = 40, 1_000, 2_000


def build():
    from directives.models import (
        DirectivePage,
        DirectiveTask,
        DocumentType,
        ImplementationPlanPage,
        ResultsReportPage,
        Unit,
        UnitCategory,
    )
    from tests.factories import site_tree

    _, directive_index, _ = site_tree()
    kind = DocumentType.objects.create(name="Kế hoạch", code="KH")
    units = [
        Unit.objects.create(name=f"Huyện ủy số {n:02d}", category=UnitCategory.LOCAL_COMMITTEE)
        for n in range(UNITS)
    ]
    issuer = units[0]
    directives = []
    start = date(2022, 1, 1)
    for n in range(DIRECTIVES):
        page = DirectivePage(
            title=f"Kế hoạch số {n}-KH/TU về công tác tuyên truyền",
            document_type=kind,
            number_symbol=f"{n}-KH/TU",
            issuer=issuer,
            issued_on=start + timedelta(days=n % 1500),
            subject="Về tăng cường công tác chỉ đạo, quản lý báo chí " * 3,
            body=[("paragraph", "<p>" + "Nội dung văn bản chỉ đạo. " * 60 + "</p>")],
        )
        directive_index.add_child(instance=page)
        for t in range(3):
            task = DirectiveTask.objects.create(
                directive=page,
                sort_order=t,
                number=str(t + 1),
                description=f"Nhiệm vụ {t + 1} của văn bản {n}",
                due_date=page.issued_on + timedelta(days=60 + 30 * t),
            )
            task.units.set(units[(n + t) % UNITS :: 7] if t < 2 else units[1:])
        directives.append(page)
    now = timezone.now()
    for n in range(SUBMISSIONS):
        unit = units[n % UNITS]
        directive = directives[n % DIRECTIVES]
        page_class = ResultsReportPage if n % 2 else ImplementationPlanPage
        page = page_class(
            title=f"Báo cáo {n} của {unit.name}",
            directive=directive,
            number_symbol=f"{n}-BC/HU",
            submitted_at=now - timedelta(days=n % 400),
        )
        unit.section.add_child(instance=page)
        page.tasks.set(list(directive.tasks.all()[:2]))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    busiest = max(units[1:], key=lambda u: u.submissions.count())
    return directives[-1].url, busiest


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm-up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return (*median_p95(timings), len(queries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    settings.DEBUG = False
    started = time.perf_counter()
    directive_url, busiest = build()
    print(
        f"database: {connection.vendor}; built {DIRECTIVES} directives, {UNITS} units, "
        f"{SUBMISSIONS} submissions in {time.perf_counter() - started:.0f} s"
    )
    from directives.services import department_group_ensure

    users = get_user_model().objects
    reader = users.create_user("bench", password="bench-password-1")
    editor = users.create_user("bench-editor", password="bench-password-1")
    editor.groups.add(busiest.editors_group)
    reviewer = users.create_user("bench-reviewer", password="bench-password-1")
    reviewer.groups.add(department_group_ensure())
    print(f"{'page':<22}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for name, user, url in (
        ("home", reader, "/"),
        ("directive", reader, directive_url),
        ("unit section", reader, busiest.section.url),
        ("admin home (unit)", editor, "/admin/"),
        ("admin home (dept.)", reviewer, "/admin/"),
    ):
        client = Client()
        client.force_login(user)
        median, p95, queries = measure(client, url, args.runs)
        print(f"{name:<22}{median:>10.1f}{p95:>10.1f}{queries:>9}")


if __name__ == "__main__":
    main()
