"""Tests: SQLite unless DATABASE_URL points at PostgreSQL; Redis when REDIS_URL is set."""

import os
import tempfile
from pathlib import Path

_VAR = Path(tempfile.mkdtemp(prefix="portal-test-"))
os.environ["PORTAL_VAR_DIR"] = str(_VAR)
(_VAR / "static").mkdir()  # whitenoise looks for STATIC_ROOT at start-up
os.environ.setdefault("SECRET_KEY", "test-only-key")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_VAR / 'test.sqlite3'}")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ["HTTPS"] = "false"
# A shared Redis may serve several test runs at once: keep each run's cache apart.
os.environ["CACHE_KEY_PREFIX"] = f"test-{_VAR.name}"

from portal.settings.base import *  # noqa: E402, F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so that a real Celery worker started by a test (and
    # the live server's threads) see the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(_VAR / "test-db.sqlite3")}  # noqa: F405

# The live server of the browser tests serves each browser connection in a thread of
# its own: a connection kept for reuse there is kept per idle socket, not per worker.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Tests clear the cache between them, and on Redis a clear empties the whole database:
# each pytest-xdist worker (gw0, gw1, …) has a database of its own, or one worker's
# clear would empty the cache another's test is reading.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    from urllib.parse import urlsplit

    _url = urlsplit(CACHES["default"]["LOCATION"])  # noqa: F405
    _db = int(_url.path.strip("/") or 0) + 1 + int(_worker[2:])
    if _db > 15:
        raise RuntimeError(f"Redis has databases 0-15: too many test workers for {_db}")
    CACHES["default"]["LOCATION"] = _url._replace(path=f"/{_db}").geturl()  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Notifications run in-process; the broker itself is tested against Redis
# (tests/portal/test_settings.py) and by the worker tests.
CELERY_TASK_ALWAYS_EAGER = True
