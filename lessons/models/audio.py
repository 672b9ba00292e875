"""Uploaded audio clips: a recorded word, phrase or dialogue for a lesson or glossary term."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

AUDIO_EXTENSIONS = ["mp3", "m4a", "ogg", "oga", "opus", "wav", "webm"]
AUDIO_MAX_BYTES = 3 * 1024 * 1024

# What each kind of audio file starts with (its "magic number"), so a renamed
# image or program is refused even with an audio extension.
_SIGNATURES = {
    "mp3": [(0, b"ID3"), (0, b"\xff\xfb"), (0, b"\xff\xf3"), (0, b"\xff\xf2")],
    "m4a": [(4, b"ftyp")],
    "ogg": [(0, b"OggS")],
    "oga": [(0, b"OggS")],
    "opus": [(0, b"OggS")],
    "wav": [(0, b"RIFF")],
    "webm": [(0, b"\x1a\x45\xdf\xa3")],
}


def audio_kind(head, extension):
    """True if the first bytes of a file match what its extension promises."""
    if extension == "wav" and head[8:12] != b"WAVE":
        return False
    return any(head[offset : offset + len(magic)] == magic for offset, magic in _SIGNATURES.get(extension, []))


def validate_audio_file(file):
    """Refuse files that are too large or whose content is not the audio their name says."""
    if file.size > AUDIO_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB. Audio clips can be at most %(limit)s MB."),
            params={"size": round(file.size / 1024 / 1024, 1), "limit": AUDIO_MAX_BYTES // 1024 // 1024},
            code="too_large",
        )
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if not audio_kind(head, extension):
        raise ValidationError(_("This file is not a recognised audio file."), code="not_audio")


class AudioClip(index.Indexed, models.Model):
    """One uploaded recording, chosen by audio blocks and glossary terms."""

    title = models.CharField(_("title"), max_length=120, help_text=_("What is said, for finding the clip later."))
    file = models.FileField(
        _("file"),
        upload_to="audio/",
        validators=[FileExtensionValidator(AUDIO_EXTENSIONS), validate_audio_file],
        help_text=_("MP3, M4A, OGG, Opus, WAV or WebM audio, at most 3 MB. Keep clips short."),
    )
    transcript = models.TextField(
        _("transcript"), blank=True, help_text=_("The words spoken, for learners who cannot listen.")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    search_fields = [index.SearchField("title"), index.SearchField("transcript"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("audio clip")
        verbose_name_plural = _("audio clips")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def mime_type(self):
        extension = self.file.name.rsplit(".", 1)[-1].lower()
        return {
            "mp3": "audio/mpeg",
            "m4a": "audio/mp4",
            "wav": "audio/wav",
            "webm": "audio/webm",
        }.get(extension, "audio/ogg")
