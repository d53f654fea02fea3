"""Who hears about what: each e-mail says what happened, to which document, with a link."""

from datetime import date

from django.core import mail

import pytest

from directives.models import UnitContactEmail
from directives.notices import notifications
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_published_directive_tells_each_assigned_unit_once(workspace, committed):
    _home, index, _units = factories.site_tree()
    c = factories.unit("Huyện ủy Di Linh")
    UnitContactEmail.objects.create(unit=c, email="vanphong@dilinh.test")
    mail.outbox.clear()
    with committed():
        plan = factories.directive(
            index,
            title="Kế hoạch 70-KH/TU",
            number_symbol="70-KH/TU",
            issuer=workspace.department,
            tasks=[
                {
                    "units": [workspace.a.unit, c],
                    "description": "Tổ chức hội nghị quán triệt",
                    "due_date": date(2027, 3, 31),
                    "deadline_text": "Hoàn thành trong quý I năm 2027",
                },
                {"units": [c], "description": "Báo cáo hằng tháng", "recurrence": "monthly"},
                {
                    "description": "Báo cáo kết quả thực hiện",
                    "applies_to_all_assignees": True,
                    "due_date": date(2027, 12, 15),
                },
            ],
        )
    by_recipient = {tuple(m.bcc): m for m in mail.outbox}
    assert set(by_recipient) == {
        ("a-approver@tinhuy.test", "a-editor@tinhuy.test", "vanphong@lamha.test"),
        ("vanphong@dilinh.test",),
    }
    dilinh = by_recipient[("vanphong@dilinh.test",)]
    assert dilinh.subject == "[Nhiệm vụ mới] Kế hoạch 70-KH/TU"
    # Each task with its date and the document's own wording, then what to do, and where.
    assert "được giao 3 nhiệm vụ" in dilinh.body
    assert "- Nhiệm vụ 1: Tổ chức hội nghị quán triệt" in dilinh.body
    assert "Hạn: 31/03/2027 (văn bản ghi: «Hoàn thành trong quý I năm 2027»)" in dilinh.body
    assert "- Nhiệm vụ 2: Báo cáo hằng tháng" in dilinh.body
    assert "Hạn: định kỳ: Hằng tháng" in dilinh.body
    # The duty that binds every assigned unit is theirs too, though it names no unit.
    assert "- Nhiệm vụ 3: Báo cáo kết quả thực hiện" in dilinh.body
    assert "Hạn: 15/12/2027" in dilinh.body
    assert "Việc cần làm: lập kế hoạch thực hiện và gửi báo cáo kết quả trước hạn" in dilinh.body
    assert "/admin/" in dilinh.body
    assert plan.url in dilinh.body
    lamha = by_recipient[("a-approver@tinhuy.test", "a-editor@tinhuy.test", "vanphong@lamha.test")]
    assert "được giao 2 nhiệm vụ" in lamha.body
    assert "Nhiệm vụ 2:" not in lamha.body
    # A later correction of the directive does not notify again.
    mail.outbox.clear()
    with committed():
        plan.save_revision().publish()
    assert mail.outbox == []


def test_no_recipients_no_mail(workspace):
    UnitContactEmail.objects.filter(unit=workspace.a.unit).delete()
    for user in (workspace.people.a_editor, workspace.people.a_approver):
        user.email = ""
        user.save()
    assert notifications.unit_addresses(workspace.a.unit) == set()
    assert notifications.approval_requested(workspace.a.draft, workspace.people.a_editor) == []
