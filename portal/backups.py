"""Backup and restore of the database and the media files, as one .tar.gz.

The database goes in its own engine's format, because Wagtail's page tree and
revisions do not survive a JSON dump reliably: SQLite through its online
backup API, PostgreSQL through pg_dump / pg_restore (custom format). Media
(documents, images, compiled reports) go in as a tar of MEDIA_ROOT.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from portal.progress import Progress

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is needed for PostgreSQL backups (Debian: postgresql-client)")
    return path


def _run_pg(tool: str, *args: str) -> None:
    """Run pg_dump or pg_restore against the portal's database."""
    db = connection.settings_dict
    server = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    result = subprocess.run(  # noqa: S603 (arguments come from the settings)
        [_tool(tool), *server, *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def _dump_database(target: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
    elif connection.vendor == "postgresql":
        _run_pg("pg_dump", "-Fc", "--no-owner", "-f", str(target), connection.settings_dict["NAME"])
    else:
        raise BackupError(f"No backup method for {connection.vendor}")


def _load_database(source: Path) -> None:
    connections.close_all()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as saved:
            saved.backup(connection.connection)
    else:
        _run_pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "-d",
            connection.settings_dict["NAME"],
            str(source),
        )
    connections.close_all()


BACKUP_STEPS = 3
RESTORE_STEPS = 4


def _quiet(progress: Progress | None) -> Progress:
    return progress or Progress(total=1, label="", stream=None)


def backup(output_dir: Path, progress: Progress | None = None) -> Path:
    """`progress` is told each of the BACKUP_STEPS as it ends."""
    progress = _quiet(progress)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"portal-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        database = Path(work) / f"database.{connection.vendor}"
        _dump_database(database)
        progress.step("cơ sở dữ liệu")
        manifest = {
            "format": FORMAT_VERSION,
            "vendor": connection.vendor,
            "created_at": datetime.now().astimezone().isoformat(),
            "database_file": database.name,
        }
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(database, arcname=database.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
            progress.step("tệp đính kèm")
            info = tarfile.TarInfo("manifest.json")
            data = json.dumps(manifest, indent=2).encode()
            info.size = len(data)
            tar.addfile(info, fileobj=io.BytesIO(data))
    progress.step("xong")
    return archive


def _set_aside(media: Path, kept: set[Path]) -> tuple[Path | None, int]:
    """Move the files under media that the backup does not hold (uploaded after it,
    unknown to the restored database) to a dated folder beside MEDIA_ROOT, outside
    what is served and backed up. Returns the folder (None if nothing moved) and the count."""
    strays = [p for p in media.rglob("*") if p.is_file() and p.relative_to(media) not in kept]
    if not strays:
        return None, 0
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = media.parent / f"{media.name}-set-aside-{stamp}"
    for path in strays:
        target = folder / path.relative_to(media)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
    return folder, len(strays)


def _extract(tar: tarfile.TarFile, members: list[tarfile.TarInfo], target: str) -> None:
    """Extract only plain files and folders inside `target`. Python builds without
    extraction filters (before 3.11.4, e.g. Debian bookworm's 3.11.2, which the
    local Docker images use) get the same refusals as filter="data" from the checks here."""
    root = Path(target).resolve()
    for member in members:
        inside = (root / member.name).resolve().is_relative_to(root)
        if not inside or not (member.isfile() or member.isdir()):
            raise BackupError(f"Refusing the archive member {member.name!r}")
    if hasattr(tarfile, "data_filter"):
        tar.extractall(target, members=members, filter="data")
    else:
        tar.extractall(target, members=members)  # noqa: S202 (members checked above)


def restore(archive: Path, progress: Progress | None = None) -> dict:
    """Replace the database and media with the archive's. Refuses a backup of another
    database engine, and archive members that would land outside MEDIA_ROOT.

    Files the backup does not hold are set aside (the manifest returned names the
    folder and their number under "set_aside" and "set_aside_count"). `progress` is
    told each of the RESTORE_STEPS as it ends."""
    progress = _quiet(progress)
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as work:
        try:
            manifest = json.load(tar.extractfile("manifest.json"))
        except KeyError as error:
            raise BackupError("Not a portal backup: manifest.json is missing") from error
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}")
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest['vendor']} database; the portal runs on {connection.vendor}"
            )
        media_members = [
            m for m in tar.getmembers() if m.name == "media" or m.name.startswith("media/")
        ]
        _extract(tar, [tar.getmember(manifest["database_file"]), *media_members], work)
        progress.step("giải nén")
        _load_database(Path(work) / manifest["database_file"])
        progress.step("cơ sở dữ liệu")
        media = Path(settings.MEDIA_ROOT)
        restored = Path(work) / "media"
        kept = (
            {p.relative_to(restored) for p in restored.rglob("*") if p.is_file()}
            if restored.exists()
            else set()
        )
        if media.exists():
            folder, manifest["set_aside_count"] = _set_aside(media, kept)
            manifest["set_aside"] = str(folder) if folder else None
        progress.step("tệp tải lên sau bản sao lưu")
        if restored.exists():
            media.mkdir(parents=True, exist_ok=True)
            for path in sorted(restored.rglob("*")):
                target = media / path.relative_to(restored)
                if path.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(path.read_bytes())
        progress.step("tệp đính kèm")
    return manifest
