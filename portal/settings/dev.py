"""Local development: embedded SQLite, filesystem broker, mail written to var/mail."""

import os
from pathlib import Path

_VAR = Path(os.environ.get("PORTAL_VAR_DIR") or Path(__file__).resolve().parents[2] / "var")
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_VAR / 'db.sqlite3'}")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")

from portal.settings.base import *  # noqa: E402, F403

DEBUG = True
EMAIL_FILE_PATH = VAR_DIR / "mail"  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # `make run` has the server, a worker, the OCR worker and beat writing one SQLite
    # file while the editor autosaves: WAL lets readers go on beside a writer, and
    # writers queue for the lock up front (IMMEDIATE) for up to 20 s instead of
    # failing with "database is locked" on a read-to-write upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL;",
    )
