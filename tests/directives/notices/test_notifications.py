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


def test_no_recipients_no_mail(workspace):
    UnitContactEmail.objects.filter(unit=workspace.a.unit).delete()
    for user in (workspace.people.a_editor, workspace.people.a_approver):
        user.email = ""
        user.save()
    assert notifications.unit_addresses(workspace.a.unit) == set()
    assert notifications.approval_requested(workspace.a.draft, workspace.people.a_editor) == []
