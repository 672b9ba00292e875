"""The access matrix: every URL of the site × seven roles × GET and POST, against learner A's objects.

- Every URL pattern Django can resolve needs a row in tests/security/routes.py (ROWS), or, under
  admin/, a rule in ADMIN_RULES; a new pattern without one fails test_every_url_pattern_is_in_the_matrix
  with a message saying how to add it.
- Each row is requested by anonymous, learner A, learner B, the tutor of A, a tutor not of A, an
  editor and a superuser; each cell's status (and redirect target) is compared with the row.
- A refused POST must leave the database as it was (row counts of every table, and every value in
  the tables of people, groups, progress and content).
- No response to a role that may not see learner A's data contains A's username, display name,
  quiz answer or certificate code.

The world is built once per module; every cell runs in a savepoint that is rolled back, so a
POST that deletes an account or changes a password does not disturb the next cell.
Set MATRIX_PRINT=1 to print every row's actual outcomes as a table.
"""

import os
from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .helpers import (
    MIRROR,
    ROLE_NAMES,
    ROLES,
    SECRET_ANSWER,
    Outcome,
    build_world,
    changed,
    db_state,
    sample_path,
    url_patterns,
)
from .routes import ADMIN_ROWS, ADMIN_RULES, ROWS

pytestmark = pytest.mark.django_db

A_FIRST = ("a",) + tuple(role for role in ROLES if role != "a")
# The roles that ask for every admin pattern: none of them may get in.
ADMIN_OUTSIDERS = ("anon", "a", "tutor_a")
RULE_PREFIXES = ("admin/",)
HOW_TO_ADD = """
Add a row for it to ROWS in tests/security/routes.py, for example:

    Route(
        key="{key}",
        label="what the URL shows, built against learner A's objects",
        url=lambda w: reverse("{key}", args=[...]),
        get=Expect(anon=LOGIN, a=200, b=404, tutor_a=404, tutor_x=404, editor=404, superuser=404),
        post=Expect(anon=LOGIN, a=405, b=405, tutor_a=405, tutor_x=405, editor=405, superuser=405),
        data=lambda w: {{...}},   # POST data that would change something if the POST were allowed
        may_see_a=ONLY_A,        # who may see A's name, answers or certificate code in the response
    ),
"""


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """Learner A's world and a signed-in client per role, built once and rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        clients, cookies = {}, {}
        for role in ROLES:
            client = Client(raise_request_exception=False)  # a server error is a cell's outcome (500)
            if role != "anon":
                client.force_login(getattr(world, role))
            clients[role] = client
            cookies[role] = SimpleCookie(client.cookies.output(header="", sep="\n"))
        yield world, clients, cookies
        transaction.set_rollback(True)


def _describe(response):
    if 300 <= response.status_code < 400:
        return f"{response.status_code}→{response.get('Location', '')}"
    return str(response.status_code)


def _body(response):
    content = response.getvalue() if hasattr(response, "getvalue") else response.content
    return content.decode("utf-8", "replace")


def request_as(matrix, role, method, url, data=None):
    """One request by one role, signed in as at the start. Returns (response, body as text)."""
    _world, clients, cookies = matrix
    client = clients[role]
    client.cookies = SimpleCookie(cookies[role].output(header="", sep="\n"))
    response = client.get(url) if method == "get" else client.post(url, data or {})
    return response, _body(response)


def run_cell(matrix, role, method, url, data, must_not_change):
    """One request in a savepoint that is rolled back. Returns (response, body, tables it changed)."""
    with transaction.atomic():
        before = db_state() if must_not_change else None
        response, body = request_as(matrix, role, method, url, data)
        difference = changed(before, db_state()) if must_not_change else []
        transaction.set_rollback(True)
    return response, body, difference


def _leaks(world, row, role, url, body):
    """A's or B's data in a response to someone who may not see it (data named in the URL aside)."""
    leaked = []
    if role != "a" and role not in row.may_see_a:
        leaked += [secret for secret in world.secrets if secret not in url and secret in body]
    may_see_b = {MIRROR.get(other, other) for other in row.may_see_a} | {"b"}
    if role not in may_see_b:
        leaked += [secret for secret in world.b_secrets if secret not in url and secret in body]
    return leaked


def _is_refusal(outcome):
    return outcome.status in (400, 403, 404, 405) or (outcome.status == 302 and "login" in outcome.to)


def check_row(matrix, row):
    """Every cell of one row: a list of problems (empty when the row holds)."""
    world = matrix[0]
    url = row.url(world)
    problems, seen = [], {"get": {}, "post": {}}
    for method in ("get", "post"):
        expect = getattr(row, method)
        data = row.data(world) if method == "post" else None
        # Learner A first and the cache kept between cells: a page stored (core/page_cache.py) or
        # a cached fragment made for A and then served to anyone else shows up as a leak.
        cache.clear()
        for role in A_FIRST:
            wanted = expect[role]
            guard = method == "post" and (_is_refusal(wanted) or role in row.changes_nothing)
            response, body, difference = run_cell(matrix, role, method, url, data, guard)
            seen[method][role] = _describe(response)
            where = f"{method.upper()} {url} as {ROLE_NAMES[role]}"
            if response.status_code >= 500:
                problems.append(f"{where}: server error {response.status_code}")
            elif not wanted.matches(response, row.language):
                problems.append(f"{where}: expected {wanted}, got {_describe(response)}")
            if difference:
                problems.append(f"{where}: a POST that should change nothing changed {', '.join(difference)}")
            leaked = _leaks(world, row, role, url, body)
            if leaked:
                problems.append(f"{where}: the response shows another person's data {leaked}")
    if os.environ.get("MATRIX_PRINT"):
        print(f"\n{row.key} | {row.label} | {url}")
        for method in ("get", "post"):
            print(f"  {method}: " + ", ".join(f"{role}={seen[method][role]}" for role in ROLES))
    return problems


# Coverage ----------------------------------------------------------------------------------------


def _rule_for(route):
    return next((rule for rule in ADMIN_RULES if route.startswith(rule.prefix)), None)


def test_every_url_pattern_is_in_the_matrix():
    """A URL pattern with neither a row nor an admin rule fails, and the message says how to add one."""
    keys = {row.key for row in ROWS}
    missing = []
    for pattern in url_patterns():
        if pattern.route.startswith(RULE_PREFIXES):
            if _rule_for(pattern.route) is None:
                missing.append(f"{pattern.route} ({pattern.view}): no rule in ADMIN_RULES covers it")
        elif pattern.key not in keys:
            missing.append(
                f"{pattern.key} (route {pattern.route}, view {pattern.view})" + HOW_TO_ADD.format(key=pattern.key)
            )
    assert not missing, "URL patterns missing from the access matrix:\n" + "\n".join(missing)


def test_every_row_names_a_url_pattern_that_exists():
    """A row left behind by a renamed or removed URL fails too."""
    known = {pattern.key for pattern in url_patterns()}
    assert not [row.key for row in ROWS if row.key not in known]


def test_the_matrix_finds_the_site_s_own_urls():
    """The walk reaches into i18n_patterns, the admin, documents and Wagtail's catch-all."""
    keys = {pattern.key for pattern in url_patterns()}
    for key in ("accounts:login", "tutor:learner", "wagtail_serve", "wagtailadmin_home", "wagtaildocs_serve"):
        assert key in keys


