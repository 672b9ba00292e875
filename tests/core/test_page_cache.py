"""The shared page caches (core/page_cache.py): routes, whole pages for visitors, invalidation."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from core import data_saver, page_cache
from tests.factories import UserFactory
from tests.utils import SAMPLE_QUIZ, korean, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_token" value="([^"]+)"')


@pytest.fixture
def lesson():
    return make_lesson(make_module(make_course(title="Money basics")), title="Paying rent", quiz=SAMPLE_QUIZ)


def get_counting(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


class CacheSpy:
    """Records the keys read from and written to the cache while active."""

    def __init__(self, monkeypatch):
        self.reads, self.writes = [], []
        original_get, original_get_many, original_set = cache.get, cache.get_many, cache.set

        self.round_trips = []  # the keys of each get or get_many, as one list
        self._inside_get_many = False

        def get(key, *args, **kwargs):
            self.reads.append(key)
            if not self._inside_get_many:  # the local-memory cache's get_many calls get for each key
                self.round_trips.append([key])
            return original_get(key, *args, **kwargs)

        def get_many(keys, *args, **kwargs):
            self.reads.extend(keys)
            self.round_trips.append(list(keys))
            self._inside_get_many = True
            try:
                return original_get_many(keys, *args, **kwargs)
            finally:
                self._inside_get_many = False

        def set_(key, *args, **kwargs):
            self.writes.append(key)
            return original_set(key, *args, **kwargs)

        monkeypatch.setattr(cache, "get", get)
        monkeypatch.setattr(cache, "get_many", get_many)
        monkeypatch.setattr(cache, "set", set_)

    def of(self, kind, keys=None):
        """Keys of one kind ("anon", "route", …) written (or, given keys, among those)."""
        return [key for key in (self.writes if keys is None else keys) if key.startswith(f"pagecache:{kind}:")]


def test_a_visitor_gets_the_stored_page_without_queries(client, lesson):
    first, _ = get_counting(client, lesson.url)
    second, queries = get_counting(client, lesson.url)
    assert first.status_code == second.status_code == 200
    assert queries == 0
    assert "Paying rent" in second.content.decode()
    assert "Content-Security-Policy" in second and second["Content-Type"].startswith("text/html")


def test_stored_pages_carry_fresh_tokens_for_each_request(lesson):
    client = Client(enforce_csrf_checks=True)
    client.get(lesson.url)
    pages = [client.get(lesson.url).content.decode() for _ in range(2)]
    submission = [SUBMISSION.search(html).group(1) for html in pages]
    assert submission[0] != submission[1]
    assert all("__enok_" not in html for html in pages)
    # The CSRF token in a stored page is this browser's own: a quiz posted with it is graded.
    token = CSRF.search(pages[1]).group(1)
    response = client.post(lesson.url, {"csrfmiddlewaretoken": token, "submission_token": submission[1]})
    assert response.status_code == 200
    assert "Please answer every question." in response.content.decode()


def test_a_new_browser_gets_its_own_csrf_cookie_from_a_stored_page(lesson):
    Client().get(lesson.url)  # stores the page
    browser = Client(enforce_csrf_checks=True)
    response = browser.get(lesson.url)
    assert "csrftoken" in response.cookies
    token = CSRF.search(response.content.decode()).group(1)
    assert browser.post(lesson.url, {"csrfmiddlewaretoken": token}).status_code == 200


def test_a_signed_in_page_never_lands_in_the_visitor_cache(client, lesson, monkeypatch):
    learner = UserFactory(groups=["Learners"], username="kim-private")
    client.force_login(learner)
    spy = CacheSpy(monkeypatch)
    html = client.get(lesson.url).content.decode()
    assert "Signed in as" in html
    assert spy.of("anon") == [] and spy.of("anon", spy.reads) == []
    # The next visitor's page is rendered and stored, not taken from anything the learner saw.
    visitor = Client().get(lesson.url)
    assert len(spy.of("anon")) == 1
    assert "kim-private" not in visitor.content.decode() and "Signed in as" not in visitor.content.decode()


def test_a_signed_in_learner_is_never_served_the_visitor_page(client, lesson):
    Client().get(lesson.url)
    Client().get(lesson.url)  # stored for visitors
    client.force_login(UserFactory(groups=["Learners"]))
    html = client.get(lesson.url).content.decode()
    assert "Signed in as" in html
    assert "Your answers are checked but not saved." not in html


@pytest.mark.parametrize(
    "cookies, query",
    [({"sessionid": "anything"}, ""), ({"messages": "x"}, ""), ({}, "?utm=1")],
    ids=["session cookie", "messages cookie", "query string"],
)
def test_requests_that_might_be_personal_skip_the_visitor_cache(client, lesson, monkeypatch, cookies, query):
    client.get(lesson.url)  # stored
    for name, value in cookies.items():
        client.cookies[name] = value
    spy = CacheSpy(monkeypatch)
    assert client.get(lesson.url + query).status_code == 200
    assert spy.of("anon") == [] and spy.of("anon", spy.reads) == []


def test_the_data_saver_choice_gets_its_own_stored_page(client, lesson, monkeypatch):
    client.get(lesson.url)
    spy = CacheSpy(monkeypatch)
    client.cookies[data_saver.COOKIE_NAME] = "1"
    client.get(lesson.url)
    assert len(spy.of("anon")) == 1  # not the page stored without the data saver
    client.get(lesson.url)
    assert len(spy.of("anon")) == 1  # its own stored page


def test_publishing_a_change_reaches_the_stored_page(client, lesson):
    client.get(lesson.url)
    lesson.title = "Paying rent on time"
    lesson.save_revision().publish()
    assert "Paying rent on time" in client.get(lesson.url).content.decode()


def test_unpublishing_or_deleting_a_page_is_seen_at_once(client, lesson):
    other = make_lesson(lesson.get_parent().specific, title="Reading a lease")
    client.get(lesson.url)
    client.get(other.url)
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404
    url = other.url
    other.delete()
    assert client.get(url).status_code == 404


def test_a_glossary_change_reaches_lessons_that_use_the_term(client):
    from tests.lessons.sample_blocks import make_term

    term = make_term(term="deposit", korean="보증금")
    lesson = make_lesson(make_module(make_course()), body=[("vocabulary", {"title": "Words", "terms": [term]})])
    client.get(lesson.url)
    assert "계약금" not in client.get(lesson.url).content.decode()
    term.korean = "계약금"
    term.save()
    assert "계약금" in client.get(lesson.url).content.decode()


def test_a_restricted_page_is_never_stored(client, lesson):
    PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = client.get(lesson.url)
        assert response.status_code == 302
    restriction = PageViewRestriction.objects.get(page=lesson)
    restriction.delete()
    assert client.get(lesson.url).status_code == 200


def test_routes_are_cached_per_language_including_the_english_fallback(client, lesson):
    url = lesson.url.replace("/en/", "/ko/", 1)
    signed_in = Client()
    signed_in.force_login(UserFactory(groups=["Learners"]))
    for _ in range(2):
        html = signed_in.get(url).content.decode()
        assert "Paying rent" in html and "fallback-note" in html
    # Translating the lesson replaces the remembered English page with the Korean one.
    ko = korean()
    lesson.copy_for_translation(ko, copy_parents=True).save_revision().publish()
    translated = lesson.get_translation(ko).specific
    translated.title = "월세 내기"
    translated.save_revision().publish()
    html = signed_in.get(url).content.decode()
    assert "월세 내기" in html and "fallback-note" not in html


def test_a_signed_in_request_is_routed_without_page_tree_queries(client, lesson):
    client.force_login(UserFactory(groups=["Learners"]))
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson.url).status_code == 200
    tree_queries = [q["sql"] for q in queries if 'FROM "wagtailcore_page"' in q["sql"]]
    assert tree_queries == []


def test_a_route_kept_in_the_process_is_used_without_reading_the_shared_cache(client, lesson, monkeypatch):
    client.force_login(UserFactory(groups=["Learners"]))
    client.get(lesson.url)
    spy = CacheSpy(monkeypatch)
    assert client.get(lesson.url).status_code == 200
    assert spy.of("route", spy.reads) == []


def test_each_request_gets_its_own_copy_of_a_kept_route(rf, lesson):
    from wagtail.models import Site

    def routed():
        request = rf.get(lesson.url)
        return page_cache.route_for_request(request, Site.find_for_request(request), lesson.url.split("/", 2)[2])

    routed()  # found by Wagtail's routing and kept
    first = routed()
    first.title = "Changed by one request"
    second = routed()
    assert second is not first
    assert second.title == "Paying rent" and second.pk == lesson.pk


def test_missing_pages_are_not_remembered(client, lesson, monkeypatch):
    spy = CacheSpy(monkeypatch)
    assert client.get("/en/courses/money-basics/no-such-lesson/").status_code == 404
    assert spy.of("route") == [] and spy.of("anon") == []


def test_the_content_version_lives_in_the_shared_cache():
    """Any app server that shares the cache sees a change made by another: no process keeps its own state."""
    before = page_cache.make_key("route", None, "x")
    assert cache.get(page_cache.VERSION_KEY) is not None
    cache.set(page_cache.VERSION_KEY, "from-another-server")
    after = page_cache.make_key("route", None, "x")
    assert after != before and ":from-another-server:" in after


def test_a_csrf_token_outside_a_form_input_keeps_the_page_out_of_the_cache(rf):
    from django.middleware.csrf import get_token

    request = rf.get("/en/")
    token = get_token(request)
    safe = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'.encode()
    assert page_cache.CSRF_PLACEHOLDER in page_cache.strip_per_request_values(request, safe)
    leaked = safe + f'<script>var t = "{get_token(request)}";</script>'.encode()
    assert page_cache.strip_per_request_values(request, leaked) is None


def test_templates_come_from_the_cached_loader():
    """With DEBUG off (production and tests) Django keeps compiled templates in memory."""
    from django.conf import settings
    from django.template import engines
    from django.template.loaders.cached import Loader

    assert settings.DEBUG is False
    assert isinstance(engines["django"].engine.template_loaders[0], Loader)


def test_production_keeps_database_connections_and_shares_the_cache_through_redis(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "learn.example.org")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
    for name in ("config.settings.production", "config.settings.base"):
        sys.modules.pop(name, None)
    try:
        production = importlib.import_module("config.settings.production")
        assert production.DATABASES["default"]["CONN_MAX_AGE"] == 60
        assert production.CACHES["default"]["BACKEND"] == "core.redis_cache.SharedClientRedisCache"
        assert production.SESSION_ENGINE == "accounts.sessions.cached_db"
        assert production.PAGE_CACHE_SECONDS == 24 * 60 * 60
        assert production.CONTENT_VERSION_RECHECK_SECONDS == 1
        assert production.MIDDLEWARE[-1] == "core.page_cache.PageCacheMiddleware"
    finally:
        for name in ("config.settings.production", "config.settings.base"):
            sys.modules.pop(name, None)


def test_keys_change_with_the_code(monkeypatch):
    """Pages rendered by the code before a deploy are never served after it."""
    before = page_cache.make_key("anon", None, "x")
    monkeypatch.setattr(page_cache, "code_fingerprint", lambda: "another-release")
    assert page_cache.make_key("anon", None, "x") != before


def test_a_stored_page_is_served_from_this_process_memory_reading_only_the_version(client, lesson, monkeypatch):
    cache.clear()
    page_cache.local_copies.clear()
    client.get(lesson.url)  # rendered and stored (shared cache and local copy)
    spy = CacheSpy(monkeypatch)
    response = client.get(lesson.url)
    assert response.status_code == 200 and "Paying rent" in response.content.decode()
    assert spy.of("anon", spy.reads) == []  # only the version and the site were read from the shared cache
    assert page_cache.VERSION_KEY in spy.reads


def test_a_local_copy_made_under_an_old_content_version_is_not_served(client, lesson):
    cache.clear()
    page_cache.local_copies.clear()
    client.get(lesson.url)
    lesson.title = "Paying the rent on time"
    lesson.save_revision().publish()  # replaces the content version (core/signals.py)
    assert "Paying the rent on time" in client.get(lesson.url).content.decode()


@pytest.fixture
def version_recheck(settings, monkeypatch):
    """The content version re-read at most every 60 s, on a clock the test moves."""
    settings.CONTENT_VERSION_RECHECK_SECONDS = 60
    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    cache.clear()
    page_cache.local_copies.clear()
    page_cache.recent_version.forget()
    yield clock
    page_cache.recent_version.forget()


def test_within_the_recheck_interval_a_visitors_page_needs_no_cache_read(client, lesson, version_recheck, monkeypatch):
    client.get(lesson.url)  # rendered and stored
    spy = CacheSpy(monkeypatch)
    response = client.get(lesson.url)
    assert response.status_code == 200 and "Paying rent" in response.content.decode()
    assert spy.round_trips == []
    version_recheck[0] += 61
    client.get(lesson.url)
    # Once the interval is over: one round trip, for the version and the site; the page is still local.
    assert spy.round_trips == [[page_cache.VERSION_KEY, page_cache.site_key(response.wsgi_request)]]


def test_a_change_made_in_another_process_is_seen_once_the_interval_is_over(client, lesson, version_recheck):
    client.get(lesson.url)  # kept in this process under the version it read
    version_here = page_cache.recent_version.get()
    lesson.title = "Paying the rent on time"
    lesson.save_revision().publish()  # replaces the shared version...
    page_cache.recent_version.set(version_here)  # ...as another server would: this process has not seen it
    assert "Paying the rent on time" not in client.get(lesson.url).content.decode()
    version_recheck[0] += 61
    assert "Paying the rent on time" in client.get(lesson.url).content.decode()
    assert page_cache.recent_version.get() == cache.get(page_cache.VERSION_KEY) != version_here


def test_a_change_made_in_this_process_is_served_at_once(client, lesson, version_recheck):
    client.get(lesson.url)
    lesson.title = "Paying the rent on time"
    lesson.save_revision().publish()  # content_changed() in this process
    assert "Paying the rent on time" in client.get(lesson.url).content.decode()


def test_without_a_shared_cache_the_version_is_read_for_every_request(client, lesson, monkeypatch):
    from django.conf import settings

    assert settings.CONTENT_VERSION_RECHECK_SECONDS == 0  # the tests' settings: no REDIS_URL
    client.get(lesson.url)
    spy = CacheSpy(monkeypatch)
    client.get(lesson.url)
    client.get(lesson.url)
    assert [page_cache.VERSION_KEY in keys for keys in spy.round_trips] == [True, True]


def test_local_copies_keep_the_most_recently_used():
    copies = page_cache.LocalCopies(size=2)
    copies.set("a", 1)
    copies.set("b", 2)
    assert copies.get("a") == 1  # "b" is now the least recently used
    copies.set("c", 3)
    assert copies.get("b") is None and copies.get("a") == 1 and copies.get("c") == 3


def test_a_fresh_quiz_form_is_kept_in_this_process_under_the_content_version(client, lesson, monkeypatch):
    client.force_login(UserFactory(groups=["Learners"]))
    client.get(lesson.url)  # the frame and the fresh form are rendered and kept
    spy = CacheSpy(monkeypatch)
    html = client.get(lesson.url).content.decode()
    assert 'name="submission_token"' in html
    assert spy.of("lesson-quiz", spy.reads) == []
    lesson.title = "Paying the rent on time"
    lesson.save_revision().publish()  # a new content version: the form is rendered and kept again
    client.get(lesson.url)
    assert len(spy.of("lesson-quiz", spy.reads)) >= 1 and len(spy.of("lesson-quiz")) == 1
