"""Failed sign-ins are logged with the username typed and the address, and Site history
shows them (an unknown username broke it for everyone)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("quantri", "q@x.test", "mat-khau-dai-du-10")
    return admin


def test_site_history_lists_failed_sign_ins_of_unknown_users(client, admin_client):
    client.post(reverse("wagtailadmin_login"), {"username": "khong-ai-ca", "password": "sai"})
    client.post(reverse("wagtailadmin_login"), {"username": "quantri", "password": "sai"})
    entry = ModelLogEntry.objects.get(action="portal.login_failed", label="khong-ai-ca")
    assert entry.data["username"] == "khong-ai-ca" and entry.data["ip"] == "127.0.0.1"

    client.force_login(admin_client)
    history = reverse("wagtailadmin_reports:site_history")
    for url in (history, history + "?action=portal.login_failed"):
        response = client.get(url)
        assert response.status_code == 200
        assert "khong-ai-ca" in response.content.decode()


def test_the_migration_repairs_entries_already_written():
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    broken = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id="-",
        label="ke-la",
        action="portal.login_failed",
        data={"ip": "10.0.0.9", "username": "ke-la"},
        timestamp="2026-12-01T01:00:00Z",
    )
    migration = import_module("directives.migrations.0007_leaks_failed_login_object_ids")
    migration.unknown_user_ids(apps, None)
    broken.refresh_from_db()
    assert broken.object_id == "0" and broken.label == "ke-la"
    assert list(ModelLogEntry.objects.filter(pk=broken.pk).with_instances()) == [(broken, None)]
