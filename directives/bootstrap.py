"""Loading the portal's real content (and, on request, demo accounts).

Idempotent: what exists is left as it is (an editor may have corrected it in
the CMS), what is missing is created. The content comes from the project's
own structured copy of the source documents in directives/content/.
"""

import json
import secrets
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from directives.deadlines import parse_deadline
from directives.demo import DEMO_MARK, ensure_demo_addresses, ensure_demo_directive
from directives.locales import in_source_locale, mirror_tree
from directives.models import (
    DirectiveIndexPage,
    DirectivePage,
    DirectiveTask,
    DocumentType,
    ImplementationPlanPage,
    Recurrence,
    ResultsReportPage,
    SubmissionPage,
    Unit,
    UnitIndexPage,
)
from directives.units.provisioning import (
    department_editors_ensure,
    department_group_ensure,
    leadership_group_ensure,
    unit_section_ensure,
    unit_workflow_ensure,
)
from home.models import HomePage

CONTENT_FILE = Path(__file__).resolve().parent / "content" / "portal.json"


@dataclass
class BootstrapReport:
    created: list[str] = field(default_factory=list)
    demo_password: str | None = None
    demo_usernames: list[str] = field(default_factory=list)


def load_content() -> dict:
    return json.loads(CONTENT_FILE.read_text(encoding="utf-8"))


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _guidance_body(guidance: dict) -> list[tuple[str, object]]:
    body: list[tuple[str, object]] = [("paragraph", _paragraphs([guidance["preamble"]]))]
    for section in guidance["sections"]:
        body.append(
            (
                "section",
                {
                    "number": section["number"],
                    "heading": section["heading"],
                    "body": "",
                    "subsections": [
                        {
                            "number": sub["number"],
                            "heading": sub["heading"],
                            "body": _paragraphs(sub["paragraphs"]),
                        }
                        for sub in section["subsections"]
                    ],
                },
            )
        )
    body.append(("paragraph", _paragraphs([guidance["closing"]])))
    return body


