"""Large numbers written as each language says them (core.numbers)."""

import pytest
from django.utils import translation

from core.numbers import count_in_words


@pytest.mark.parametrize(
    ("language", "number", "words"),
    [
        ("en", 25_000_000, "25 million"),
        ("en", 2_500_000, "2.5 million"),
        ("en", 500_000, "500,000"),
        ("ko", 25_000_000, "2,500만"),
        ("ko", 2_500_000, "250만"),
        ("ko", 125_000_000, "1억 2,500만"),
        ("ko", 10_000, "1만"),
        ("ko", 25_000_123, "2,500만 123"),
        ("ko", 999, "999"),
    ],
)
def test_count_in_words(language, number, words):
    with translation.override(language):
        assert count_in_words(number) == words
