"""Configuration from the environment: fail fast in production, embedded defaults in dev."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest

from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(module: str, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without_required_values(missing):
    env = {
        "SECRET_KEY": "k" * 50,
        "DATABASE_URL": "postgres://portal@db/portal",
        "ALLOWED_HOSTS": "portal.example.vn",
    }
    del env[missing]
    result = _import_settings("portal.settings.base", **env)
    assert result.returncode != 0
    assert f"Environment variable {missing} must be set" in result.stderr


def test_production_settings_start_when_configured():
    result = _import_settings(
        "portal.settings.base",
        SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://portal@db/portal",
        ALLOWED_HOSTS="portal.example.vn",
    )
    assert result.returncode == 0, result.stderr


def test_dev_settings_need_nothing(tmp_path):
    result = _import_settings("portal.settings.dev", PORTAL_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_vietnamese_first():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_postgres_gets_its_contrib_app():
    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert ("django.contrib.postgres" in settings.INSTALLED_APPS) == on_postgres


def test_the_configured_broker_carries_a_message():
    """Redis when REDIS_URL is set (CI), else the embedded filesystem broker."""
    expected = os.environ.get("REDIS_URL")
    if expected:
        assert celery_app.conf.broker_url == expected
    else:
        assert celery_app.conf.broker_url == "filesystem://"
        for key in ("data_folder_in", "processed_folder"):
            Path(celery_app.conf.broker_transport_options[key]).mkdir(parents=True, exist_ok=True)
    with celery_app.connection_for_write() as connection:
        queue = connection.SimpleQueue("portal-test-roundtrip")
        try:
            queue.put({"xin": "chào"})
            message = queue.get(timeout=5)
            message.ack()
            assert message.payload == {"xin": "chào"}
        finally:
            queue.clear()
            queue.close()


def test_the_favicon_is_served_without_signing_in(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert "img/favicon" in response["Location"] and response["Location"].endswith(".svg")
    from django.contrib.staticfiles import finders

    assert finders.find("img/favicon.svg")
