"""Repeated failed sign-ins lock that username from that address only, for a while."""

from django.urls import reverse

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, ip):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_lockout_per_username_and_address(client, staff_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "canbo", "sai", "10.1.1.1").status_code == 200
    assert sign_in(client, "canbo", "sai", "10.1.1.1").status_code == 429
    locked = sign_in(client, "canbo", "mat-khau-dai-du-10", "10.1.1.1")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert "15 phút" in locked.content.decode()
    # The same office address still lets colleagues in; the same user from elsewhere too.
    other_user = staff_user.__class__.objects.create_user(
        "dongnghiep", password="mat-khau-dai-du-10"
    )
    assert sign_in(client, other_user.username, "mat-khau-dai-du-10", "10.1.1.1").status_code == 302
    client.logout()
    assert sign_in(client, "canbo", "mat-khau-dai-du-10", "10.9.9.9").status_code == 302
    assert AccessAttempt.objects.filter(username="canbo", ip_address="10.1.1.1").exists()


def test_admin_login_is_covered_too(client, staff_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "canbo", "password": "sai"},
            REMOTE_ADDR="10.2.2.2",
        )
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "canbo", "password": "mat-khau-dai-du-10"},
        REMOTE_ADDR="10.2.2.2",
    )
    assert response.status_code == 429


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, staff_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "canbo", "password": "sai"},
            REMOTE_ADDR="10.3.3.3",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        reverse("login"),
        {"username": "canbo", "password": "mat-khau-dai-du-10"},
        REMOTE_ADDR="10.3.3.3",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429


def test_the_admin_sign_in_page_gets_its_icons_and_translations_before_sign_in(client, db):
    # Redirected to /login/, they injected the site's login form into the admin's.
    sprite = client.get("/admin/sprite/")
    assert sprite.status_code == 200 and b"<svg" in sprite.content
    catalogue = client.get("/admin/jsi18n/")
    assert catalogue.status_code == 200 and b"django" in catalogue.content
    # Everything else of the admin still needs a sign-in.
    assert client.get("/admin/").status_code == 302


def test_the_admin_sign_in_form_is_vietnamese(client, db):
    html = client.get("/admin/login/").content.decode()
    assert "Mật khẩu" in html and "Password" not in html
    assert 'placeholder="Nhập tên đăng nhập"' in html
