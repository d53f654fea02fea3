"""Backup and restore on the database the tests run on (SQLite, or PostgreSQL in CI)."""

import io
import json
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
