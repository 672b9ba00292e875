"""Wagtail's own front-end sign-in (/<lang>/_util/login/) is not a second, unthrottled way in.

Wagtail's URLs include a plain Django LoginView for private pages. It had neither the site's
sign-in throttling nor the two-factor step, so config/urls.py sends it to the site's sign-in.
"""

from urllib.parse import quote

import pytest
from django.contrib.auth import SESSION_KEY
from wagtail.models import PageViewRestriction

from tests.factories import PASSWORD, UserFactory
from tests.utils import make_course

pytestmark = pytest.mark.django_db


def test_a_correct_password_posted_to_wagtails_sign_in_signs_nobody_in(client):
    learner = UserFactory(groups=["Learners"])
    response = client.post("/en/_util/login/", {"username": learner.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert SESSION_KEY not in client.session


def test_wagtails_sign_in_keeps_next_and_the_language(client):
    response = client.get("/ko/_util/login/?next=/ko/courses/")
    assert response.status_code == 302
    assert response["Location"] == "/ko/accounts/login/?next=/ko/courses/"


def test_a_private_page_sends_visitors_to_the_site_s_sign_in(client):
    course = make_course()
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(course.url, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/accounts/login/?next={quote(course.url, safe='')}"
    assert response.status_code == 200
