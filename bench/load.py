"""Load on loopback: N signed-in readers and M editors publishing, for a bounded time.

Production processes (base settings): gunicorn, a Celery worker and beat, a
private Redis and an SMTP server counting every message, against a fresh
PostgreSQL database created for the run and dropped after it. Readers are
HTTP clients with their own session (home, a directive, a unit section,
search); editors write a report in their unit, submit it and have their leader
approve it (the workflow path, which records notices and index updates), in
this process. Afterwards it waits for the workers to drain and checks that
every published report is found by another unit's search and every notice was
accepted by the SMTP server exactly once (counted by Message-ID).

    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal .venv/bin/python bench/load.py \
        [--readers 8] [--editors 2] [--seconds 30]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
from harness import ROOT, percentile, start_django


def fresh_database() -> tuple[str, str]:
    """(url of a new database, its name), on the server DATABASE_URL names."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit("bench/load.py needs DATABASE_URL=postgres://… (the production database)")
    server, _db = base.rsplit("/", 1)
    name = f"portal_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", name


def drop_database(url: str, name: str) -> None:
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    url, name = fresh_database()
    os.environ["DATABASE_URL"] = url
    try:
        start_django()
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url, name)


def build(editors: int):
    from directives.models import UnitContactEmail
    from directives.units.provisioning import department_group_ensure
    from tests import factories

    _home, index, _units = factories.site_tree()
    department = factories.unit("Ban Tuyên giáo Tỉnh ủy", "party_department")
    units = [factories.unit(f"Huyện ủy thử tải {n}") for n in range(max(editors, 2))]
    for n, unit in enumerate(units):
        UnitContactEmail.objects.create(unit=unit, email=f"vanphong{n}@tai.test")
    plan = factories.directive(
        index,
        title="Kế hoạch 99-KH/TU thử tải",
        number_symbol="99-KH/TU",
        issuer=department,
        tasks=[{"units": [unit]} for unit in units],
    )
    tasks = list(plan.tasks.order_by("sort_order"))
    people = [
        (
            unit,
            task,
            factories.user_in(unit.editors_group, f"editor-{n}"),
            factories.user_in(unit.approvers_group, f"approver-{n}"),
        )
        for n, (unit, task) in enumerate(zip(units, tasks, strict=True))
    ]
    reviewer = factories.user_in(department_group_ensure(), "reviewer")
    return plan, people, reviewer


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def run(args) -> None:
    from django.conf import settings
    from django.db import connection, transaction

    import requests

    from directives.models import MailStatus, NoticeMail
    from search import query
    from search.models import PendingIndex
    from search.text import parse_query
    from tests.directives.submissions.test_workflow import act, submit
    from tests.integration.cluster import Cluster
    from tests.mailserver import free_port, wait_for

    plan, people, reviewer = build(args.editors)
    NoticeMail.objects.all().delete()  # the set-up's own
    readers = [reviewer] + [p[2] for p in people]
    cookies = [session_cookie(readers[n % len(readers)]) for n in range(args.readers)]
    paths = ["/", plan.url, people[0][0].section.url, "/search/?q=b%C3%A1o+c%C3%A1o"]

    logs = Path(tempfile.mkdtemp(prefix="portal-load-"))
    port = free_port()
    cluster = Cluster(
        logs,
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        OUTBOX_SWEEP_SECONDS="5",
        STATIC_ROOT=str(logs / "static"),
    )
    gunicorn = None
    try:
        cluster.start_worker("worker")
        cluster.start_beat()
        # Production serves hashed static files (whitenoise's manifest): collect them.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=cluster.env,
            cwd=ROOT,
            check=True,
        )
        gunicorn = cluster._spawn(
            "gunicorn",
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
            ],
        )
        cluster._wait_port(port, timeout=60)
        base = f"http://127.0.0.1:{port}"
        for path in paths:  # warm up, and fail early on a broken page
            response = requests.get(base + path, cookies={"sessionid": cookies[0]}, timeout=30)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code} before the load started")

        deadline = time.monotonic() + args.seconds
        timings: list[float] = []
        errors: list[str] = []
        published: list[tuple[str, object]] = []
        lock = threading.Lock()

        def reader(cookie: str) -> None:
            with requests.Session() as client:
                client.cookies.set("sessionid", cookie)
                while time.monotonic() < deadline:
                    path = random.choice(paths)  # noqa: S311
                    started = time.perf_counter()
                    try:
                        status = client.get(base + path, timeout=30).status_code
                    except requests.RequestException as error:
                        status = type(error).__name__
                    elapsed = time.perf_counter() - started
                    with lock:
                        timings.append(elapsed)
                        if status != 200:
                            errors.append(f"{path}: {status}")

        def editor(unit, task, editor_user, approver) -> None:
            from tests import factories

            try:
                while time.monotonic() < deadline:
                    title = f"Báo cáo thử tải {uuid.uuid4().hex[:6]}"
                    with transaction.atomic():
                        page = factories.submission(
                            unit, plan, title=title, tasks=[task], report=True, published=False
                        )
                    submit(page, editor_user)
                    act(page, approver, "approve")
                    with lock:
                        published.append((title, unit))
            except Exception as error:  # noqa: BLE001 (counted and printed)
                with lock:
                    errors.append(f"editor: {error!r}")
            finally:
                connection.close()

        threads = [threading.Thread(target=reader, args=(c,)) for c in cookies]
        threads += [threading.Thread(target=editor, args=p) for p in people[: args.editors]]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

        drain_started = time.monotonic()
        wait_for(
            lambda: (
                not NoticeMail.objects.exclude(status=MailStatus.SENT).exists()
                and not PendingIndex.objects.exists()
            ),
            timeout=300,
            what="the worker to send every notice and index every page",
        )
        drained = time.monotonic() - drain_started
        time.sleep(2 * 5)  # two more sweeps: nothing may be sent twice

        others = {unit.pk: p[2] for p in people for unit in [p[0]]}
        missing = []
        for title, unit in published:
            other = next(user for pk, user in others.items() if pk != unit.pk)
            hits = query.search(other, parse_query(f'"{title}"'), query.Filters()).hits
            if title not in [hit.entry.title for hit in hits]:
                missing.append(title)
        counts = cluster.inbox.by_message_id()
        recorded = set(NoticeMail.objects.values_list("message_id", flat=True))
        doubled = {mid: n for mid, n in counts.items() if n != 1}
        lost = recorded - set(counts)
        strangers = set(counts) - recorded

        ordered = sorted(timings)
        print(
            f"{args.readers} readers, {args.editors} editors, {elapsed:.0f} s "
            f"(os.cpu_count()={os.cpu_count()}, load average {os.getloadavg()[0]:.1f})"
        )
        print(
            f"reads: {len(timings)} requests, {len(timings) / elapsed:.1f} requests/s, "
            f"{len(errors)} errors, p50 {percentile(ordered, 0.50) * 1000:.0f} ms, "
            f"p99 {percentile(ordered, 0.99) * 1000:.0f} ms"
        )
        print(
            f"writes: {len(published)} reports submitted and approved "
            f"({len(published) / elapsed * 60:.1f}/min); worker drained {drained:.0f} s after"
        )
        print(
            f"search: {len(published) - len(missing)}/{len(published)} published reports found "
            f"by another unit"
        )
        print(
            f"notices: {len(recorded)} recorded, {sum(counts.values())} accepted by SMTP, "
            f"{len(doubled)} doubled, {len(lost)} lost, {len(strangers)} unknown"
        )
        for line in errors[:10]:
            print("error:", line)
        ok = not (missing or doubled or lost or strangers or errors)
        print("OK" if ok else f"FAILED (logs in {logs})")
        if not ok:
            sys.exit(1)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        cluster.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
