"""An image that cannot be decoded whole is a form error, never a 500."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images.models import Image

import pytest
from PIL import Image as Picture

pytestmark = pytest.mark.django_db


def jpeg(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Picture.new("RGB", size, (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def corrupt_jpeg() -> bytes:
    """A valid-looking 254-byte header (markers, tables, frame size) and then garbage."""
    return jpeg((800, 600))[:254] + bytes(range(256)) * 40


@pytest.fixture
def editor(client, workspace):
    """Images are the administrators' (unit groups hold no image permission)."""
    from django.contrib.auth import get_user_model

    client.force_login(
        get_user_model().objects.create_superuser("quantri", "q@x.test", "mat-khau-dai-du-10")
    )
    return client


@pytest.mark.parametrize(
    "content",
    [corrupt_jpeg(), b"", b"\xff\xd8\xff", b"GIF89a" + b"\x00" * 10],
    ids=["corrupt", "empty", "bare marker", "header only"],
)
def test_broken_images_are_refused_on_both_upload_forms(editor, workspace, content):
    collection = workspace.a.unit.collection.pk
    single = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ảnh hỏng",
            "file": SimpleUploadedFile("anh.jpg", content),
            "collection": collection,
        },
    )
    assert single.status_code == 200
    assert "Ảnh hỏng" in single.content.decode()  # the title typed is kept
    multiple = editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("anh.jpg", content), "collection": collection},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert multiple.status_code == 200
    assert multiple.json()["success"] is False
    assert not Image.objects.exists()


def test_a_whole_image_uploads(editor, workspace):
    response = editor.post(
        reverse("wagtailimages:add_multiple"),
        {
            "files[]": SimpleUploadedFile("anh.jpg", jpeg()),
            "collection": workspace.a.unit.collection.pk,
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["success"] is True
    assert Image.objects.get().width == 64
