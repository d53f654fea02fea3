from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from directives.bootstrap import BOOTSTRAP_STEPS, DEMO_STEPS, bootstrap_portal
from portal.progress import Progress


class Command(BaseCommand):
    help = (
        "Load the portal's real content (home, directive index, Plan 53-KH/TU, its Guidance "
        "with tasks, unit registry and sections). Idempotent. --demo adds demo accounts and "
        "sample submissions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="add demo accounts and submissions")
        parser.add_argument(
            "--password",
            help="password for new demo accounts (default: generated and printed once)",
        )

    def handle(self, *args, demo=False, password=None, **options):
        if password is not None:
            try:
                validate_password(password)
            except ValidationError as error:
                raise CommandError("Mật khẩu không hợp lệ: " + " ".join(error.messages)) from None
        steps = BOOTSTRAP_STEPS + (DEMO_STEPS if demo else 0)
        with Progress.for_command(self, total=steps, label="Nạp nội dung") as progress:
            report = bootstrap_portal(demo=demo, password=password, progress=progress)
        if report.created:
            self.stdout.write(f"Đã tạo {len(report.created)} mục:")
            for item in report.created:
                self.stdout.write(f"  + {item}")
        else:
            self.stdout.write("Nội dung đã đầy đủ; không có gì thay đổi.")
        if demo:
            self.stdout.write(
                f"Tài khoản demo: admin, reviewer và <mã-đơn-vị>-editor / <mã-đơn-vị>-approver "
                f"({len(report.demo_usernames)} tài khoản), ví dụ thanh-uy-da-lat-editor."
            )
            if report.demo_password:
                self.stdout.write(f"Mật khẩu của các tài khoản vừa tạo: {report.demo_password}")
            else:
                self.stdout.write("Các tài khoản đã có từ trước; mật khẩu giữ nguyên.")
