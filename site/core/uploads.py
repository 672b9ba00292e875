"""Checks on images and documents that editors upload through the Wagtail admin.

Wagtail already refuses an image whose extension is not in WAGTAILIMAGES_EXTENSIONS,
whose content is another format than its extension says, that is larger than
WAGTAILIMAGES_MAX_UPLOAD_SIZE or has more than WAGTAILIMAGES_MAX_IMAGE_PIXELS. The
forms here add what it leaves out:

- images: SVG is refused whatever the settings say (it can carry scripts); a damaged
  or truncated picture, which makes Wagtail's own check crash with a server error, is
  refused with a message; Pillow also checks the file's structure (verify); metadata
  (location, camera serial numbers, names) is removed, as original images are public;
- documents: the content must be what the extension promises (a ".pdf" must start
  like a PDF), on top of Wagtail's extension and size checks.

settings.WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE point here,
so the single, multiple and chooser upload views all use these forms.
"""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core.numbers import count_in_words

# What each allowed document type starts with. A type missing here cannot be
# uploaded, even if someone adds its extension to WAGTAILDOCS_EXTENSIONS.
DOCUMENT_SIGNATURES = {"pdf": b"%PDF-"}


def extension_of(name):
    """The lower-case extension of a file name, without the dot ("" if none)."""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def is_new_upload(file):
    """True for a file that came with this request (not the one already stored)."""
    return isinstance(file, UploadedFile)


def apply_pillow_pixel_limit():
    """Make Pillow's own decompression-bomb limit match WAGTAILIMAGES_MAX_IMAGE_PIXELS.

    Pillow warns above Image.MAX_IMAGE_PIXELS and refuses to open twice that; every
    later decode (renditions too) is then bounded by the same figure. Called from
    CoreConfig.ready().
    """
    PILImage.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


def damaged_image_error():
    """The error for a picture that cannot be read to the end."""
    return ValidationError(
        _("This picture could not be read. It may be damaged or incomplete. Please save it again and retry."),
        code="damaged_image",
    )


def validate_image_content(file):
    """Refuse SVG, and a picture whose structure Pillow finds broken (checksums, missing parts)."""
    kind = getattr(getattr(file, "image", None), "format_name", "")
    if extension_of(file.name) == "svg" or kind == "svg":
        raise ValidationError(_("SVG pictures cannot be uploaded. Please use PNG, JPEG or WebP."), code="svg")
    position = file.tell()
    try:
        file.seek(0)
        with PILImage.open(file) as picture:
            picture.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of error for a bad file; all mean "refuse it"
        raise damaged_image_error() from None
    finally:
        file.seek(position)


def check_pixels_before_decoding(file):
    """Refuse a picture whose header claims more pixels than allowed, before anything decodes it.

    Wagtail counts pixels only after Willow has decoded the whole picture, and Pillow
    only warns (instead of refusing) up to twice its limit: a small file claiming
    30 million pixels would be decoded into about 90 MB of memory first. Files Pillow
    cannot open are left to Wagtail's checks, which give the right message.
    """
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    too_many = ValidationError(
        _("This picture has too many pixels. It can have at most %(limit)s pixels."),
        params={"limit": count_in_words(limit)},
        code="too_many_pixels",
    )
    position = file.tell()
    try:
        file.seek(0)
        with PILImage.open(file) as picture:  # reads the header only
            width, height = picture.size
            frames = getattr(picture, "n_frames", 1)
    except PILImage.DecompressionBombError:
        raise too_many from None
    except Exception:  # noqa: BLE001 - not a picture Pillow knows: Wagtail's checks say what is wrong
        return
    finally:
        file.seek(position)
    if width * height * frames > limit:
        raise too_many


# EXIF tags kept when a picture is cleaned: only the orientation, without which a phone
# photo may show sideways. Location (GPS), camera serial numbers, owner names and dates go.
KEPT_EXIF_TAGS = {0x0112}
# Pillow's names for other metadata that can hold the same things (XMP, comments).
METADATA_INFO_KEYS = ("xmp", "XML:com.adobe.xmp", "comment")


