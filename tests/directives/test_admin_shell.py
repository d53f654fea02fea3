"""The admin is the portal's own: no link leaves the intranet, help is the portal's,
each role's reports menu lists what it uses (directives/admin_shell.py)."""

import re

import pytest

pytestmark = pytest.mark.django_db

OUTSIDE = re.compile(r'href="https?://(?!testserver)[^"]+"')


@pytest.fixture
def people(workspace, django_user_model):
    p = workspace.people
    admin = django_user_model.objects.create_superuser("quantri", "q@example.org", "mat-khau-qt")
    return {"editor": p.a_editor, "leader": p.a_approver, "reviewer": p.reviewer, "admin": admin}


@pytest.mark.parametrize("role", ["editor", "leader", "reviewer", "admin"])
def test_no_admin_screen_links_out_of_the_intranet(client, people, role):
    client.force_login(people[role])
    for url in ("/admin/", "/admin/huong-dan/", "/admin/todo/"):
        html = client.get(url).content.decode()
        # Wagtail's <noscript> notice (no block to replace it) shows only without JavaScript.
        html = re.sub(r"<noscript.*?</noscript>", "", html, flags=re.S)
        assert OUTSIDE.findall(html) == [], url
        assert "wagtail.org" not in html and "Hướng dẫn biên tập Wagtail" not in html
        assert "<title>" in html and "- Cổng chỉ đạo</title>" in html.replace("\n", "")


def test_each_role_sees_the_reports_it_uses(client, people):
    client.force_login(people["editor"])
    unit = client.get("/admin/").content.decode()
    assert "/admin/reports/site-history/" in unit
    assert "/admin/reports/aging-pages/" not in unit
    assert "/admin/reports/page-types-usage/" not in unit
    client.force_login(people["reviewer"])
    department = client.get("/admin/").content.decode()
    assert "/admin/reports/page-types-usage/" not in department
    client.force_login(people["admin"])
    assert "/admin/reports/page-types-usage/" in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "role, opened", [("editor", "bien-tap"), ("leader", "lanh-dao"), ("reviewer", "tham-dinh")]
)
def test_the_help_page_opens_the_readers_own_part(client, people, role, opened):
    client.force_login(people[role])
    html = client.get("/admin/huong-dan/").content.decode()
    assert re.search(rf'id="{opened}"\s+open', html)
    assert len(re.findall(r"<details[^>]*\bopen\b", html)) == 1
    assert "Hướng dẫn sử dụng" in client.get("/admin/").content.decode()  # the help menu


def test_the_sign_in_page_is_the_portals(client):
    html = client.get("/admin/login/").content.decode()
    assert "Đăng nhập Cổng chỉ đạo" in html
    assert "Wagtail" not in re.sub(
        r"<(script|link|style)[^>]*>.*?</\1>|<[^>]+>", "", html, flags=re.S
    )


def test_an_impossible_day_in_a_filter_is_named_and_stays_in_the_box(client, people):
    """31/02/2026 typed in the board's "Tính đến ngày": the board says why it cannot
    use it and shows today, and the box keeps what was typed to correct it."""
    client.force_login(people["reviewer"])
    html = client.get("/admin/board/", {"as_of": "31/02/2026"}).content.decode()
    assert "Ngày “31/02/2026” không có: tháng 02/2026 chỉ có 28 ngày. Bỏ qua ngày này." in html
    assert re.search(r'<input type="text" name="as_of" value="31/02/2026"', html)
    assert "03/03/2026" not in html
