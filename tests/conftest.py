from datetime import date

from django.contrib.auth import get_user_model

import pytest

from directives.bootstrap import bootstrap_portal


@pytest.fixture
def content(db):
    """The portal's real content, as `bootstrap_portal` loads it (no demo accounts)."""
    return bootstrap_portal()


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user("canbo", password="mat-khau-dai-du-10")


@pytest.fixture
def signed_in(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def workspace(db):
    """Two units (A, B) with their people, a department reviewer, a directive giving
    each a task, and in each section a draft with an attached file and a live report."""
    from types import SimpleNamespace

    from directives.models import SubmissionAttachment, UnitCategory, UnitContactEmail
    from directives.services import department_group_ensure
    from tests import factories

    _home, directives_index, _units = factories.site_tree()
    department = factories.unit("Ban Tuyên giáo Tỉnh ủy", UnitCategory.PARTY_DEPARTMENT)
    a = factories.unit("Huyện ủy Lâm Hà")
    b = factories.unit("Huyện ủy Đức Trọng")
    UnitContactEmail.objects.create(unit=a, email="vanphong@lamha.test")
    UnitContactEmail.objects.create(unit=b, email="vanphong@ductrong.test")
    plan = factories.directive(
        directives_index,
        title="Kế hoạch 53-KH/TU",
        number_symbol="53-KH/TU",
        issuer=department,
        tasks=[
            {"units": [a], "due_date": date(2022, 9, 30), "deadline_text": "trước 30/9/2022"},
            {"units": [b], "due_date": date(2022, 9, 30), "deadline_text": "trước 30/9/2022"},
        ],
    )
    task_a, task_b = plan.tasks.order_by("sort_order")
    people = SimpleNamespace(
        a_editor=factories.user_in(a.editors_group, "a-editor", first_name="Biên tập A"),
        a_approver=factories.user_in(a.approvers_group, "a-approver", first_name="Lãnh đạo A"),
        b_editor=factories.user_in(b.editors_group, "b-editor"),
        b_approver=factories.user_in(b.approvers_group, "b-approver"),
        reviewer=factories.user_in(department_group_ensure(), "reviewer"),
    )
    pages = {}
    for key, unit_, task in (("a", a, task_a), ("b", b, task_b)):
        draft = factories.submission(
            unit_,
            plan,
            title=f"Dự thảo báo cáo {key.upper()}",
            tasks=[task],
            report=True,
            published=False,
        )
        doc = factories.document(unit_, f"Tệp dự thảo {key.upper()}")
        draft.attachments.add(SubmissionAttachment(document=doc))
        draft.save_revision()
        draft.save()
        live = factories.submission(
            unit_, plan, title=f"Kế hoạch đã gửi {key.upper()}", tasks=[task]
        )
        pages[key] = SimpleNamespace(unit=unit_, task=task, draft=draft, draft_doc=doc, live=live)
    return SimpleNamespace(plan=plan, department=department, people=people, **pages)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (notifications) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def denied(response) -> bool:
    """Wagtail's admin answers a permission failure by sending the user back to the
    dashboard with a message; everything else answers 403."""
    if response.status_code == 302:
        return response.url in ("/admin/", "/admin")
    return response.status_code == 403


@pytest.fixture
def schedule(workspace):
    """A monthly consolidated report of Plan 53-KH/TU to an address and unit A."""
    from directives.models import ReportRecipient, ReportSchedule

    schedule = ReportSchedule(name="Báo cáo tháng 53-KH/TU", signer_name="Trần Văn B")
    schedule.directives = [workspace.plan]
    schedule.recipient_units = [workspace.a.unit]
    schedule.recipients.add(ReportRecipient(email="btgtw@dang.test"))
    schedule.save()
    return schedule
