"""Large whole numbers written the way readers of the active language say them.

English groups large numbers by thousands and names millions ("25 million"); Korean
groups them by ten thousands and names 만 (10⁴) and 억 (10⁸) ("2,500만", "1억 2,500만").
Django's humanize.intword follows the English grouping in every language, which
gives "25백만" in Korean: correct word by word, but not how anyone says it.
"""

from django.utils.formats import number_format
from django.utils.translation import get_language

# Korean units, largest first: 억 = 100,000,000 and 만 = 10,000.
KOREAN_UNITS = ((100_000_000, "억"), (10_000, "만"))


def grouped(number):
    """A number with the active language's thousands separator: 2500 -> "2,500"."""
    return number_format(number, force_grouping=True)


def korean_count(number):
    """A whole number in 억 and 만: 25_000_000 -> "2,500만", 125_000_000 -> "1억 2,500만"."""
    parts = []
    for size, unit in KOREAN_UNITS:
        if number >= size:
            parts.append(f"{grouped(number // size)}{unit}")
            number %= size
    if number or not parts:
        parts.append(grouped(number))
    return " ".join(parts)


def english_count(number):
    """A whole number in millions (to two decimals) from a million up: 25_000_000 -> "25 million"."""
    if number < 1_000_000:
        return grouped(number)
    millions = round(number / 1_000_000, 2)
    return f"{grouped(int(millions) if millions.is_integer() else millions)} million"


def count_in_words(number):
    """A large whole number as the active language says it ("25 million" in English, "2,500만" in Korean).

    The result goes into a translated sentence as a parameter, followed there by what
    is counted: "at most %(limit)s pixels".
    """
    language = (get_language() or "").split("-")[0]
    return korean_count(number) if language == "ko" else english_count(number)
