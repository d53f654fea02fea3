"""Backup and restore on the database the tests run on (SQLite, or PostgreSQL in CI)."""

import io
import json
import re
import tarfile

from django.core.management import CommandError, call_command

import pytest

from directives.models import Unit
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_brings_back_data_and_files(tmp_path, capsys):
    factories.site_tree()
    unit = factories.unit("Huyện ủy Cát Tiên")
    document = factories.document(unit, "Báo cáo sao lưu")
    saved_bytes = document.file.read()
    call_command("backup", "--output", str(tmp_path))
    archive = capsys.readouterr().out.strip()
    assert archive.endswith(".tar.gz")

    Unit.objects.filter(pk=unit.pk).update(name="Đổi tên sau sao lưu")
    factories.unit("Đơn vị tạo sau sao lưu")
    document.file.storage.delete(document.file.name)

    call_command("restore", archive, "--yes")
    assert Unit.objects.get(pk=unit.pk).name == "Huyện ủy Cát Tiên"
    assert not Unit.objects.filter(name="Đơn vị tạo sau sao lưu").exists()
    with document.file.storage.open(document.file.name) as restored:
        assert restored.read() == saved_bytes


def test_restore_refuses_what_is_not_a_portal_backup(tmp_path):
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "khong-co.tar.gz"), "--yes")
    stray = tmp_path / "stray.tar.gz"
    with tarfile.open(stray, "w:gz") as tar:
        data = b"x"
        info = tarfile.TarInfo("notes.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="manifest.json is missing"):
        call_command("restore", str(stray), "--yes")
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        data = json.dumps(
            {"format": 1, "vendor": "oracle", "database_file": "database.oracle"}
        ).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="oracle"):
        call_command("restore", str(other), "--yes")


def test_files_uploaded_after_the_backup_are_set_aside_and_reported(tmp_path, capsys, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    factories.site_tree()
    unit = factories.unit("Huyện ủy Bảo Lâm")
    kept = factories.document(unit, "Tệp có trong bản sao lưu")
    call_command("backup", "--output", str(tmp_path / "backups"))
    archive = capsys.readouterr().out.strip()

    later = factories.document(unit, "Tệp tải lên sau sao lưu")
    later_bytes = later.file.read()
    later_name = later.file.name
    media = tmp_path / "media"
    assert (media / later_name).is_file()

    call_command("restore", archive, "--yes")
    output = capsys.readouterr().out
    # The restored database does not know the later file: it is no longer in media,
    # it is in a dated folder beside it, and the command says where.
    assert not (media / later_name).exists()
    assert (media / kept.file.name).is_file()
    [folder] = tmp_path.glob("media-set-aside-*")
    assert (folder / later_name).read_bytes() == later_bytes
    # The later file and the previews drawn of it (attachments/previews.py).
    assert re.search(r"Set aside \d+ file\(s\) uploaded after the backup", output)
    assert str(folder) in output

    # Restoring again finds nothing more to set aside.
    call_command("restore", archive, "--yes")
    assert "Set aside" not in capsys.readouterr().out


@pytest.mark.parametrize("filters", [True, False], ids=["extraction filters", "Python 3.11.2"])
def test_restore_refuses_members_outside_media_or_links(tmp_path, monkeypatch, filters):
    if not filters:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    from django.db import connection

    for name, kind in (
        ("media/../../escaped.txt", tarfile.REGTYPE),
        ("media/link", tarfile.SYMTYPE),
    ):
        archive = tmp_path / "bad.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            for member, data in (
                (
                    "manifest.json",
                    json.dumps(
                        {"format": 1, "vendor": connection.vendor, "database_file": "db"}
                    ).encode(),
                ),
                ("db", b""),
                (name, b"x"),
            ):
                info = tarfile.TarInfo(member)
                info.size = len(data)
                if member == name:
                    info.type, info.linkname = kind, "/etc/passwd"
                    info.size = 0 if kind == tarfile.SYMTYPE else len(data)
                tar.addfile(info, io.BytesIO(data))
        with pytest.raises(CommandError, match="Refusing the archive member"):
            call_command("restore", str(archive), "--yes")
        assert not (tmp_path.parent / "escaped.txt").exists()


def test_backup_and_restore_count_their_steps_on_a_terminal(tmp_path):
    from portal.backups import BACKUP_STEPS, RESTORE_STEPS, backup, restore
    from portal.progress import Progress

    factories.site_tree()
    shown = io.StringIO()
    archive = backup(tmp_path, Progress(total=BACKUP_STEPS, label="Sao lưu", stream=shown))
    assert f"{BACKUP_STEPS}/{BACKUP_STEPS} xong" in shown.getvalue()
    shown = io.StringIO()
    with Progress(total=RESTORE_STEPS, label="Khôi phục", stream=shown) as progress:
        restore(archive, progress)
    assert f"Khôi phục [{'#' * 24}] {RESTORE_STEPS}/{RESTORE_STEPS}" in shown.getvalue()
