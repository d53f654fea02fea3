"""Who hears about what: each e-mail says what happened, to which document, with a link."""

from datetime import date

from django.core import mail

import pytest

from directives import notifications
from directives.models import UnitContactEmail
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
                {"units": [workspace.a.unit, c], "due_date": date(2027, 3, 31)},
                {"units": [c]},
            ],
        )
    by_recipient = {tuple(m.bcc): m for m in mail.outbox}
    assert set(by_recipient) == {
        ("a-approver@tinhuy.test", "a-editor@tinhuy.test", "vanphong@lamha.test"),
        ("vanphong@dilinh.test",),
    }
    dilinh = by_recipient[("vanphong@dilinh.test",)]
    assert dilinh.subject == "[Nhiệm vụ mới] Kế hoạch 70-KH/TU"
    assert "nhiệm vụ số 1, 2" in dilinh.body
    assert plan.url in dilinh.body
    # A later correction of the directive does not notify again.
    mail.outbox.clear()
    with committed():
        plan.save_revision().publish()
    assert mail.outbox == []


def test_a_dead_broker_is_logged_and_loses_nothing(workspace, committed, monkeypatch, caplog):
    from directives import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.send_notice, "delay", broker_down)
    page = workspace.a.draft
    with committed():
        page.get_workflow().start(page, workspace.people.a_editor)
    assert page.current_workflow_state is not None
    assert "Could not queue notice" in caplog.text


def test_refused_addresses_are_reported_not_retried(monkeypatch, caplog):
    import smtplib

    from directives.tasks import send_notice

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"sai@": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert send_notice.apply(args=("Tiêu đề", "Nội dung", ["sai@"])).get() == 0
    assert "refused" in caplog.text


def test_no_recipients_no_mail(workspace):
    UnitContactEmail.objects.filter(unit=workspace.a.unit).delete()
    for user in (workspace.people.a_editor, workspace.people.a_approver):
        user.email = ""
        user.save()
    assert notifications.unit_addresses(workspace.a.unit) == set()
    assert notifications.approval_requested(workspace.a.draft, workspace.people.a_editor) == []
