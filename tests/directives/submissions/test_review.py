"""The department accepts or returns a published submission; the unit sees the history."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest

from directives.models import ReviewEvent, ReviewState, SubmissionPage
from directives.submissions import services
from tests.conftest import denied

pytestmark = pytest.mark.django_db


def review(workspace, page, event, reason=""):
    return services.submission_review(
        page=page, user=workspace.people.reviewer, event=event, reason=reason
    )


def test_returned_revised_and_republished_goes_back_to_awaiting(workspace, committed):
    page = workspace.a.live
    stamp = page.submitted_at
    assert page.review_state == ReviewState.AWAITING
    mail.outbox.clear()
    with committed():
        review(workspace, page, ReviewEvent.RETURNED, "Thiếu kết quả tại cơ sở")
    page.refresh_from_db()
    assert page.review_state == ReviewState.RETURNED
    assert "Thiếu kết quả tại cơ sở" in mail.outbox[0].body
    # The unit is told what to do next: revise this report, not start another.
    assert "sửa chính báo cáo này theo lý do trên" in mail.outbox[0].body
    assert f"/admin/pages/{page.pk}/edit/" in mail.outbox[0].body
    assert "vanphong@lamha.test" in mail.outbox[0].bcc
    entry = PageLogEntry.objects.get(page=page, action="directives.review.returned")
    assert entry.user == workspace.people.reviewer
    assert entry.data["reason"] == "Thiếu kết quả tại cơ sở"

    page.save_revision(user=workspace.people.a_approver).publish()
    page = SubmissionPage.objects.get(pk=page.pk)
    assert page.review_state == ReviewState.AWAITING
    assert page.submitted_at == stamp
    review(workspace, page, ReviewEvent.ACCEPTED)
    assert list(page.reviews.values_list("event", "state")) == [
        (ReviewEvent.SUBMITTED, ReviewState.AWAITING),
        (ReviewEvent.RETURNED, ReviewState.RETURNED),
        (ReviewEvent.RESUBMITTED, ReviewState.AWAITING),
        (ReviewEvent.ACCEPTED, ReviewState.ACCEPTED),
    ]


def test_decisions_are_guarded(workspace):
    p = workspace.people
    with pytest.raises(PermissionDenied):
        services.submission_review(
            page=workspace.a.live, user=p.a_approver, event=ReviewEvent.ACCEPTED
        )
    with pytest.raises(ValidationError, match="lý do"):
        review(workspace, workspace.a.live, ReviewEvent.RETURNED, "   ")
    with pytest.raises(ValidationError, match="chờ thẩm định"):
        review(workspace, workspace.a.draft, ReviewEvent.ACCEPTED)
    review(workspace, workspace.a.live, ReviewEvent.ACCEPTED)
    with pytest.raises(ValidationError, match="chờ thẩm định"):
        review(workspace, workspace.a.live, ReviewEvent.RETURNED, "đổi ý")
    with pytest.raises(ValidationError, match="không hợp lệ"):
        review(workspace, workspace.a.live, "deleted")
    # A comment is allowed at any time and leaves the state alone.
    review(workspace, workspace.a.live, ReviewEvent.COMMENTED, "Đề nghị gửi kèm ảnh")
    workspace.a.live.refresh_from_db()
    assert workspace.a.live.review_state == ReviewState.ACCEPTED


def test_review_page_for_the_department_and_the_unit(client, workspace):
    p = workspace.people
    url = reverse("directives_review:detail", args=[workspace.b.draft.pk])
    client.force_login(p.reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert "Dự thảo báo cáo B" in response.content.decode()
    assert "Tệp dự thảo B" in response.content.decode()

    live_url = reverse("directives_review:detail", args=[workspace.b.live.pk])
    response = client.post(live_url, {"event": "returned", "reason": ""})
    assert response.status_code == 400
    assert "Trả lại cần ghi rõ lý do" in response.content.decode()
    response = client.post(live_url, {"event": "returned", "reason": "Sai số liệu <b>quý</b>"})
    assert response.status_code == 302
    queue = client.get(reverse("directives_review:index") + "?state=returned")
    assert "Kế hoạch đã gửi B" in queue.content.decode()
    odd = client.get(reverse("directives_review:index") + "?state=%27%3B--&unit=khong-co&p=abc")
    assert odd.status_code == 200
    assert "Bỏ qua trạng thái lọc không hợp lệ" in odd.content.decode()

    client.force_login(p.b_editor)
    page = client.get(live_url).content.decode()
    assert "Sai số liệu &lt;b&gt;quý&lt;/b&gt;" in page  # escaped, shown to the unit
    assert "Ý kiến thẩm định" not in page  # no decision form for the unit
    assert denied(client.post(live_url, {"event": "accepted"}))
    assert SubmissionPage.objects.get(pk=workspace.b.live.pk).review_state == ReviewState.RETURNED
    assert denied(client.get(reverse("directives_review:index")))

    client.force_login(p.a_editor)
    assert denied(client.get(live_url))
    assert client.get(reverse("directives_review:detail", args=[999999])).status_code == 404


def test_review_decisions_logins_and_downloads_reach_the_audit_log(client, workspace):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    request = RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.7")
    assert authenticate(request, username="a-editor", password="sai-mat-khau") is None
    failed = ModelLogEntry.objects.get(action="portal.login_failed")
    assert failed.data == {"ip": "10.0.0.7", "username": "a-editor"}

    response = client.post(
        reverse("login"), {"username": "a-editor", "password": "mat-khau-dai-du-10"}
    )
    assert response.status_code == 302
    assert ModelLogEntry.objects.filter(
        action="portal.login", user=workspace.people.a_editor
    ).exists()
    download = client.get(workspace.a.draft_doc.url)
    assert download.status_code == 200
    b"".join(download.streaming_content)
    entry = ModelLogEntry.objects.get(action="portal.document_download")
    assert entry.object_id == str(workspace.a.draft_doc.pk)
    assert entry.user == workspace.people.a_editor
    client.force_login(get_user_model().objects.create_superuser("quantri", "qt@tinhuy.test", "x"))
    site_history = client.get(reverse("wagtailadmin_reports:site_history"))
    assert "Tải tệp" in site_history.content.decode()


def test_the_review_page_shows_the_first_and_the_last_sending(client, workspace, committed):
    page = workspace.a.live
    with committed():
        review(workspace, page, ReviewEvent.RETURNED, "Bổ sung số liệu")
    page.refresh_from_db()
    page.save_revision(user=workspace.people.a_approver).publish()
    client.force_login(workspace.people.reviewer)
    html = client.get(reverse("directives_review:detail", args=[page.pk])).content.decode()
    resent = page.reviews.get(event=ReviewEvent.RESUBMITTED).created_at
    assert "Gửi lại lần gần nhất" in html
    assert "(lần đầu; đúng hạn hay trễ hạn tính theo lần này)" in html
    assert "data-resubmitted" in html and resent != page.submitted_at


def test_the_directive_page_says_which_sent_reports_were_returned(client, workspace, committed):
    client.force_login(workspace.people.reviewer)
    before = client.get(workspace.plan.url).content.decode()
    assert "bị trả lại, đang sửa" not in before
    with committed():
        review(workspace, workspace.a.live, ReviewEvent.RETURNED, "Bổ sung số liệu")
    html = client.get(workspace.plan.url).content.decode()
    # Still counted as sent (on time is judged on the first sending), and said returned.
    assert "1/1 đã gửi" in html
    assert 'data-returned="1"' in html and "1 bị trả lại, đang sửa" in html
