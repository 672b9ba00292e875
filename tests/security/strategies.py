"""Hypothesis strategies for fuzzing form posts and query strings.

Every value a browser (or anyone with curl) can send is a string, so "wrongly
typed" here means numbers where text is expected, text where an id is
expected, huge and negative integers, and so on. `form` builds a whole post:
each field may be missing, sent once, or sent several times (a QueryDict with
several values), and an unknown field may ride along.
"""

import string

from hypothesis import strategies as st

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
"""Hangul syllables (가 … 힣)."""

EMOJI = st.sampled_from(["😀", "🙏", "❤️", "🇰🇷", "👩🏽‍💻", "🏦", "\U0001f9d1\u200d\U0001f393"])
"""Emoji, including flag pairs, skin tones and zero-width-joiner sequences."""

CONTROL = st.characters(categories=["Cc"])
"""C0 and C1 control characters, NUL (\\x00) among them."""

ODD_CHARACTERS = st.sampled_from(["\u202e", "\ufeff", "\u200b", "\u00a0", "\u2028", "\ufffd", "\U0010fffd"])
"""Right-to-left override, byte-order mark, zero-width space, no-break space, line separator, others."""

SPECIAL_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "null",
        "None",
        "undefined",
        "[]",
        "{}",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        '"; DROP TABLE accounts_user; --',
        "%00",
        "../../etc/passwd",
        "${7*7}{{7*7}}",
        "\r\n\r\nSet-Cookie: x=1",
        '=HYPERLINK("http://example.com")',
    ]
)

HUGE_INTEGERS = st.sampled_from([2**31, 2**63, -(2**63) - 1, 10**30, -(10**30)]).map(str)
"""Integers beyond what a database column holds, as text."""

NUMBERS = st.one_of(
    st.integers().map(str),
    HUGE_INTEGERS,
    st.integers(min_value=-5, max_value=5).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1e9", "0x10", "٣", "１", " 1 ", "+1", "-0", "1_000"]),
)
"""Numbers of every shape as text: small, negative, huge, floats, other scripts' digits."""

LONG_TEXT = st.builds(
    lambda unit, length: (unit * length)[:length],
    st.sampled_from(["a", "가", "😀", "\x00", "a\x00", "가 😀 "]),
    st.sampled_from([151, 301, 10_000]),
)
"""Strings just over common length limits (150, 300) and 10,000 characters long."""


def text(max_size=40):
    """Any text a person might send, and a good deal no person would: the common fuzzing alphabet."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(HANGUL, min_size=1, max_size=max_size),
        st.lists(st.one_of(HANGUL, EMOJI, st.sampled_from(string.ascii_letters)), min_size=1, max_size=max_size).map(
            "".join
        ),
        st.text(st.one_of(CONTROL, ODD_CHARACTERS, st.sampled_from("a가")), min_size=1, max_size=max_size),
        SPECIAL_STRINGS,
        NUMBERS,
        LONG_TEXT,
    )


def field(*valid, nasty=None):
    """One field's value: one of the `valid` values, or something nasty (by default `text()`)."""
    nasty = nasty if nasty is not None else text()
    if not valid:
        return nasty
    return st.one_of(st.sampled_from(valid), nasty)


MISSING = object()
"""Marks a field left out of the post."""


def sent(value_strategy):
    """How a field is sent: missing, once, or several times."""
    return st.one_of(
        st.just(MISSING),
        value_strategy,
        value_strategy,  # sent once is the common case: give it twice the weight
        st.lists(value_strategy, min_size=2, max_size=3),
    )


def form(**fields):
    """A whole post as the test client takes it ({name: value or [values]}), with an optional unknown field."""

    def build(values, extra):
        data = {name: value for name, value in values.items() if value is not MISSING}
        if extra is not None:
            data.setdefault("unexpected", extra)
        return data

    return st.builds(
        build,
        st.fixed_dictionaries({name: sent(strategy) for name, strategy in fields.items()}),
        st.one_of(st.none(), st.none(), text(10)),
    )


LANGUAGES = st.sampled_from(["en", "ko"])
"""The interface languages: every fuzz test runs some examples under /en/ and some under /ko/."""


def values_of(data, name):
    """The values a test-client post sends under `name`, as a list (empty when it is missing)."""
    value = data.get(name, MISSING)
    if value is MISSING:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]
