"""The real content: the Guidance on Plan 53-KH/TU, its tasks and the unit registry."""

import re
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from directives.bootstrap import bootstrap_portal
from directives.compliance.positions import positions
from directives.demo import DEMO_NUMBER, DEMO_REPORTS
from directives.models import (
    DirectivePage,
    DirectiveTask,
    SubmissionPage,
    Unit,
    UnitCategory,
    UnitSectionPage,
)
from directives.units.roles import DEPARTMENT_GROUP, LEADERSHIP_GROUP

SOURCE = Path(__file__).resolve().parents[2] / "directives" / "content" / "huong-dan-53-KH-TU.txt"
GUIDANCE_URL = "/van-ban/huong-dan-thuc-hien-ke-hoach-53-kh-tu/"


def _letters(text: str) -> str:
    """The text with every space and line break removed, to compare across reflowing."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def guidance(content):
    return DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )


def test_the_guidance_page_shows_the_whole_text_from_preamble_to_closing(signed_in, guidance):
    html = signed_in.get(GUIDANCE_URL).content.decode()
    source = SOURCE.read_text(encoding="utf-8")
    body = source[source.index("Thực hiện Kế hoạch") : source.index("Nơi nhận:")]
    # Every line of the source text, in order, once line breaks are removed.
    page_letters = _letters(re.sub(r"<[^>]+>", "", html))
    position = 0
    for line in (line.strip() for line in body.splitlines()):
        if not line:
            continue
        found = page_letters.find(_letters(line), position)
        assert found >= 0, f"missing or out of order: {line!r}"
        position = found


def test_sections_i_to_iii_are_headings_and_the_closing_paragraph_is_there(signed_in, guidance):
    html = signed_in.get(GUIDANCE_URL).content.decode()
    for heading in (
        "<h2>I. MỤC ĐÍCH, YÊU CẦU</h2>",
        "<h3>1. Mục đích</h3>",
        "<h3>2. Yêu cầu</h3>",
        "<h2>II. NỘI DUNG</h2>",
        "<h3>3. Xây dựng chương trình, kế hoạch thực hiện</h3>",
        "<h2>III. TỔ CHỨC THỰC HIỆN</h2>",
        "<h3>4. Các cơ quan báo chí của tỉnh, Cổng thông tin điện tử tỉnh</h3>",
    ):
        assert heading in html
    assert (
        "báo cáo kết quả tổ chức triển khai thực hiện về Ban Tuyên giáo Tỉnh ủy "
        "trước ngày 31/10/2022."
    ) in html


def test_the_source_slips_are_published_as_written(signed_in, guidance):
    html = signed_in.get(GUIDANCE_URL).content.decode()
    assert "công tác tuyên sâu rộng" in html
    assert "được giao trong hiện Kế hoạch số 53-KH/TU" in html


def test_the_guidance_header_signature_and_recipients(signed_in, guidance):
    html = signed_in.get(GUIDANCE_URL).content.decode()
    assert "BAN TUYÊN GIÁO TỈNH ỦY" in html
    assert "K/T TRƯỞNG BAN" in html and "PHÓ TRƯỞNG BAN THƯỜNG TRỰC" in html
    assert "Trần Trung Hiếu" in html
    assert "Ban Tuyên giáo TW, T79 (báo cáo)" in html
    assert "Lưu VPTU" in html
    assert guidance.implements.number_symbol == "53-KH/TU"


def test_every_task_has_the_deadline_of_the_text(guidance):
    tasks = {task.number: task for task in guidance.tasks.all()}
    assert tasks["1"].due_date is None and tasks["1"].is_periodic
    assert tasks["2"].due_date == date(2022, 9, 30)
    assert tasks["3"].due_date == date(2022, 10, 31)
    assert tasks["4"].due_date == date(2022, 10, 31)
    assert tasks["BC"].due_date == date(2022, 10, 31)
    assert tasks["BC"].applies_to_all_assignees
    assert {u.name for u in tasks["2"].units.all()} == {
        "Sở Thông tin và Truyền thông",
        "Hội Nhà báo tỉnh",
    }
    assert (
        tasks["3"].units.count()
        == Unit.objects.filter(
            category__in=[UnitCategory.LOCAL_COMMITTEE, UnitCategory.AFFILIATED_COMMITTEE]
        ).count()
        == 16
    )
    assert {u.category for u in tasks["4"].units.all()} == {"press", "portal"}


def test_the_reporting_duty_binds_every_assigned_unit_but_the_issuer(signed_in, guidance):
    from directives.selectors import directive_page_context

    statuses = {
        s.task.number: s for s in directive_page_context(directive=guidance)["task_statuses"]
    }
    duty = {u.name for u in statuses["BC"].units}
    assert "Ban Tuyên giáo Tỉnh ủy" not in duty
    assert duty == {u.name for n in ("2", "3", "4") for u in statuses[n].units}
    assert len(duty) == 22


def test_the_plan_has_its_known_metadata_and_an_empty_body(signed_in, content):
    plan = DirectivePage.objects.get(locale__language_code="vi", number_symbol="53-KH/TU")
    assert plan.issued_on == date(2022, 7, 29)
    assert plan.issuer.name == "Ban Thường vụ Tỉnh ủy"
    assert plan.document_type.name == "Kế hoạch"
    assert len(plan.body) == 0
    html = signed_in.get(plan.url).content.decode()
    assert "ngày 29 tháng 7 năm 2022" in html
    assert "29/07/2022" in html
    assert "Nội dung văn bản chưa được cập nhật" in html
    # The plan lists the documents that implement it.
    assert "Hướng dẫn tuyên truyền, quán triệt và tổ chức thực hiện Kế hoạch số 53-KH/TU" in html


def test_every_unit_of_the_registry_has_its_section(content):
    assert Unit.objects.count() == 24
    assert UnitSectionPage.objects.live().count() == 24
    assert Unit.objects.get(name="Thành ủy Đà Lạt").slug == "thanh-uy-da-lat"
    assert Unit.objects.get(name="Huyện ủy Đạ Tẻh").section.url == "/don-vi/huyen-uy-da-teh/"


def _state():
    User = get_user_model()
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Unit.objects.count(),
        DirectiveTask.objects.count(),
        User.objects.count(),
        sorted(Page.objects.values_list("path", "title", "live")),
    )


def test_bootstrap_twice_changes_nothing(db):
    bootstrap_portal(demo=True, password="mot-mat-khau-demo")
    before = _state()
    report = bootstrap_portal(demo=True, password="mot-mat-khau-demo")
    assert report.created == []
    assert _state() == before


def test_bootstrap_keeps_what_an_editor_corrected(content):
    guidance = DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )
    guidance.number_symbol = "12-HD/BTGTU"
    guidance.save_revision().publish()
    bootstrap_portal()
    guidance.refresh_from_db()
    assert guidance.number_symbol == "12-HD/BTGTU"


def test_demo_accounts_and_marked_submissions(db, capsys):
    call_command("bootstrap_portal", "--demo", "--password", "mot-mat-khau-demo")
    printed = capsys.readouterr().out
    assert "mot-mat-khau-demo" in printed
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    editor = User.objects.get(username="thanh-uy-da-lat-editor")
    assert editor.check_password("mot-mat-khau-demo")
    assert editor.groups.filter(name="Thành ủy Đà Lạt: biên tập").exists()
    assert User.objects.filter(username="bao-lam-dong-approver").exists()
    assert User.objects.get(username="reviewer").groups.filter(name=DEPARTMENT_GROUP).exists()
    translator = User.objects.get(username="department-editor")
    assert translator.has_perm("wagtail_localize.submit_translation")
    leader = User.objects.get(username="lanh-dao")
    assert leader.groups.filter(name=LEADERSHIP_GROUP).exists()
    assert not leader.user_permissions.exists() and leader.groups.count() == 1
    assert User.objects.count() == 4 + 2 * 24
    demos = SubmissionPage.objects.live()
    assert demos.count() == 3 + len(DEMO_REPORTS)  # on the Guidance, and on the demo plan
    assert all(page.title.startswith("[DEMO]") and page.submitted_at for page in demos)
    # A second run says the password was not changed, instead of printing a wrong one.
    call_command("bootstrap_portal", "--demo", "--password", "another-password-99")
    assert "giữ nguyên" in capsys.readouterr().out
    assert User.objects.get(username="admin").check_password("mot-mat-khau-demo")


def test_a_generated_demo_password_is_printed_once(db, capsys):
    call_command("bootstrap_portal", "--demo")
    first = capsys.readouterr().out
    password = re.search(r"vừa tạo: (\S+)", first).group(1)
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("bootstrap_portal", "--demo")
    assert password not in capsys.readouterr().out


def test_a_weak_demo_password_is_refused(db):
    with pytest.raises(CommandError, match="Mật khẩu không hợp lệ"):
        call_command("bootstrap_portal", "--demo", "--password", "123")


def test_the_demo_plan_shows_every_state_of_the_loop_relative_to_today(db, time_machine):
    from directives.models import Unit
    from tests.conftest import vietnam_time

    today = date(2027, 3, 15)
    time_machine.move_to(vietnam_time(today), tick=False)
    bootstrap_portal(demo=True, password="mot-mat-khau-demo")
    plan = DirectivePage.objects.get(locale__language_code="vi", number_symbol=DEMO_NUMBER)
    assert plan.title.startswith("[DEMO]")
    found = positions(unit_ids=None, today=today, directive_ids=[plan.pk])
    seen = {(p.stage, p.timing) for p in found}
    for stage, timing in [
        ("not_started", "in_time"),
        ("not_started", "due_soon"),
        ("not_started", "overdue"),
        ("awaiting_review", "on_time"),
        ("awaiting_review", "late"),
        ("returned", "on_time"),
        ("accepted", "on_time"),
    ]:
        assert (stage, timing) in seen, (stage, timing, sorted(seen))
    # Everyone can be written to, on a reserved domain; the real content is untouched.
    User = get_user_model()
    assert not User.objects.filter(email="").exists()
    assert User.objects.get(username="thanh-uy-da-lat-editor").email.endswith("@congchidao.example")
    assert all(unit.contact_emails.exists() for unit in Unit.objects.all())
    guidance = DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )
    assert {task.due_date.year for task in guidance.tasks.all() if task.due_date} == {2022}


def test_wagtails_default_workflow_is_retired(guidance):
    """Nobody is in Wagtail's "Moderators": its workflow only put English in menus."""
    from wagtail.models import Workflow

    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert guidance.get_workflow() is None
    assert [w.name for w in Workflow.objects.filter(active=True)] == ["Đơn vị gửi văn bản"]
