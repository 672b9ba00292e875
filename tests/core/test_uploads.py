"""Uploads through the Wagtail admin: what images and documents are accepted, and how documents are served."""

import struct
import zlib
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import resolve
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from core.media_serving import is_private_media, media_urlpatterns, serve_media

pytestmark = [
    pytest.mark.django_db,
    # The decompression-bomb tests make Pillow warn before the upload is refused.
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]

Image = get_image_model()
Document = get_document_model()

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def picture(kind, size=(40, 30)):
    """The bytes of a small real picture in the given Pillow format."""
    buffer = BytesIO()
    PILImage.new("RGB", size, (20, 80, 140)).save(buffer, kind)
    return buffer.getvalue()


def png_claiming(width, height):
    """A PNG of a few dozen bytes whose header claims width × height pixels (a decompression bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)  # far too little data: only the header matters
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def upload_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {
            "title": "A picture",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().id,
        },
    )


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "A handout",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().id,
        },
    )


def file_errors(response):
    """The error messages on the upload form's file field."""
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get("file", []))


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# Images


@pytest.mark.parametrize(("name", "kind"), [("photo.png", "PNG"), ("photo.jpg", "JPEG"), ("photo.webp", "WEBP")])
def test_real_pictures_are_accepted(editor_client, name, kind):
    response = upload_image(editor_client, name, picture(kind))
    assert response.status_code == 302
    assert Image.objects.filter(title="A picture").count() == 1


def test_svg_is_refused(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert "Not a supported image format" in file_errors(upload_image(editor_client, "logo.svg", svg))
    assert not Image.objects.exists()


@override_settings(WAGTAILIMAGES_EXTENSIONS=["png", "svg"])
def test_svg_is_refused_even_if_the_settings_allow_it(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    assert "SVG pictures cannot be uploaded" in file_errors(upload_image(editor_client, "logo.svg", svg))
    assert not Image.objects.exists()


def test_svg_named_png_is_refused(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    assert file_errors(upload_image(editor_client, "logo.png", svg))
    assert not Image.objects.exists()


def test_text_named_png_is_refused(editor_client):
    errors = file_errors(upload_image(editor_client, "notes.png", b"just some text, not a picture\n" * 10))
    assert "Upload a valid image" in errors
    assert not Image.objects.exists()


def test_jpeg_named_png_is_refused(editor_client):
    errors = file_errors(upload_image(editor_client, "photo.png", picture("JPEG")))
    assert "does not match the file format" in errors
    assert not Image.objects.exists()


def test_truncated_picture_is_refused_with_a_message(editor_client):
    damaged = picture("PNG", (200, 200))[:-40]
    errors = file_errors(upload_image(editor_client, "photo.png", damaged))
    assert "could not be read" in errors
    assert not Image.objects.exists()


def test_oversize_picture_is_refused(editor_client):
    big = picture("PNG") + b"\0" * (settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1)
    assert "This file is too big" in file_errors(upload_image(editor_client, "photo.png", big))
    assert not Image.objects.exists()


@pytest.mark.parametrize("size", [(100_000, 100_000), (6_000, 5_000)])
def test_decompression_bomb_is_refused_with_a_message(editor_client, size):
    errors = file_errors(upload_image(editor_client, "bomb.png", png_claiming(*size)))
    assert "too many pixels" in errors
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("language", "limit", "wrong"), [("en", "at most 25 million pixels", "million."), ("ko", "2,500만", "백만")]
)
def test_too_many_pixels_message_says_the_limit_as_the_language_counts(editor_client, editor, language, limit, wrong):
    """English counts in millions ("25 million pixels"); Korean in 만 and 억 ("2,500만"), never "25백만"."""
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    response = upload_image(editor_client, "bomb.png", png_claiming(6_000, 5_000))
    assert "too_many_pixels" in [error.code for error in response.context["form"].errors.as_data()["file"]]
    page = response.content.decode()  # the page as rendered in the editor's language
    assert limit in page
    assert wrong not in page


def photo_with_location(kind="JPEG"):
    """A phone-like photo: orientation, GPS position, artist name, camera serial number and XMP."""
    exif = PILImage.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90°
    exif[0x013B] = "Kim Editor"  # Artist
    exif[0xA431] = "SN-123456"  # BodySerialNumber
    exif.get_ifd(0x8825).update({1: "N", 2: (40.0, 44.0, 54.0), 3: "W", 4: (73.0, 59.0, 10.0)})
    buffer = BytesIO()
    options = {"exif": exif.tobytes()}
    if kind in ("JPEG", "WEBP"):
        options["xmp"] = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>40,44N</exif:GPSLatitude></x:xmpmeta>'
    PILImage.new("RGB", (40, 30), (20, 80, 140)).save(buffer, kind, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "kind"), [("photo.jpg", "JPEG"), ("photo.png", "PNG"), ("photo.webp", "WEBP")])
def test_location_and_other_metadata_are_removed_orientation_kept(editor_client, name, kind):
    content = photo_with_location(kind)
    with PILImage.open(BytesIO(content)) as original:
        assert original.getexif().get_ifd(0x8825)  # the test photo does carry a location
    assert upload_image(editor_client, name, content).status_code == 302
    image = Image.objects.get()
    with image.open_file() as stored, PILImage.open(stored) as picture:
        assert dict(picture.getexif()) == {0x0112: 6}
        assert not picture.getexif().get_ifd(0x8825)
        assert "xmp" not in picture.info and "XML:com.adobe.xmp" not in picture.info
        assert picture.format == kind and picture.size == (40, 30)
    assert image.file_size == image.file.size


def test_a_phone_jpeg_with_extra_pictures_keeps_the_photo_without_metadata(editor_client):
    exif = PILImage.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (40.0, 44.0, 54.0)})
    buffer = BytesIO()
    photo, extra = PILImage.new("RGB", (40, 30), (200, 0, 0)), PILImage.new("RGB", (40, 30))
    photo.save(buffer, "MPO", save_all=True, append_images=[extra], exif=exif.tobytes())
    assert PILImage.open(BytesIO(buffer.getvalue())).format == "MPO"
    assert upload_image(editor_client, "photo.jpg", buffer.getvalue()).status_code == 302
    with Image.objects.get().open_file() as stored, PILImage.open(stored) as picture:
        assert picture.format == "JPEG" and not picture.getexif()
        assert picture.getpixel((20, 15))[0] > 150  # the photo, not the extra picture


