"""Compile a consolidated report on demand.

    manage.py compile_report --directive 53-KH/TU [--as-of YYYY-MM-DD]
                             [--format json|pdf|xlsx|docx] [--output PATH] [--send]

--format json prints only the matrix as JSON on standard output (logs go to
standard error); pdf, xlsx and docx (Word, Party format) write the file and print
its path. --send
compiles the report of every enabled schedule covering the directive for the
last complete period before --as-of and e-mails it now (once: a compiled or
sent period is reused, never sent twice).
"""

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directives.compliance.matrix import build_matrix, directives_for
from directives.models import ReportSchedule
from directives.reports import reporting
from directives.reports.rendering import on_demand_meta, render_pdf, render_xlsx
from directives.reports.word import render_docx
from portal.progress import Progress

logger = logging.getLogger("directives.compile_report")


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"--as-of must be a date written YYYY-MM-DD, not {value!r}"
        ) from error


class Command(BaseCommand):
    help = "Compile the consolidated report of a directive (JSON matrix, PDF, XLSX or Word)."

    def add_arguments(self, parser):
        parser.add_argument("--directive", required=True, help="number and symbol, e.g. 53-KH/TU")
        parser.add_argument(
            "--as-of", type=parse_day, default=None, help="YYYY-MM-DD (default: today)"
        )
        parser.add_argument("--format", choices=("json", "pdf", "xlsx", "docx"), default="json")
        parser.add_argument(
            "--output", type=Path, default=None, help="file to write (pdf, xlsx, docx)"
        )
        parser.add_argument(
            "--send", action="store_true", help="also compile and e-mail the scheduled report"
        )

    def handle(self, *args, directive, as_of, format, output, send, **options):
        logging.basicConfig(stream=sys.stderr, level=logging.INFO, force=True)
        directives = directives_for(directive.strip())
        if not directives:
            raise CommandError(f"No published directive numbered {directive!r}")
        as_of = as_of or timezone.localdate()
        schedules = []
        if send:
            schedules = list(
                ReportSchedule.objects.filter(enabled=True, directives__in=directives).distinct()
            )
            if not schedules:
                raise CommandError(
                    "No enabled report schedule covers this directive: nothing to send"
                )
        # The matrix, the file (not for JSON), then each schedule's compile and send.
        steps = 1 + (format != "json") + len(schedules)
        with Progress.for_command(self, total=steps, label=directive) as progress:
            self.compile(directives, directive, as_of, format, output, schedules, progress)

    def compile(self, directives, directive, as_of, format, output, schedules, progress):
        logger.info("Compiling %s as of %s", directive, as_of)
        progress.step("bảng số liệu")
        matrix = build_matrix(directives=directives, as_of=as_of)
        if format == "json":
            progress.close()
            self.stdout.write(json.dumps(matrix.as_json(), ensure_ascii=False, indent=2))
        else:
            progress.step(format.upper())
            meta = on_demand_meta(matrix)
            renderer = {"pdf": render_pdf, "xlsx": render_xlsx, "docx": render_docx}[format]
            content = renderer(matrix, meta)
            path = output or Path(settings.VAR_DIR) / "reports" / (
                f"bao-cao-{directives[0].slug}-{as_of:%Y%m%d}.{format}"
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            if not schedules:
                progress.close()
            self.stdout.write(str(path))
        for schedule in schedules:
            progress.step(schedule.name)
            periods = reporting.choosable_periods(schedule, as_of, count=1)
            if not periods:
                raise CommandError(f"Schedule {schedule} has no complete period yet")
            (start, end) = periods[0]
            report, _created = reporting.compile_report(
                schedule=schedule, period_start=start, period_end=end, as_of=as_of
            )
            sent = reporting.send_report(report.pk)
            report.refresh_from_db()
            logger.info(
                "Report %s (%s): %s%s",
                report.pk,
                report.title,
                report.get_status_display(),
                "" if sent else " (already sent or being sent: not sent again)",
            )
