"""The benchmark's bare "ok" view exists only when the benchmark switch is on (core/bench.py)."""

import importlib

import pytest
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve

from core import bench

pytestmark = pytest.mark.django_db


def reload_urls():
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def bench_switch(settings):
    """Turn the switch on, reload the URLs; afterwards turn it off and reload them again."""
    settings.ENOK_BENCH = True
    reload_urls()
    yield
    del settings.ENOK_BENCH
    reload_urls()


def test_the_bench_url_is_absent_by_default(client, monkeypatch):
    monkeypatch.delenv("ENOK_BENCH", raising=False)
    reload_urls()
    assert not bench.enabled()
    with pytest.raises(Resolver404):
        resolve("/bench/ok/")
    response = client.get("/bench/ok/", follow=True)
    assert response.status_code == 404
    assert response.content != b"ok"


def test_with_the_switch_on_it_answers_ok_through_the_middleware(client, bench_switch):
    response = client.get("/bench/ok/")
    assert response.status_code == 200
    assert response.content == b"ok"
    # The same middleware as every page: security headers and the Content-Security-Policy.
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("true", True), ("0", False), ("", False)])
def test_the_environment_variable_turns_it_on_only_when_yes(monkeypatch, value, expected):
    monkeypatch.setenv("ENOK_BENCH", value)
    assert bench.enabled() is expected


def test_a_setting_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("ENOK_BENCH", "1")
    with override_settings(ENOK_BENCH=False):
        assert not bench.enabled()