def has_private_metadata(picture):
    """True if a Pillow picture carries metadata beyond its orientation (EXIF, XMP, comments, PNG text)."""
    if set(picture.getexif()) - KEPT_EXIF_TAGS:
        return True
    if any(key in picture.info for key in METADATA_INFO_KEYS):
        return True
    return bool(getattr(picture, "text", None))


def without_metadata(file):
    """The uploaded picture with its metadata removed (see KEPT_EXIF_TAGS), or the file itself if it has none.

    Original images are public under /media/original_images/, and a phone photo
    usually records where it was taken: an editor's home, a learner's meeting place.
    JPEGs keep their quantisation tables (quality "keep"), so they lose almost nothing.
    """
    position = file.tell()
    file.seek(0)
    with PILImage.open(file) as picture:
        if not has_private_metadata(picture):
            file.seek(position)
            return file
        exif = PILImage.Exif()
        orientation = picture.getexif().get(0x0112)
        if orientation:
            exif[0x0112] = orientation
        # A phone's JPEG with extra pictures in it (MPO: depth maps, HDR gain maps) keeps only
        # the photo itself.
        kind = "JPEG" if picture.format == "MPO" else picture.format
        options = {"format": kind, "exif": exif.tobytes() if orientation else b""}
        if picture.info.get("icc_profile"):
            options["icc_profile"] = picture.info["icc_profile"]
        if picture.format == "JPEG":
            options.update(quality="keep", subsampling="keep")
        elif kind in ("JPEG", "WEBP"):
            options.update(quality=92)
        if kind != "JPEG" and getattr(picture, "n_frames", 1) > 1:
            options["save_all"] = True
        buffer = BytesIO()
        picture.save(buffer, **options)
    cleaned = SimpleUploadedFile(file.name, buffer.getvalue(), content_type=getattr(file, "content_type", None))
    cleaned.image = getattr(file, "image", None)
    return cleaned


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, which refuses an unreadable picture with a message instead of an error page,
    and removes metadata from the picture it accepts.

    Wagtail decodes the whole picture (through Willow and Pillow) to count its
    pixels; a truncated or corrupt file makes Pillow raise, which Wagtail does not
    catch. Pillow's decompression-bomb limit is applied there, as a form error.
    """

    def to_python(self, data):
        """Pixels counted from the header first, then Wagtail's checks and validate_image_content; metadata removed."""
        if data is not None and hasattr(data, "seek"):
            check_pixels_before_decoding(data)
        try:
            file = super().to_python(data)
        except ValidationError:
            raise
        except Exception:  # noqa: BLE001 - anything Willow or Pillow raise means the file cannot be used
            raise damaged_image_error() from None
        if file is not None:
            validate_image_content(file)
            try:
                file = without_metadata(file)
            except Exception:  # noqa: BLE001 - a picture that cannot be saved again cannot be kept
                raise damaged_image_error() from None
        return file


def validate_document_content(file):
    """Refuse a document whose first bytes are not what its extension promises."""
    extension = extension_of(file.name)
    allowed = [kind for kind in settings.WAGTAILDOCS_EXTENSIONS if kind in DOCUMENT_SIGNATURES]
    if extension not in allowed:
        raise ValidationError(
            _("This kind of file cannot be uploaded. Allowed: %(kinds)s."),
            params={"kinds": ", ".join(kind.upper() for kind in allowed)},
            code="not_allowed",
        )
    signature = DOCUMENT_SIGNATURES[extension]
    position = file.tell()
    file.seek(0)
    head = file.read(len(signature))
    file.seek(position)
    if head != signature:
        raise ValidationError(
            _("This file is not a real %(kind)s document."), params={"kind": extension.upper()}, code="not_a_document"
        )


class ImageForm(BaseImageForm):
    """Wagtail's image form, with CheckedImageField for the file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.fields.get("file")
        if current is not None:
            # Wagtail builds this field in get_image_form(); keep its label and widget.
            self.fields["file"] = CheckedImageField(
                label=current.label, required=current.required, widget=current.widget, max_length=current.max_length
            )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with the content check of validate_document_content."""

    def clean_file(self):
        """Check a newly uploaded document's content; a stored one was checked when it came."""
        file = self.cleaned_data.get("file")
        if file and is_new_upload(file):
            validate_document_content(file)
        return file
