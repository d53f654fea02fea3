"""Real processes for the fault tests: a private Redis, Celery workers and beat
running the production settings against the test database, and the scripted
SMTP server (tests/mailserver.py). Everything started here is stopped by
`Cluster.close()`, killed if it does not stop."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app
from tests.mailserver import MailServer, free_port

# Short enough that the tests take seconds, not the production minutes.
FAST = {
    "CELERY_RETRY_BACKOFF_SECONDS": "1",
    "OUTBOX_SWEEP_SECONDS": "2",
    "SEND_CLAIM_TIMEOUT_SECONDS": "15",
}


def database_url() -> str:
    """The test database, for processes of their own (they share it with the test)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_command(name: str, queue: str) -> list[str]:
    """A real Celery worker in its own process, one task at a time, named per test run."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"{name}-{queue}@%h",
        "--loglevel=INFO",
    ]


class Cluster:
    def __init__(self, logs: Path, *, visibility_timeout: int = 3600, **extra_env):
        self.logs = logs
        self.redis_port = free_port()
        self.mail = MailServer().start()
        self.queue = f"fault-{uuid.uuid4().hex[:8]}"
        self.redis = None
        self.workers: dict[str, subprocess.Popen] = {}
        self.beat = None
        self.env = {
            **os.environ,
            **FAST,
            "DJANGO_SETTINGS_MODULE": "portal.settings.base",
            "SECRET_KEY": "fault-test-key",
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": database_url(),
            "REDIS_URL": self.redis_url,
            "CELERY_VISIBILITY_TIMEOUT_SECONDS": str(visibility_timeout),
            "PORTAL_VAR_DIR": str(settings.VAR_DIR),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.mail.port),
            "EMAIL_TIMEOUT": "10",
            "CELERY_QUEUE": self.queue,
            "HTTPS": "false",
            **extra_env,
        }
        self.start_redis()
        # This process publishes to the same broker, for real.
        self._saved = {
            key: celery_app.conf.get(key)
            for key in (
                "task_always_eager",
                "task_default_queue",
                "broker_url",
                "broker_transport_options",
            )
        }
        celery_app.conf.update(
            task_always_eager=False,
            task_default_queue=self.queue,
            broker_url=self.redis_url,
            broker_transport_options={"visibility_timeout": visibility_timeout},
        )
        self._forget_connections()

    @staticmethod
    def _forget_connections() -> None:
        # Celery caches its connection pool and the producer pool built on it:
        # both still point at the previous test's broker.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def inbox(self):
        return self.mail.inbox

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "a")  # noqa: SIM115 (closed with the process)
        return subprocess.Popen(
            args, env=self.env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT
        )

    def start_redis(self) -> None:
        self.redis = self._spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        self._wait_port(self.redis_port)

    def stop_redis(self) -> None:
        self.redis.terminate()
        self.redis.wait(timeout=20)

    def start_worker(self, name: str) -> None:
        self.workers[name] = self._spawn(
            name,
            worker_command(name, self.queue),
        )

    def kill_worker(self, name: str) -> None:
        process = self.workers.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def start_beat(self) -> None:
        self.beat = self._spawn(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "--loglevel=INFO",
                "--max-interval=2",
            ],
        )

    def wait_until_ready(self, timeout: float = 60) -> None:
        """Every started worker consuming and beat sending, before anything is broken:
        a test of an outage while people work must not be a test of a boot during one
        (once in CI, a worker and beat that booted while Redis was down delivered
        nothing in the 120 s after it returned; not reproduced on a quiet machine)."""
        logs = {f"{name}.log": "ready." for name in self.workers}
        if self.beat is not None:
            logs["beat.log"] = "Sending due task"
        deadline = time.monotonic() + timeout
        while logs and time.monotonic() < deadline:
            for log, mark in list(logs.items()):
                path = self.logs / log
                if path.exists() and mark in path.read_text():
                    del logs[log]
            time.sleep(0.2)
        if logs:
            raise AssertionError(f"not ready after {timeout:.0f} s: {sorted(logs)}\n{self.tail()}")

    @staticmethod
    def _wait_port(port: int, timeout: float = 20) -> None:
        import socket

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        raise AssertionError(f"nothing listens on {port}")

    def close(self) -> None:
        celery_app.conf.update(self._saved)
        self._forget_connections()
        processes = [*self.workers.values(), self.beat, self.redis]
        for process in processes:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in processes:
            if process is None:
                continue
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.mail.stop()

    def tail(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text()[-2500:]}" for log in sorted(self.logs.glob("*.log"))
        )
