"""What every fuzz test shares: one rolled-back example at a time, row counts, and the checks on a reply.

`example(client)` runs one hypothesis example inside a savepoint that is
always rolled back, with an empty cache (sign-in throttling) and the client's
cookies (its session) put back afterwards, so one signed-in client per role
serves every example. `row_counts()` counts the rows of every project table in
one query. The `assert_*` helpers say what a clear refusal or a consistent
success looks like.
"""

from contextlib import contextmanager
from http.cookies import SimpleCookie

from django.apps import apps
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.cache import cache
from django.db import connection, models, transaction
from django.utils import translation
from django.utils.html import escape
from hypothesis import HealthCheck, settings

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""The settings of every fuzz test: 200 examples each, no deadline (the first request warms caches)."""

COUNTED_APPS = ("accounts", "auth", "core", "lessons", "progress", "otp_static", "otp_totp")
"""Apps whose tables are counted before and after every example: ours, auth (group membership), two-factor devices."""


def counted_models():
    """Every concrete table of COUNTED_APPS, many-to-many tables included, as {label: model}.

    Sessions are left out: signing in and out writes them, whatever the form said.
    """
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if issubclass(model, AbstractBaseSession):
            continue
        if meta.app_label in COUNTED_APPS and meta.managed and not meta.proxy:
            found[meta.label] = model
    return dict(sorted(found.items()))


def row_counts():
    """{model label: number of rows} for every counted table, in one query."""
    counted = counted_models()
    quote = connection.ops.quote_name
    # Table names come from the app registry, quoted: nothing here comes from a request.
    tables = [quote(model._meta.db_table) for model in counted.values()]
    columns = ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    return dict(zip(counted, row, strict=True))


def changes(before, after):
    """{label: difference} for the tables whose counts differ."""
    return {label: after[label] - before[label] for label in before if after[label] != before[label]}


def assert_unchanged(before, after, why=""):
    """No table gained or lost a row."""
    assert changes(before, after) == {}, f"rows changed although the submission was refused {why}".strip()


def assert_changed(before, after, exact, may_change=()):
    """The tables in `exact` changed by exactly that much, those in `may_change` by anything, no others."""
    found = changes(before, after)
    for label, delta in exact.items():
        assert found.pop(label, 0) == delta, f"{label}: expected {delta:+d}, got {after[label] - before[label]:+d}"
    stray = {label: delta for label, delta in found.items() if label not in may_change}
    assert stray == {}, f"unexpected rows changed: {stray}"


def _text_columns(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def assert_no_nul_stored():
    """No text or JSON column of a counted table holds a NUL character (one query).

    PostgreSQL refuses NUL in text outright (the request would fail loudly),
    so the search only runs where NUL can be stored silently: SQLite. Columns
    are searched as bytes, since SQLite's LIKE stops at a NUL in the pattern;
    JSON columns hold NUL escaped as \\u0000.
    """
    if connection.vendor != "sqlite":
        return
    quote = connection.ops.quote_name
    checks = {}
    for label, model in counted_models().items():
        conditions = []
        for field in _text_columns(model):
            column = quote(field.column)
            if isinstance(field, models.JSONField):
                conditions.append(f"instr({column}, '\\u0000') > 0")
            else:
                conditions.append(f"instr(CAST({column} AS BLOB), X'00') > 0")
        if conditions:
            table = quote(model._meta.db_table)
            checks[label] = f"EXISTS(SELECT 1 FROM {table} WHERE {' OR '.join(conditions)})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(checks.values())}")
        found = [label for label, hit in zip(checks, cursor.fetchone(), strict=True) if hit]
    assert not found, f"a NUL character was stored in {found}"


@contextmanager
def example(*clients):
    """One example: everything it writes is rolled back, and the clients keep their sessions."""
    cookies = [SimpleCookie(client.cookies) for client in clients]
    cache.clear()
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        for client, saved in zip(clients, cookies, strict=True):
            client.cookies = saved
        cache.clear()


def in_language(message, language):
    """A message (lazy, a ValidationError, or plain text) as it reads in `language`."""
    from django.core.exceptions import ValidationError

    with translation.override(language):
        if isinstance(message, ValidationError):
            return list(message)
        return [str(message)]


def form_of(response, name="form"):
    """The form in a rendered reply's context, or None."""
    context = getattr(response, "context", None)
    if context is None:
        return None
    try:
        return context[name]
    except KeyError:
        return None


def assert_refused_with_form_errors(response, language, name="form"):
    """The form came back (200) with its errors, each shown on the page in the page's language.

    Under /ko/, an error the Korean catalogue translates must show in Korean,
    not in English.
    """
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    assert response["Content-Language"] == language
    form = form_of(response, name)
    assert form is not None and form.errors, "refused without saying why"
    html = response.content.decode()
    for errors in form.errors.as_data().values():
        for error in errors:
            expected = in_language(error, language)
            for message in expected:
                assert escape(message) in html, f"error {message!r} not shown"
            if language == "ko":
                for english, korean in zip(in_language(error, "en"), expected, strict=True):
                    if english != korean:
                        assert escape(english) not in html, f"error shown in English: {english!r}"


def sent_messages(response):
    """The texts of the messages (django.contrib.messages) a reply queued, as the person will read them."""
    storage = getattr(response.wsgi_request, "_messages", None)
    return [str(message.message) for message in getattr(storage, "_queued_messages", [])]


def assert_message_in_language(text, language):
    """Under /ko/, a message whose English text the Korean catalogue translates must not be in English."""
    if language != "ko":
        return
    with translation.override("ko"):
        korean = translation.gettext(text)
    assert korean == text, f"message shown in English although the catalogue has Korean: {text!r}"


def assert_redirect_with_message(response, language):
    """A redirect (the usual success) that queued at least one message, in the page's language."""
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
    texts = sent_messages(response)
    assert texts, "no message told the person what happened"
    for text in texts:
        assert_message_in_language(text, language)
    return texts
