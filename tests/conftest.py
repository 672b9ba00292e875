"""Shared fixtures: the fixed page tree, a clean cache, users in each role."""

import pytest
from django.core.cache import cache

from core.setup import ensure_site_structure
from tests.factories import UserFactory


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
