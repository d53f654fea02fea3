"""`make run`'s SQLite file takes several writers (server, workers, beat, autosave)."""

import os
import subprocess
import sys
from pathlib import Path


def test_dev_sqlite_uses_wal_and_waits_for_the_write_lock(tmp_path):
    database = tmp_path / "dev.sqlite3"
    script = (
        "import django; django.setup();"
        "from django.db import connection;"
        "cursor = connection.cursor();"
        "cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0]);"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout.split()
    assert out == ["wal", "IMMEDIATE"]
