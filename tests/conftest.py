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
