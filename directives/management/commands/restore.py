from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import RESTORE_STEPS, BackupError, restore
from portal.progress import Progress


class Command(BaseCommand):
    help = "Replace the database and media files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, yes, **options):
        if not archive.is_file():
            raise CommandError(f"No such backup file: {archive}")
        if (
            not yes
            and input(f"Replace ALL current data with {archive.name}? [y/N] ").lower() != "y"
        ):
            raise CommandError("Cancelled")
        try:
            with Progress.for_command(self, total=RESTORE_STEPS, label="Khôi phục") as progress:
                manifest = restore(archive, progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the backup of {manifest['created_at']}")
        if manifest.get("set_aside"):
            self.stdout.write(
                f"Set aside {manifest['set_aside_count']} file(s) uploaded after the backup "
                f"(unknown to the restored database) in {manifest['set_aside']}"
            )