def _tree_root() -> Page:
    """The tree's root, as Wagtail's migrations make it, for a database emptied by `flush`."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.add_root(instance=Page(title="Root", slug="root", live=True))


def ensure_site_home(report: BootstrapReport) -> HomePage:
    home = HomePage.objects.filter(in_source_locale()).first()
    if home is None:
        root = Page.get_first_root_node() or _tree_root()
        # Wagtail's migrations leave a placeholder "Welcome" page at the top.
        for placeholder in root.get_children().filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            placeholder.delete()
        home = HomePage(
            title="Cổng chỉ đạo, điều hành",
            slug="home",
            intro="Văn bản chỉ đạo của Ban Tuyên giáo Tỉnh ủy, nhiệm vụ được giao "
            "và kết quả thực hiện của các đơn vị.",
        )
        _publish_child(root, home)
        report.created.append("trang chủ")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Cổng chỉ đạo",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Cổng chỉ đạo"
        site.save()
    return home


def ensure_index_page(model, home: HomePage, title: str, slug: str, report: BootstrapReport):
    page = model.objects.first()
    if page is None:
        page = _publish_child(home, model(title=title, slug=slug))
        report.created.append(title)
    return page


def _registries(content: dict, report: BootstrapReport) -> None:
    for order, item in enumerate(content["document_types"]):
        _, created = DocumentType.objects.get_or_create(
            name=item["name"], defaults={"code": item["code"], "sort_order": order}
        )
        if created:
            report.created.append(f"loại văn bản {item['name']}")
    for order, item in enumerate(content["units"]):
        unit = Unit.objects.filter(name=item["name"]).first()
        if unit is None:
            unit = Unit.objects.create(
                name=item["name"],
                short_name=item["short_name"],
                category=item["category"],
                sort_order=order,
            )
            report.created.append(f"đơn vị {unit.name}")
        unit_section_ensure(unit=unit)


def _task_units(spec: dict) -> list[Unit]:
    if "names" in spec:
        return list(Unit.objects.filter(name__in=spec["names"]))
    if "categories" in spec:
        return list(Unit.objects.filter(category__in=spec["categories"], is_active=True))
    return []


def _directives(content: dict, index: DirectiveIndexPage, report: BootstrapReport) -> None:
    plan_data, guidance_data = content["plan"], content["guidance"]
    plan = DirectivePage.objects.filter(
        in_source_locale(), number_symbol=plan_data["number_symbol"]
    ).first()
    if plan is None:
        # Only the plan's metadata is known: its body stays empty for editors.
        plan = _publish_child(
            index,
            DirectivePage(
                title=plan_data["title"],
                slug=plan_data["slug"],
                document_type=DocumentType.objects.get(name=plan_data["document_type"]),
                number_symbol=plan_data["number_symbol"],
                issuer=Unit.objects.get(name=plan_data["issuer"]),
                issued_on=date.fromisoformat(plan_data["issued_on"]),
                subject=plan_data["subject"],
            ),
        )
        report.created.append(plan.title)

    if DirectivePage.objects.filter(in_source_locale(), slug=guidance_data["slug"]).exists():
        return
    units_by_name = {unit.name: unit for unit in Unit.objects.all()}
    guidance = DirectivePage(
        title=guidance_data["title"],
        slug=guidance_data["slug"],
        document_type=DocumentType.objects.get(name=guidance_data["document_type"]),
        number_symbol=guidance_data["number_symbol"],
        issuer=units_by_name[guidance_data["issuer"]],
        place=guidance_data["place"],
        subject=guidance_data["subject"],
        body=_guidance_body(guidance_data),
        recipients=[
            (kind, units_by_name[value] if kind == "unit" else value)
            for kind, value in guidance_data["recipients"]
        ],
        signing_authority=guidance_data["signing_authority"],
        signer_position=guidance_data["signer_position"],
        signer_name=guidance_data["signer_name"],
        implements=plan,
    )
    for order, spec in enumerate(guidance_data["tasks"]):
        task = DirectiveTask(
            sort_order=order,
            number=spec["number"],
            assignee_label=spec["assignee_label"],
            description=spec["description"],
            applies_to_all_assignees=spec["units"].get("all_assignees", False),
            deadline_text=spec["deadline_text"],
            due_date=(
                parse_deadline(spec["deadline_text"])
                if spec["recurrence"] == Recurrence.ONCE
                else None
            ),
            recurrence=spec["recurrence"],
            report_required=spec["report_required"],
        )
        task.units = _task_units(spec["units"])
        guidance.tasks.add(task)
    _publish_child(index, guidance)
    report.created.append(guidance.title)


def ensure_languages(report: BootstrapReport) -> None:
    """Every content language has its locale; the English tree mirrors the public pages."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        _locale, created = Locale.objects.get_or_create(language_code=code)
        if created:
            report.created.append(f"ngôn ngữ {code}")
    if mirrored := mirror_tree():
        report.created.append(f"{mirrored} trang bản tiếng Anh (chờ dịch)")


def ensure_workspaces(unit_index: UnitIndexPage) -> None:
    """The department's groups and the unit approval workflow."""
    department_group_ensure()
    leadership_group_ensure()
    department_editors_ensure()
    unit_workflow_ensure(index=unit_index)


def _demo_users(password: str, report: BootstrapReport) -> int:
    """Create missing demo accounts with `password`; returns how many were created."""
    User = get_user_model()
    created = 0
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@localhost", password)
        report.created.append("tài khoản admin")
        created += 1
    report.demo_usernames.append("admin")
    report.demo_usernames.append("reviewer")
    report.demo_usernames.append("department-editor")
    if not User.objects.filter(username="department-editor").exists():
        editor = User.objects.create_user(
            "department-editor",
            password=password,
            first_name=f"{DEMO_MARK} Biên tập viên Ban Tuyên giáo",
        )
        editor.groups.add(department_editors_ensure())
        report.created.append("tài khoản department-editor")
        created += 1
    report.demo_usernames.append("lanh-dao")
    if not User.objects.filter(username="lanh-dao").exists():
        leader = User.objects.create_user(
            "lanh-dao", password=password, first_name=f"{DEMO_MARK} Lãnh đạo Ban Tuyên giáo"
        )
        leader.groups.add(leadership_group_ensure())
        report.created.append("tài khoản lanh-dao")
        created += 1
    if not User.objects.filter(username="reviewer").exists():
        reviewer = User.objects.create_user(
            "reviewer", password=password, first_name=f"{DEMO_MARK} Chuyên viên thẩm định"
        )
        reviewer.groups.add(department_group_ensure())
        report.created.append("tài khoản reviewer")
        created += 1
    for unit in Unit.objects.select_related("editors_group", "approvers_group"):
        for role, group in (("editor", unit.editors_group), ("approver", unit.approvers_group)):
            username = f"{unit.slug}-{role}"
            report.demo_usernames.append(username)
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(
                username,
                password=password,
                first_name=f"{DEMO_MARK} {'Biên tập' if role == 'editor' else 'Lãnh đạo'}",
                last_name=unit.display_name,
            )
            user.groups.add(group)
            report.created.append(f"tài khoản {username}")
            created += 1
    return created


