"""Sample lesson content that uses every teaching block."""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from lessons.models import AudioClip, GlossaryTerm

# The smallest valid MP3 header followed by silence is enough for the validators.
MP3_BYTES = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64


def make_image(title="Drawing", width=800, height=500):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (20, 80, 140)).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def make_audio(title="Greeting"):
    clip = AudioClip(title=title, transcript="Hello, how are you?")
    clip.file.save(f"{title}.mp3", ContentFile(MP3_BYTES), save=False)
    clip.full_clean()
    clip.save()
    return clip


def make_term(term="deposit", **fields):
    defaults = {
        "korean": "보증금",
        "north_korean_note": "북한에서는 '담보금'이라고도 합니다.",
        "explanation_en": "Money you pay before moving in and get back later.",
        "explanation_ko": "이사 들어가기 전에 내고 나중에 돌려받는 돈.",
        "example_en": "The deposit is one month's rent.",
        "example_ko": "보증금은 한 달 치 월세입니다.",
    }
    defaults.update(fields)
    return GlossaryTerm.objects.create(term=term, **defaults)


def every_block(terms=None, image=None, audio=None):
    """Body stream data with one block of every kind (and a tip, a warning and a comparison)."""
    terms = terms or [make_term()]
    image = image or make_image()
    audio = audio or make_audio()
    return [
        ("heading", "Opening an account"),
        ("paragraph", "<p>A <b>checking account</b> is for everyday money.</p>"),
        ("image", {"image": image, "alt_text": "A bank counter", "caption": "At the bank"}),
        ("audio", {"clip": audio, "caption": "A greeting"}),
        ("vocabulary", {"title": "Words", "terms": terms}),
        (
            "dialogue",
            {
                "title": "At the bank",
                "lines": [
                    {"speaker": "Teller", "english": "How can I help you?", "korean": "무엇을 도와드릴까요?"},
                    {"speaker": "You", "english": "I want to open an account.", "korean": "계좌를 열고 싶어요."},
                ],
                "audio": None,
            },
        ),
        (
            "key_phrase",
            {"english": "Could you say that again?", "korean": "다시 말씀해 주시겠어요?", "note": "", "audio": None},
        ),
        (
            "callout",
            {"kind": "tip", "title": "", "text": "<p>Bring your ID.</p>", "in_north_korea": "", "in_the_us": ""},
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "",
                "text": "<p>Never share your PIN.</p>",
                "in_north_korea": "",
                "in_the_us": "",
            },
        ),
        (
            "callout",
            {
                "kind": "compare",
                "title": "Paying",
                "text": "",
                "in_north_korea": "Cash.",
                "in_the_us": "Cards and cash.",
            },
        ),
        ("checklist", {"title": "Before you go", "items": ["Photo ID", "Proof of address"]}),
    ]
