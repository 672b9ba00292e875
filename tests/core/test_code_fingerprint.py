"""The code fingerprint in every page-cache key (core/page_cache.py) changes with code and with translations."""

import pytest

from core import page_cache


@pytest.fixture
def tree(tmp_path, settings):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "views.py").write_text("x = 1\n")
    catalog = tmp_path / "locale" / "ko" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "django.mo").write_bytes(b"first")
    settings.BASE_DIR = tmp_path
    page_cache.code_fingerprint.cache_clear()
    yield tmp_path
    page_cache.code_fingerprint.cache_clear()


def fingerprint():
    page_cache.code_fingerprint.cache_clear()
    return page_cache.code_fingerprint()


def test_new_korean_words_make_new_keys(tree):
    before = fingerprint()
    (tree / "locale" / "ko" / "LC_MESSAGES" / "django.mo").write_bytes(b"second")
    assert fingerprint() != before


def test_new_code_makes_new_keys_and_the_same_code_the_same(tree):
    before = fingerprint()
    assert fingerprint() == before
    (tree / "lessons" / "views.py").write_text("x = 2\n")
    assert fingerprint() != before
