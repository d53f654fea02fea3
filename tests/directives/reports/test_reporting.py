"""Consolidated reports: compiled once per period, sent once, retried, reconciled."""

import json
from datetime import date, timedelta
from io import StringIO

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from directives.models import ConsolidatedReport, ReportStatus
from directives.recipients import validate_recipient_address
from directives.reports import reporting

pytestmark = pytest.mark.django_db
MAY = (date(2026, 5, 1), date(2026, 5, 31))


def compile_may(schedule):
    return reporting.compile_report(schedule=schedule, period_start=MAY[0], period_end=MAY[1])


def test_compiling_twice_keeps_one_record_with_both_files(schedule):
    report, created = compile_may(schedule)
    again, created_again = compile_may(schedule)
    assert created and not created_again and again.pk == report.pk
    assert ConsolidatedReport.objects.count() == 1
    text = " ".join(page.extract_text() for page in PdfReader(report.pdf.open("rb")).pages)
    text = " ".join(text.split())
    assert (
        "TỈNH ỦY LÂM ĐỒNG" in text and "BAN TUYÊN GIÁO" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    )
    assert "BÁO CÁO" in text and "Kết quả thực hiện Kế hoạch số 53-KH/TU" in text
    assert "Huyện ủy Lâm Hà" in text and "Trần Văn B" in text
    assert report.xlsx.name.endswith(".xlsx")
    assert report.snapshot["as_of"] == "2026-05-31"


def test_sent_once_with_files_and_message_id(schedule):
    report, _created = compile_may(schedule)
    mail.outbox.clear()
    assert reporting.send_report(report.pk) is True
    assert reporting.send_report(report.pk) is False  # a redelivered message
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.bcc) == ["btgtw@dang.test", "vanphong@lamha.test"]
    assert [name.rsplit(".", 1)[-1] for name, *_ in message.attachments] == ["pdf", "xlsx"]
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT and report.sent_at
    assert message.extra_headers["Message-ID"] == report.message_id
    assert report.sent_to == ["btgtw@dang.test", "vanphong@lamha.test"]


def test_reconcile_requeues_unsent_and_stale_claims(schedule, committed):
    report, _created = compile_may(schedule)
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=2)
    )
    mail.outbox.clear()
    with committed():
        assert reporting.reconcile() == 1
    assert len(mail.outbox) == 1
    with committed():
        assert reporting.reconcile() == 0
    # A fresh claim (another worker busy sending) is left alone.
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.SENDING, claimed_at=timezone.now()
    )
    assert reporting.reconcile() == 0


def test_scheduled_compilation_sends_after_commit_and_only_once(schedule, committed):
    mail.outbox.clear()
    with committed():
        first = reporting.compile_scheduled(schedule_id=schedule.pk, run_day=date(2026, 6, 1))
    with committed():
        second = reporting.compile_scheduled(schedule_id=schedule.pk, run_day=date(2026, 6, 1))
    assert first.pk == second.pk
    assert (first.period_start, first.period_end) == MAY
    assert len(mail.outbox) == 1


def test_schedules_become_beat_entries(schedule):
    task = PeriodicTask.objects.get(name=f"report-schedule-{schedule.pk}")
    assert task.task == "directives.tasks.compile_scheduled_report"
    assert json.loads(task.args) == [schedule.pk]
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_month) == ("0", "7", "1")
    schedule.frequency, schedule.crontab, schedule.enabled = "custom", "30 6 * * 1", False
    schedule.full_clean()
    schedule.save()
    task.refresh_from_db()
    assert (task.crontab.minute, task.crontab.day_of_week, task.enabled) == ("30", "1", False)
    schedule.crontab = "99 * * *"
    with pytest.raises(ValidationError, match="crontab"):
        schedule.full_clean()
    schedule.delete()
    assert not PeriodicTask.objects.filter(name=f"report-schedule-{schedule.pk}").exists()


@pytest.mark.parametrize(
    "address",
    [
        "Ban Tuyên giáo <btg@dang.test>",
        "a@dang.test, b@dang.test",
        "a@dang.test\r\nBcc: victim@x.test",
        "khong-phai-email",
        " a@dang.test",
    ],
)
def test_recipient_addresses_are_refused(address):
    with pytest.raises(ValidationError):
        validate_recipient_address(address)


def test_recipient_domains_allow_list(settings):
    validate_recipient_address("btg@lamdong.dcs.vn")
    settings.REPORT_RECIPIENT_DOMAINS = ["lamdong.dcs.vn"]
    validate_recipient_address("btg@lamdong.dcs.vn")
    with pytest.raises(ValidationError, match="lamdong.dcs.vn"):
        validate_recipient_address("someone@gmail.com")


