"""Requests per second of the portal's pages beside Wagtail's bakerydemo, over HTTP.

Builds the portal at the size bench/pages.py builds (`--history 3`: three times its
history) in a fresh database, and bakerydemo with its own demo content in another;
serves each with gunicorn, 2 sync workers, production settings (DEBUG off, static
files collected, local-memory cache); then interleaves `wrk -c8` rounds, the pages
in a rotating order: bakerydemo's blog post (the reference), the Guidance (a
directive page), home, a unit section, search, and a unit editor's admin dashboard
(signed in: the session cookie is passed with -H). Prints, per page, the median
req/s over the rounds and its ratio to the reference's, wrk's median latency under
that load, and the median time and size of single requests one at a time.

The reference's source is fetched into a scratch folder and never committed; it runs
in a virtualenv of its own, on the Wagtail and Django the portal uses:

    git clone https://github.com/wagtail/bakerydemo /tmp/bakerydemo   # or any copy
    python3 -m venv /tmp/bakery-venv
    /tmp/bakery-venv/bin/pip install Django==5.2.19 wagtail==8.0.1 gunicorn \\
        "python-dotenv<2" "wagtail-font-awesome-svg<2" "django-debug-toolbar<5" \\
        "django-extensions<5" "django-csp<4" "dj-database-url<4" "psycopg[binary]<3.4" \\
        "whitenoise<7"

Then, on SQLite (files under --workdir) or PostgreSQL (the database named is dropped
and created again, and so is "<name>_bakery" beside it; names must start with "bench"):

    .venv/bin/python bench/http.py --bakerydemo /tmp/bakerydemo \\
        --bakery-python /tmp/bakery-venv/bin/python [--history 1] [--rounds 3] [--seconds 5]
    .venv/bin/python bench/http.py --bakerydemo /tmp/bakerydemo \\
        --bakery-python /tmp/bakery-venv/bin/python \\
        --database postgres://postgres@127.0.0.1:5432/bench_http [--history 3]

`--reuse` serves what an earlier run built in the same --workdir and databases;
`--build-only` builds what is not built yet and stops (several builds can run at
once, and be measured one after the other with --reuse).
Without --bakerydemo the portal is measured alone (ratios left out).
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Also puts this folder after the standard library's, whose http (not this file)
# the requests below import.
from harness import ROOT

PORTAL_PYTHON = sys.executable
WRK = "/usr/bin/wrk"
REFERENCE = ("bakerydemo blog post", None, "/blog/wild-yeast/")
# bench/pages.py's names for the pages measured here, in this order.
PAGES = ["Guidance", "home", "unit section", "search", "admin home (unit)"]
SECRET = "bench-http-only-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict, cwd: Path, log: Path) -> str:
    """Run to the end; its output, or exit with the log's tail."""
    done = subprocess.run(  # noqa: S603 (our own command line)
        args, env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    with log.open("a") as out:
        out.write(f"$ {' '.join(args)}\n{done.stdout}{done.stderr}\n")
    if done.returncode:
        sys.exit(f"failed: {' '.join(args)}\n{(done.stdout + done.stderr)[-3000:]}")
    return done.stdout


def fresh_postgres(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    if not name.startswith("bench"):
        sys.exit(f"refusing to drop {name!r}: bench/http.py's databases start with 'bench'")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Site:
    """One site served by gunicorn (2 sync workers) on a port of its own."""

    def __init__(self, name: str, python: str, cwd: Path, wsgi: str, env: dict, logs: Path):
        self.name, self.python, self.cwd, self.wsgi = name, python, cwd, wsgi
        self.env, self.logs = env, logs
        self.port = free_port()
        self.process = None

    def manage(self, *args: str) -> str:
        return run(
            [self.python, "manage.py", *args], self.env, self.cwd, self.logs / f"{self.name}.log"
        )

    def start(self) -> None:
        gunicorn = str(Path(self.python).with_name("gunicorn"))
        log = (self.logs / f"{self.name}-gunicorn.log").open("a")
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            [gunicorn, self.wsgi, "--workers", "2", "--worker-class", "sync"]
            + ["--bind", f"127.0.0.1:{self.port}", "--timeout", "120"]
            # Not the shared default path, which another gunicorn on this machine may hold.
            + ["--no-control-socket"],
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    sys.exit(f"{self.name}: gunicorn stopped, see {log.name}")
                time.sleep(0.3)
        sys.exit(f"{self.name}: gunicorn did not listen within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def portal_site(args, workdir: Path, logs: Path) -> tuple[Site, list, dict]:
    """The portal built by bench/pages.py; (site, pages, {username: cookie header})."""
    url = args.database or f"sqlite:///{workdir / f'portal-{args.history}x.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "false",
        "PORTAL_VAR_DIR": str(workdir / "portal-var"),
    }
    env.pop("REDIS_URL", None)  # the reference caches in local memory too
    site = Site("portal", PORTAL_PYTHON, ROOT, "portal.wsgi:application", env, logs)
    pages_py = [PORTAL_PYTHON, "bench/pages.py", "--history", str(args.history)]
    # bench/pages.py builds with the test settings: the same database, its own defaults.
    build_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    build_env.pop("PORTAL_VAR_DIR")
    built = workdir / f"portal-{args.history}x.built"
    if not (args.reuse and built.exists()):
        built.unlink(missing_ok=True)
        if args.database:
            fresh_postgres(args.database)
        else:
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        started = time.perf_counter()
        print(f"building the portal (history ×{args.history})…", flush=True)
        run([*pages_py, "--build-only"], build_env, ROOT, logs / "portal.log")
        built.write_text(url)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    pages = json.loads(run([*pages_py, "--reuse", "--urls"], build_env, ROOT, logs / "portal.log"))
    (workdir / "portal-var" / "static").mkdir(parents=True, exist_ok=True)
    site.manage("collectstatic", "--noinput", "--verbosity", "0")
    # Sessions in the database, made the way a sign-in makes them (bench/load.py).
    code = (
        "import json, os\n"
        "from django.conf import settings\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "cookies = {}\n"
        "for name in json.loads(os.environ['BENCH_USERS']):\n"
        "    user = get_user_model().objects.get(username=name)\n"
        "    session = SessionStore()\n"
        "    session[SESSION_KEY] = str(user.pk)\n"
        "    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]\n"
        "    session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "    session.create()\n"
        "    cookies[name] = settings.SESSION_COOKIE_NAME + '=' + session.session_key\n"
        "print(json.dumps(cookies))\n"
    )
    site.env["BENCH_USERS"] = json.dumps(sorted({user for _name, user, _url in pages}))
    cookies = json.loads(site.manage("shell", "-c", code).strip().splitlines()[-1])
    return site, pages, cookies


def bakery_site(args, workdir: Path, logs: Path) -> Site:
    source = Path(args.bakerydemo).resolve()
    url = f"{args.database}_bakery" if args.database else f"sqlite:///{workdir / 'bakery.sqlite3'}"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    site = Site("bakerydemo", args.bakery_python, source, "bakerydemo.wsgi:application", env, logs)
    built = workdir / "bakery.built"
    if not (args.reuse and built.exists()):
        built.unlink(missing_ok=True)
        if args.database:
            fresh_postgres(f"{args.database}_bakery")
        else:
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        print("building bakerydemo…", flush=True)
        site.manage("migrate", "--noinput")
        site.manage("load_initial_data")
        built.write_text(url)
    site.manage("collectstatic", "--noinput", "--verbosity", "0")
    return site


def single(port: int, path: str, cookie: str | None, count: int) -> tuple[float, int]:
    """(median ms, bytes) of `count` requests one at a time; exits on anything but 200."""
    import http.client

    headers = {"Cookie": cookie} if cookie else {}
    timings, size = [], 0
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        timings.append((time.perf_counter() - started) * 1000)
        connection.close()
        if response.status != 200:
            sys.exit(f"{path} answered {response.status} {response.getheader('Location') or ''}")
        size = len(body)
    return statistics.median(timings), size


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port: int, path: str, cookie: str | None, seconds: int) -> tuple[float, float]:
    """(requests per second, median latency in ms) of one wrk round, 8 connections."""
    # A slow page still counts: wrk's own 2 s timeout would drop its answers.
    command = [WRK, "-t2", "-c8", f"-d{seconds}s", "--timeout", "60s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 (our own command line)
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    if bad := re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", output):
        sys.exit(f"{path}: {bad.group(0)}\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", output).groups()
    return rate, float(value) * _UNITS[unit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="length of one wrk round")
    parser.add_argument("--single", type=int, default=20, help="single requests per page")
    parser.add_argument("--bakerydemo", help="a copy of wagtail/bakerydemo's source")
    parser.add_argument("--bakery-python", help="the python of bakerydemo's own virtualenv")
    parser.add_argument("--database", help="postgres://…/bench_…; SQLite files otherwise")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "bench-http"))
    parser.add_argument("--reuse", action="store_true", help="serve what was built before")
    parser.add_argument("--build-only", action="store_true", help="build both, measure nothing")
    args = parser.parse_args()
    if args.bakerydemo and not args.bakery_python:
        parser.error("--bakerydemo needs --bakery-python")
    workdir = Path(args.workdir) / ("postgresql" if args.database else "sqlite")
    logs = workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    if args.build_only:
        # Both sites' databases (e.g. two runs building at once), no serving.
        args.reuse = True
    portal, pages, cookies = portal_site(args, workdir, logs)
    by_name = {name: (user, url) for name, user, url in pages}
    targets = [(name, portal, cookies[by_name[name][0]], by_name[name][1]) for name in PAGES]
    sites = [portal]
    if args.bakerydemo:
        bakery = bakery_site(args, workdir, logs)
        targets.insert(0, (REFERENCE[0], bakery, None, REFERENCE[2]))
        sites.append(bakery)
    if args.build_only:
        return
    try:
        for site in sites:
            site.start()
        singles = {}
        for name, site, cookie, path in targets:
            single(site.port, path, cookie, 3)  # warm-up: caches, renditions, connections
            wrk(site.port, path, cookie, 1)
            singles[name] = single(site.port, path, cookie, args.single)
        rates = {name: [] for name, *_ in targets}
        latencies = {name: [] for name, *_ in targets}
        for number in range(args.rounds):
            shift = number % len(targets)
            for name, site, cookie, path in targets[shift:] + targets[:shift]:
                rate, latency = wrk(site.port, path, cookie, args.seconds)
                rates[name].append(rate)
                latencies[name].append(latency)
            print(f"  round {number + 1}/{args.rounds} done", flush=True)
    finally:
        for site in sites:
            site.stop()

    vendor = "postgresql" if args.database else "sqlite"
    print(
        f"database: {vendor}; history ×{args.history}; gunicorn 2 sync workers per site; "
        f"wrk -t2 -c8, {args.rounds} interleaved rounds of {args.seconds} s; "
        f"single: median of {args.single} requests one at a time"
    )
    reference = statistics.median(rates[REFERENCE[0]]) if args.bakerydemo else None
    print(f"{'page':<22}{'req/s':>8}{'× ref':>7}{'wrk p50 ms':>12}{'single ms':>11}{'KB':>6}")
    for name, *_ in targets:
        rate = statistics.median(rates[name])
        ratio = f"{rate / reference:.2f}" if reference else "–"
        single_ms, size = singles[name]
        print(
            f"{name:<22}{rate:>8.1f}{ratio:>7}{statistics.median(latencies[name]):>12.1f}"
            f"{single_ms:>11.1f}{size / 1024:>6.0f}"
        )


if __name__ == "__main__":
    main()