def test_a_picture_without_metadata_is_stored_unchanged(editor_client):
    content = picture("JPEG")
    upload_image(editor_client, "photo.jpg", content)
    with Image.objects.get().open_file() as stored:
        assert stored.read() == content


def test_png_text_chunks_are_removed(editor_client):
    info = PngInfo()
    info.add_text("Author", "Kim Editor")
    buffer = BytesIO()
    PILImage.new("RGB", (40, 30)).save(buffer, "PNG", pnginfo=info)
    upload_image(editor_client, "photo.png", buffer.getvalue())
    with Image.objects.get().open_file() as stored, PILImage.open(stored) as picture:
        assert not picture.text


def test_an_image_can_be_renamed_without_uploading_it_again(editor_client):
    upload_image(editor_client, "photo.png", picture("PNG"))
    image = Image.objects.get()
    data = {"title": "Renamed", "collection": image.collection_id}
    assert editor_client.post(f"/admin/images/{image.id}/", data).status_code == 302
    image.refresh_from_db()
    assert image.title == "Renamed" and image.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("content", "message"),
    [(png_claiming(6_000, 5_000), "too many pixels"), (picture("PNG", (200, 200))[:-40], "could not be read")],
)
def test_multiple_uploader_refuses_bad_pictures_with_a_message(editor_client, content, message):
    response = editor_client.post("/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("bad.png", content)})
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert message in response.json()["error_message"]
    assert not Image.objects.exists()


def test_pillow_limit_matches_the_setting():
    assert PILImage.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 25_000_000


# Documents


def test_pdf_is_accepted(editor_client):
    assert upload_document(editor_client, "handout.pdf", PDF).status_code == 302
    assert Document.objects.filter(title="A handout").count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\0" * 100),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("notes.txt", b"plain text"),
    ],
)
def test_other_kinds_of_document_are_refused(editor_client, name, content):
    assert "cannot be uploaded" in file_errors(upload_document(editor_client, name, content))
    assert not Document.objects.exists()


def test_a_pdf_that_is_not_a_pdf_is_refused(editor_client):
    errors = file_errors(upload_document(editor_client, "handout.pdf", b"<html><script>alert(1)</script></html>"))
    assert "not a real PDF document" in errors
    assert not Document.objects.exists()


def test_oversize_document_is_refused(editor_client):
    big = PDF + b"\0" * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert "This file is too big" in file_errors(upload_document(editor_client, "handout.pdf", big))
    assert not Document.objects.exists()


@pytest.fixture
def document(editor_client):
    upload_document(editor_client, "handout.pdf", PDF)
    return Document.objects.get()


def test_documents_download_as_sandboxed_attachments(client, document):
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy


def test_document_with_the_wrong_filename_is_not_found(client, document):
    assert client.get(f"/documents/{document.id}/other.pdf").status_code == 404


def test_document_files_are_not_served_from_media(client, document):
    assert document.file.name.startswith("documents/")
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404


@override_settings(DEBUG=True)
def test_development_media_serving_refuses_document_files(document):
    (pattern,) = media_urlpatterns()
    assert pattern.resolve("media/" + document.file.name).func is serve_media
    request = RequestFactory().get("/media/" + document.file.name)
    for path in [document.file.name, "images/../" + document.file.name, "Documents/x.pdf", "documents"]:
        with pytest.raises(Http404):
            serve_media(request, path)


@override_settings(DEBUG=True)
def test_development_media_serving_still_serves_images(editor_client):
    upload_image(editor_client, "photo.png", picture("PNG"))
    name = Image.objects.get().file.name
    response = serve_media(RequestFactory().get("/media/" + name), name)
    assert response.status_code == 200


def test_private_media_paths():
    assert is_private_media("documents/a.pdf") and is_private_media("./documents/a.pdf")
    assert is_private_media("original_images/../documents/a.pdf")
    assert not is_private_media("original_images/a.png") and not is_private_media("documents-x/a.png")


def test_media_is_not_routed_outside_development():
    assert media_urlpatterns() == []
    assert resolve("/documents/1/a.pdf").url_name == "wagtaildocs_serve"


# Who may upload


@pytest.mark.parametrize("url", ["/admin/images/add/", "/admin/documents/add/", "/admin/images/multiple/add/"])
def test_learners_and_visitors_cannot_upload(client, learner, url):
    upload = {"title": "x", "file": SimpleUploadedFile("photo.png", picture("PNG"))}
    anonymous = client.post(url, upload)
    assert anonymous.status_code == 302
    client.force_login(learner)
    upload["file"] = SimpleUploadedFile("photo.png", picture("PNG"))
    signed_in = client.post(url, upload)
    assert signed_in.status_code in (302, 403)
    assert not Image.objects.exists() and not Document.objects.exists()
