"""Digital signatures: the verdict on intact, modified-after-signing,
untrusted and unsigned PDFs made by the test with its own CA; roots an
administrator adds in the admin; reports a task requires signed."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from attachments.models import SignatureCheck, SignatureStatus, TrustedRoot
from directives.models import ResultsReportPage, SubmissionAttachment
from tests import factories, signing

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ca():
    return signing.authority()


@pytest.fixture
def trusted(db, ca):
    root = TrustedRoot(name="CA thử nghiệm", certificate=ContentFile(ca.pem, name="ca.pem"))
    root.full_clean()
    root.save()
    return root


@pytest.fixture
def upload(committed):
    """Upload as a browser does: the checks queued at the commit run."""

    def uploaded(unit, content: bytes, title: str = "Báo cáo ký số") -> Document:
        with committed():
            return factories.document(unit, title, content)

    return uploaded


def verdict(document) -> SignatureCheck:
    return SignatureCheck.objects.get(document=document)


def test_an_intact_signature_from_a_trusted_root(workspace, trusted, ca, upload):
    check = verdict(upload(workspace.a.unit, signing.signed_pdf(ca, name="Nguyễn Văn A")))
    assert check.status == SignatureStatus.INTACT
    assert (check.signer, check.organisation) == ("Nguyễn Văn A", "Huyện ủy Lâm Hà")
    assert check.signed_at is not None


def test_a_file_changed_after_signing(workspace, trusted, ca, upload):
    signed = signing.signed_pdf(ca)
    for changed in (
        signing.modified_after_signing(signed),
        signing.page_added_after_signing(signed),
    ):
        assert verdict(upload(workspace.a.unit, changed)).status == SignatureStatus.MODIFIED


def test_a_signer_outside_the_trusted_roots(workspace, trusted, upload):
    stranger = signing.authority("CA không rõ nguồn")
    check = verdict(upload(workspace.a.unit, signing.signed_pdf(stranger)))
    assert check.status == SignatureStatus.UNTRUSTED
    assert check.signer == "Nguyễn Văn A"


def test_unsigned_and_broken_files(workspace, trusted, upload):
    assert verdict(upload(workspace.a.unit, factories.pdf_bytes("x"))).status == "unsigned"
    assert verdict(upload(workspace.a.unit, b"%PDF-1.7 broken")).status == "unsigned"


def test_adding_a_root_checks_the_files_again(workspace, ca, committed, upload):
    document = upload(workspace.a.unit, signing.signed_pdf(ca))
    assert verdict(document).status == SignatureStatus.UNTRUSTED
    with committed():
        TrustedRoot.objects.create(name="CA mới", certificate=ContentFile(ca.pem, name="ca.pem"))
    assert verdict(document).status == SignatureStatus.INTACT


def test_a_root_that_is_not_a_certificate_is_refused_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "q@example.org", "mk-quan-tri-1")
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/attachments/trustedroot/add/",
        {
            "name": "Sai",
            "certificate": SimpleUploadedFile("ca.pem", b"not a certificate"),
            "enabled": "on",
        },
    )
    assert response.status_code == 200
    assert "không phải chứng thư số X.509" in response.content.decode()
    assert not TrustedRoot.objects.exists()


def test_the_verdict_is_shown_on_the_report(workspace, trusted, ca, client, committed, upload):
    live = workspace.a.live
    document = upload(workspace.a.unit, signing.signed_pdf(ca, name="Trần Thị B"))
    with committed():
        live.attachments.add(SubmissionAttachment(document=document))
        live.save_revision().publish()
    client.force_login(workspace.people.reviewer)
    page = client.get(f"/admin/review/{live.pk}/").content.decode()
    assert "Ký số bởi" in page and "Trần Thị B" in page and "còn nguyên vẹn" in page
    # When, in Vietnam's time and the Vietnamese way of writing it.
    signed_at = timezone.localtime(verdict(document).signed_at)
    assert f"lúc {signed_at:%H:%M %d/%m/%Y}" in page
    # The same verdict beside the file in the unit's section, for every signed-in reader.
    client.force_login(workspace.people.b_editor)
    section = client.get(workspace.a.unit.section.url).content.decode()
    assert "Trần Thị B" in section and "còn nguyên vẹn" in section


@pytest.fixture
def signed_task(fresh_task):
    task = fresh_task
    task.requires_signature = True
    task.save()
    return task


def post_report(client, workspace, task, documents, slug, action="action-publish"):
    section = workspace.a.unit.section
    url = f"/admin/pages/add/directives/resultsreportpage/{section.pk}/"
    data = nested_form_data(
        {
            "title": f"Báo cáo {slug}",
            "slug": slug,
            "directive": task.directive_id,
            "body": streamfield([]),
            "attachments": inline_formset([{"document": d.pk, "caption": ""} for d in documents]),
            action: action,
        }
    )
    data["tasks"] = [task.pk]
    return client.post(url, data)


def test_a_task_requiring_signatures_refuses_an_unsigned_report(
    workspace, trusted, ca, signed_task, client, upload
):
    client.force_login(workspace.people.a_approver)
    unsigned = upload(workspace.a.unit, factories.pdf_bytes("khong ky"), "Báo cáo chưa ký")
    response = post_report(client, workspace, signed_task, [unsigned], "chua-ky")
    assert response.status_code == 200
    html = response.content.decode()
    assert "yêu cầu báo cáo có chữ ký số" in html
    assert "“Báo cáo chưa ký”: không có chữ ký" in html
    assert not ResultsReportPage.objects.filter(slug="chua-ky", live=True).exists()

    tampered = upload(workspace.a.unit, signing.modified_after_signing(signing.signed_pdf(ca)))
    response = post_report(client, workspace, signed_task, [tampered], "da-sua")
    assert "đã bị sửa sau khi ký" in response.content.decode()

    signed = upload(workspace.a.unit, signing.signed_pdf(ca), "Báo cáo đã ký")
    response = post_report(client, workspace, signed_task, [signed], "da-ky")
    assert response.status_code == 302
    assert ResultsReportPage.objects.get(slug="da-ky").live


def test_a_task_without_the_requirement_takes_unsigned_reports(
    workspace, fresh_task, client, upload
):
    client.force_login(workspace.people.a_approver)
    unsigned = upload(workspace.a.unit, factories.pdf_bytes("khong ky"))
    response = post_report(client, workspace, fresh_task, [unsigned], "binh-thuong")
    assert response.status_code == 302


def test_sending_for_approval_needs_a_trusted_signature_too(
    workspace, trusted, signed_task, client, upload
):
    """The unit editor's "Trình lãnh đạo duyệt" is refused as the leader's publication
    is, and a signature from outside the trusted roots counts as none."""
    client.force_login(workspace.people.a_editor)
    stranger = signing.authority("CA không rõ nguồn")
    untrusted = upload(workspace.a.unit, signing.signed_pdf(stranger), "Báo cáo ký nguồn lạ")
    response = post_report(
        client, workspace, signed_task, [untrusted], "nguon-la", action="action-submit"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "yêu cầu báo cáo có chữ ký số" in html
    assert "“Báo cáo ký nguồn lạ”: chưa xác định được nguồn tin cậy" in html
    assert not ResultsReportPage.objects.filter(slug="nguon-la").exists()
