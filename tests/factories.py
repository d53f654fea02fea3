"""Builders for exactly what a test needs, on top of an empty or bootstrapped tree."""

from datetime import date

from wagtail.models import Page

from directives.models import (
    DirectiveIndexPage,
    DirectivePage,
    DirectiveTask,
    DocumentType,
    ImplementationPlanPage,
    ResultsReportPage,
    Unit,
    UnitCategory,
    UnitIndexPage,
)
from home.models import HomePage


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def site_tree() -> tuple[HomePage, DirectiveIndexPage, UnitIndexPage]:
    """Home, directive index and unit index, reusing those of the bootstrap if present."""
    from directives.bootstrap import BootstrapReport, ensure_index_page, ensure_site_home

    report = BootstrapReport()
    home = ensure_site_home(report)
    return (
        home,
        ensure_index_page(DirectiveIndexPage, home, "Văn bản chỉ đạo", "van-ban", report),
        ensure_index_page(UnitIndexPage, home, "Đơn vị", "don-vi", report),
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
        section.add_child(instance=page)
        page.save_revision()
        return page
    return publish(section, page)
