"""What operators rely on: deploy checks, health, security headers, log lines."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

import pytest

from portal.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "portal.tinhuy.vn",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    # Test-process leftovers that a deployment never has (the browser tests set the second).
    env.pop("HTTPS", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_health_is_public_and_reports_each_component(client, settings, monkeypatch):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["components"]["database"] == "ok"
    assert ("redis" in body["components"]) == bool(settings.REDIS_URL)
    assert body["search"] == ("elasticsearch" if settings.ELASTICSEARCH_URL else "database")

    def broken():
        raise ConnectionError("down")

    monkeypatch.setattr("portal.health._search", broken)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["components"]["search"] == "error"
    assert "down" not in response.content.decode()  # no internals leak


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(signed_in):
    policy = signed_in.get("/admin/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy


def test_log_lines_are_json_objects():
    record = logging.LogRecord(
        "directives", logging.ERROR, __file__, 1, "Gửi báo cáo %s lỗi", (7,), None
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Gửi báo cáo 7 lỗi"
    assert line["level"] == "ERROR" and line["logger"] == "directives"
