"""Shared fixtures: the fixed page tree, a clean cache, users in each role."""

import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from core.setup import ensure_site_structure
from tests.factories import UserFactory

# Hypothesis draws new examples on every local run, to keep exploring. CI (.ci/run sets
# HYPOTHESIS_PROFILE=ci) draws the same examples every time, so a run passes or fails on the code,
# not on luck; a failure found locally is fixed and kept as a regression test.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After migrating the test database, build the home and course index pages (en and ko)."""
    with django_db_blocker.unblock():
        ensure_site_structure()


@pytest.fixture(autouse=True)
def english_by_default():
    """Every test starts in English, whatever language an earlier test left active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def clear_cache():
    """Every test starts with an empty cache (navigation links, sign-in throttling)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def learner(db):
    return UserFactory(groups=["Learners"])


@pytest.fixture
def tutor(db):
    return UserFactory(groups=["Tutors"])


@pytest.fixture
def editor(db):
    return UserFactory(groups=["Editors"], is_staff=True)