# The cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.key}[{row.label}]")
def test_row(matrix, row):
    problems = check_row(matrix, row)
    assert not problems, f"{row.key} ({row.label}):\n" + "\n".join(problems)


ADMIN_PATTERNS = [pattern for pattern in url_patterns() if pattern.route.startswith(RULE_PREFIXES)]


@pytest.mark.parametrize("pattern", ADMIN_PATTERNS, ids=lambda pattern: pattern.route)
def test_admin_pattern_refuses_outsiders(matrix, pattern):
    """Every admin pattern, GET and POST, as anonymous, learner A and A's tutor: never let in, nothing changed."""
    world = matrix[0]
    rule = _rule_for(pattern.route)
    url = sample_path(pattern.route, number=world.lesson.pk)
    problems = []
    cache.clear()
    with transaction.atomic():
        before = db_state()
        for role in ADMIN_OUTSIDERS:
            for method in ("get", "post"):
                response, body = request_as(matrix, role, method, url)
                where = f"{method.upper()} {url} as {ROLE_NAMES[role]} (rule {rule.prefix!r}: {rule.description})"
                wanted = rule.outcome(method)
                if not wanted.matches(response, "en"):
                    problems.append(f"{where}: expected {wanted}, got {_describe(response)}")
                leaked = [secret for secret in world.secrets + world.b_secrets if secret in body]
                if leaked:
                    problems.append(f"{where}: shows learner A's data {leaked}")
        difference = changed(before, db_state())
        transaction.set_rollback(True)
    if difference:
        problems.append(f"{url}: requests by outsiders changed {', '.join(difference)}")
    assert not problems, "\n".join(problems)


def test_every_admin_app_has_a_concrete_row():
    """Each admin area an editor might use to reach learner data has a row with all seven roles."""
    rows = {row.key.split(":")[0] for row in ADMIN_ROWS}
    for area in ("wagtailusers_users", "wagtailusers_groups", "wagtailimages", "wagtaildocs", "wagtailadmin_reports"):
        assert area in rows


def _bare(route):
    return route.replace("^", "").replace("$", "")


def test_sample_paths_resolve_to_their_own_pattern():
    """The concrete admin paths really are the patterns they stand for (else the test proves nothing)."""
    from django.urls import resolve

    wrong = []
    for pattern in ADMIN_PATTERNS:
        path = sample_path(pattern.route)
        route = resolve(path).route
        if _bare(route) != _bare(pattern.route) and not pattern.route.endswith(".*/$"):
            wrong.append(f"{pattern.route} → {path} resolves to {route}")
    assert not wrong, "\n".join(wrong)


def test_outcome_checks_the_redirect_target():
    """The matrix's own comparison: a redirect elsewhere is not a redirect to sign in."""

    class Fake(dict):
        status_code = 302

    response = Fake(Location="/en/learning/")
    assert Outcome(302, "/en/").matches(response, "en")
    assert not Outcome(302, "/{lang}/accounts/login/").matches(response, "en")
    assert reverse("accounts:login") == "/en/accounts/login/"


def test_the_leak_check_can_fail(matrix):
    """A's and B's data really are in the pages where they belong, so their absence elsewhere means something."""
    world = matrix[0]
    cases = [
        ("tutor_a", reverse("tutor:learner", args=[world.group.pk, world.a.pk]), world.a.display_name),
        ("a", reverse("progress:attempt", args=[world.attempt.pk]), SECRET_ANSWER),
        ("a", reverse("accounts:export"), world.certificate.code),
        ("superuser", reverse("wagtailusers_users:index"), world.a.username),
        ("tutor_x", reverse("tutor:learner", args=[world.other_group.pk, world.b.pk]), world.b.display_name),
    ]
    for role, url, secret in cases:
        response, body, _difference = run_cell(matrix, role, "get", url, None, must_not_change=False)
        assert response.status_code == 200 and secret in body, (role, url)
