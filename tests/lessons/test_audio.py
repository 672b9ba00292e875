"""Uploaded audio: the extension, the size and the content must all say it is audio."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from lessons.models import AudioClip
from lessons.models.audio import AUDIO_MAX_BYTES, audio_kind

pytestmark = pytest.mark.django_db

MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64
OGG = b"OggS" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def clip(name, content):
    clip = AudioClip(title="A clip")
    clip.file.save(name, ContentFile(content), save=False)
    return clip


@pytest.mark.parametrize(("name", "content"), [("a.mp3", MP3), ("a.wav", WAV), ("a.ogg", OGG), ("a.MP3", MP3)])
def test_real_audio_is_accepted(name, content):
    clip(name, content).full_clean()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.mp3", PNG, "not a recognised audio file"),
        ("a.wav", b"RIFF\x24\x00\x00\x00AVI LIST" + b"\x00" * 64, "not a recognised audio file"),
        ("a.exe", MP3, "File extension “exe” is not allowed"),
        ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not allowed"),
        ("a.mp3", MP3 + b"\x00" * AUDIO_MAX_BYTES, "Audio clips can be at most 3 MB"),
    ],
)
def test_other_files_are_refused_with_a_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        clip(name, content).full_clean()
    assert message in str(error.value)


def test_signatures():
    assert audio_kind(MP3, "mp3") and audio_kind(WAV, "wav") and audio_kind(OGG, "opus")
    assert not audio_kind(PNG, "mp3") and not audio_kind(MP3, "wav") and not audio_kind(MP3, "flac")