def test_compile_report_command(workspace, tmp_path, capsys):
    out = StringIO()
    call_command("compile_report", "--directive", "53-KH/TU", "--as-of", "2022-10-01", stdout=out)
    data = json.loads(out.getvalue())
    assert data["as_of"] == "2022-10-01" and data["totals"]["overdue"] == 2
    assert {row["unit"] for row in data["rows"]} == {workspace.a.unit.slug, workspace.b.unit.slug}
    target = tmp_path / "bao-cao.pdf"
    out = StringIO()
    call_command(
        "compile_report",
        "--directive",
        "53-KH/TU",
        "--format",
        "pdf",
        "--output",
        str(target),
        stdout=out,
    )
    assert out.getvalue().strip() == str(target)
    assert target.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="No published directive"):
        call_command("compile_report", "--directive", "1-XX/YY")
    with pytest.raises(CommandError, match="schedule"):
        call_command("compile_report", "--directive", "53-KH/TU", "--send", stdout=StringIO())


def test_compile_report_command_sends_once(schedule):
    mail.outbox.clear()
    for _run in range(2):
        call_command(
            "compile_report",
            "--directive",
            "53-KH/TU",
            "--as-of",
            "2026-06-01",
            "--send",
            stdout=StringIO(),
        )
    assert len(mail.outbox) == 1
    assert ConsolidatedReport.objects.get().period_end == MAY[1]


def test_archive_in_the_admin(client, schedule, committed):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.conftest import denied

    report, _created = compile_may(schedule)
    client.force_login(schedule.recipient_units.first().editors_group.user_set.first())
    assert denied(client.get(reverse("directives_reports:download", args=[report.pk, "pdf"])))
    assert denied(client.post(reverse("directives_reports:resend", args=[report.pk])))

    client.force_login(get_user_model().objects.get(username="reviewer"))
    listing = client.get(reverse("wagtailsnippets_directives_consolidatedreport:list"))
    assert listing.status_code == 200
    assert (
        "kết quả thực hiện Kế hoạch số 53-KH/TU (01/05/2026 - 31/05/2026)"
        in listing.content.decode()
    )
    download = client.get(reverse("directives_reports:download", args=[report.pk, "xlsx"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert (
        client.get(reverse("directives_reports:download", args=[report.pk, "doc"])).status_code
        == 404
    )

    reporting.send_report(report.pk)
    mail.outbox.clear()
    with committed():
        response = client.post(reverse("directives_reports:resend", args=[report.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1  # an explicit resend does send again
    with committed():
        client.post(reverse("directives_reports:compile_now", args=[schedule.pk]))
    assert ConsolidatedReport.objects.count() == 2  # the last complete month


def test_an_administrator_creates_a_schedule_in_the_admin(client, workspace):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from directives.models import ReportSchedule

    client.force_login(get_user_model().objects.create_superuser("quantri", "qt@tinhuy.test", "x"))
    url = reverse("wagtailsnippets_directives_reportschedule:add")
    assert client.get(url).status_code == 200
    form = {
        "name": "Báo cáo quý",
        "directives": [workspace.plan.pk],
        "frequency": "quarterly",
        "crontab": "",
        "enabled": "on",
        "recipient_units": [workspace.b.unit.pk],
        "send_pdf": "on",
        "send_xlsx": "on",
        "issuing_parent": "ĐẢNG BỘ TỈNH LÂM ĐỒNG",
        "issuing_body": "BAN TUYÊN GIÁO TỈNH ỦY",
        "number_symbol": "-BC/BTGTU",
        "place": "Lâm Đồng",
        "report_recipients": "- Lưu.",
        "signing_authority": "K/T TRƯỞNG BAN",
        "signer_position": "PHÓ TRƯỞNG BAN",
        "signer_name": "",
        "recipients-TOTAL_FORMS": "1",
        "recipients-INITIAL_FORMS": "0",
        "recipients-MIN_NUM_FORMS": "0",
        "recipients-MAX_NUM_FORMS": "1000",
        "recipients-0-email": "Ban <btg@dang.test>",
        "recipients-0-ORDER": "1",
        "recipients-0-id": "",
        "recipients-0-DELETE": "",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Mỗi dòng chỉ ghi một địa chỉ e-mail" in refused.content.decode()
    assert not ReportSchedule.objects.exists()
    form["recipients-0-email"] = "btg@dang.test"
    assert client.post(url, form).status_code == 302
    schedule = ReportSchedule.objects.get()
    assert [r.email for r in schedule.recipients.all()] == ["btg@dang.test"]
    assert schedule.periodic_task.crontab.month_of_year == "1,4,7,10"