DEMO_SUBMISSIONS = (
    # (unit name, page class, task numbers, title)
    (
        "Sở Thông tin và Truyền thông",
        ImplementationPlanPage,
        ["2"],
        "Kế hoạch thực hiện Kế hoạch số 53-KH/TU",
    ),
    (
        "Thành ủy Đà Lạt",
        ImplementationPlanPage,
        ["3"],
        "Kế hoạch phổ biến, quán triệt Kế hoạch số 53-KH/TU",
    ),
    (
        "Báo Lâm Đồng",
        ResultsReportPage,
        ["4", "BC"],
        "Báo cáo kết quả thực hiện Kế hoạch số 53-KH/TU",
    ),
)


def _demo_submissions(content: dict, report: BootstrapReport) -> None:
    guidance = DirectivePage.objects.get(in_source_locale(), slug=content["guidance"]["slug"])
    tasks = {task.number: task for task in guidance.tasks.all()}
    for unit_name, page_class, numbers, title in DEMO_SUBMISSIONS:
        unit = Unit.objects.get(name=unit_name)
        full_title = f"{DEMO_MARK} {title}"
        if SubmissionPage.objects.filter(unit=unit, title=full_title).exists():
            continue
        page = page_class(
            title=full_title,
            directive=guidance,
            body=[
                (
                    "paragraph",
                    "<p>Văn bản mẫu để trình diễn cổng (DEMO), không phải văn bản thật "
                    "của đơn vị.</p>",
                )
            ],
            signer_name=f"{DEMO_MARK} Người ký mẫu",
        )
        page.tasks = [tasks[number] for number in numbers]
        _publish_child(unit.section, page)
        report.created.append(full_title)


BOOTSTRAP_STEPS = 5
DEMO_STEPS = 3


@transaction.atomic
def bootstrap_portal(
    *, demo: bool = False, password: str | None = None, progress=None
) -> BootstrapReport:
    """`progress` (portal.progress.Progress) is told each step as it starts:
    BOOTSTRAP_STEPS of them, DEMO_STEPS more with the demo."""
    step = progress.step if progress is not None else (lambda note: None)
    report = BootstrapReport()
    content = load_content()
    step("trang chủ và mục lục")
    home = ensure_site_home(report)
    directive_index = ensure_index_page(
        DirectiveIndexPage, home, "Văn bản chỉ đạo", "van-ban", report
    )
    unit_index = ensure_index_page(UnitIndexPage, home, "Đơn vị", "don-vi", report)
    step("nhóm quyền và quy trình")
    ensure_workspaces(unit_index)
    step("danh mục đơn vị")
    _registries(content, report)
    step("văn bản chỉ đạo")
    _directives(content, directive_index, report)
    step("ngôn ngữ")
    ensure_languages(report)
    # After the languages: the group edits every language's tree.
    department_editors_ensure()
    if demo:
        step("tài khoản demo")
        password = password or secrets.token_urlsafe(12)
        if _demo_users(password, report):
            # Shown once: only the accounts created now have it.
            report.demo_password = password
        step("báo cáo demo")
        _demo_submissions(content, report)
        ensure_demo_addresses()
        step("kế hoạch demo")
        demo = ensure_demo_directive(
            index=directive_index,
            reviewer=get_user_model().objects.get(username="reviewer"),
            today=timezone.localdate(),
            publish=_publish_child,
        )
        if demo is not None:
            report.created.append(demo.title)
    return report
