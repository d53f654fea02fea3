"""Builders for exactly what a test needs, on top of an empty or bootstrapped tree."""

from datetime import date
from decimal import Decimal

from wagtail.models import Page

from directives.models import (
    DirectiveIndexPage,
    DirectivePage,
    DirectiveTask,
    DocumentType,
    ImplementationPlanPage,
    IndicatorValue,
    ResultsReportPage,
    Unit,
    UnitCategory,
    UnitIndexPage,
)
from home.models import HomePage
from portal.vietnamese import slugify_vi


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def site_tree() -> tuple[HomePage, DirectiveIndexPage, UnitIndexPage]:
    """Home, directive index and unit index, reusing those of the bootstrap if present."""
    from directives.bootstrap import (
        BootstrapReport,
        ensure_index_page,
        ensure_site_home,
        ensure_workspaces,
    )

    report = BootstrapReport()
    home = ensure_site_home(report)
    unit_index = ensure_index_page(UnitIndexPage, home, "Đơn vị", "don-vi", report)
    ensure_workspaces(unit_index)
    return (
        home,
        ensure_index_page(DirectiveIndexPage, home, "Văn bản chỉ đạo", "van-ban", report),
        unit_index,
    )


def unit(name: str, category: str = UnitCategory.LOCAL_COMMITTEE, **kwargs) -> Unit:
    return Unit.objects.create(name=name, category=category, **kwargs)


def document_type(name: str = "Kế hoạch", code: str = "KH") -> DocumentType:
    return DocumentType.objects.get_or_create(name=name, defaults={"code": code})[0]


def directive(
    index: DirectiveIndexPage,
    *,
    title: str,
    issuer: Unit,
    tasks: list[dict] | None = None,
    **fields,
) -> DirectivePage:
    fields.setdefault("document_type", document_type())
    fields.setdefault("subject", title)
    fields.setdefault("issued_on", date(2022, 8, 1))
    page = DirectivePage(title=title, issuer=issuer, **fields)
    for order, spec in enumerate(tasks or []):
        spec = dict(spec)
        units = spec.pop("units", [])
        spec.setdefault("description", f"Nhiệm vụ {order + 1}")
        spec.setdefault("number", str(order + 1))
        task = DirectiveTask(sort_order=order, **spec)
        task.units = units
        page.tasks.add(task)
    return publish(index, page)


def submission(
    section_unit: Unit,
    directive_page: DirectivePage,
    *,
    title: str,
    tasks=(),
    report: bool = False,
    published: bool = True,
    **fields,
):
    page_class = ResultsReportPage if report else ImplementationPlanPage
    page = page_class(title=title, directive=directive_page, **fields)
    page.tasks = list(tasks)
    section = section_unit.section
    if not published:
        page.live = False
        section.add_child(instance=page)
        page.save_revision()
        return page
    return publish(section, page)


def pdf_bytes(text: str = "Bao cao") -> bytes:
    """A small valid one-page PDF (no library needed to read it back in a browser)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def document(unit_: Unit, title: str, content: bytes | None = None):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    doc = Document(title=title, collection=unit_.collection)
    doc.file.save(f"{slugify_vi(title)}.pdf", ContentFile(content or pdf_bytes(title)), save=False)
    doc.save()
    return doc


# The password of the people user_in makes, for tests that sign in as them.
PEOPLE_PASSWORD = "mat-khau-dai-du-10"


def user_in(group, username: str, **fields):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username,
        password=PEOPLE_PASSWORD,
        email=fields.pop("email", f"{username}@tinhuy.test"),
        **fields,
    )
    user.groups.add(group)
    return user


def indicator_value(task, code: str, value) -> IndicatorValue:
    return IndicatorValue(task=task, code=code, value=Decimal(str(value)))
