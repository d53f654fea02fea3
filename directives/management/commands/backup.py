from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.backups import BACKUP_STEPS, BackupError, backup
from portal.progress import Progress


class Command(BaseCommand):
    help = "Write the database and media files to one .tar.gz (prints its path)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=None, help="directory (default var/backups)"
        )

    def handle(self, *args, output, **options):
        try:
            with Progress.for_command(self, total=BACKUP_STEPS, label="Sao lưu") as progress:
                archive = backup(output or Path(settings.VAR_DIR) / "backups", progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
