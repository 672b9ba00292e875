"""Data saver: a per-device switch (cookie) that replaces lesson pictures with a placeholder and a link."""

import pytest
from django.test import Client, RequestFactory

from core import data_saver
from tests.lessons.sample_blocks import make_image
from tests.utils import make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    image = make_image()
    body = [("image", {"image": image, "alt_text": "A bank counter", "caption": "At the bank"})]
    return make_lesson(make_module(make_course()), body=body)


# The contract D1's caches rely on --------------------------------------------------------------------


@pytest.mark.parametrize(
    "cookie, save_data, expected",
    [
        (None, None, False),
        ("1", None, True),
        ("0", None, False),
        (None, "on", True),  # the browser's own Save-Data header, as "Save for offline" sends it
        ("0", "on", False),  # an explicit choice on this device wins
        ("1", "off", True),
        ("yes", None, False),  # anything else is not a choice
    ],
)
def test_is_on(cookie, save_data, expected):
    headers = {"Save-Data": save_data} if save_data else {}
    request = RequestFactory().get("/", headers=headers)
    if cookie is not None:
        request.COOKIES[data_saver.COOKIE_NAME] = cookie
    assert data_saver.is_on(request) is expected


# The switch, without JavaScript (a plain form post) ----------------------------------------------------


def test_visitor_turns_data_saver_on_from_the_footer_and_comes_back(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert 'action="/data-saver/"' in html and "Turn data saver on" in html
    response = client.post("/data-saver/", {"data_saver": "on", "next": lesson.url})
    assert response.status_code == 302 and response["Location"] == lesson.url
    cookie = response.cookies[data_saver.COOKIE_NAME]
    assert cookie.value == "1" and cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(lesson.url).content.decode()
    assert "Data saver is on: lesson pictures are not loaded until you ask for them." in page
    assert "Turn data saver off" in page


def test_turning_it_off_keeps_an_explicit_off(client):
    client.cookies[data_saver.COOKIE_NAME] = "1"
    response = client.post("/data-saver/", {"data_saver": "off", "next": "/en/"})
    assert response.cookies[data_saver.COOKIE_NAME].value == "0"
    assert "Data saver is off: lesson pictures load again." in client.get("/en/").content.decode()


def test_a_bad_choice_changes_nothing_and_says_so_in_korean(client):
    client.cookies[data_saver.COOKIE_NAME] = "1"
    response = client.post("/data-saver/", {"data_saver": "maybe", "next": "/ko/"}, follow=True)
    assert client.cookies[data_saver.COOKIE_NAME].value == "1"
    assert response.status_code == 200
    assert 'class="message message--error"' in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_switch_never_redirects_to_another_site(client, target):
    response = client.post("/data-saver/", {"data_saver": "on", "next": target})
    assert response["Location"] == "/"


def test_the_switch_is_post_only(client):
    assert client.get("/data-saver/?data_saver=on").status_code == 405


def test_the_switch_needs_a_csrf_token_like_every_form():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/data-saver/", {"data_saver": "on", "next": "/en/"})
    assert response.status_code == 403 and data_saver.COOKIE_NAME not in response.cookies
    html = client.get("/en/").content.decode()
    form = html[html.index('<form class="data-saver-form"') :]
    assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]


def test_account_settings_page_has_the_switch(client, learner):
    client.force_login(learner)
    html = client.get("/en/accounts/").content.decode()
    assert "Data saver" in html and 'name="data_saver" value="on"' in html


# The lesson picture ----------------------------------------------------------------------------------


def test_lesson_pictures_load_normally(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert "<img" in html and 'alt="A bank counter"' in html
    assert "Image not loaded (data saver)" not in html


def test_with_data_saver_the_picture_is_a_placeholder_with_a_link(client, lesson):
    client.cookies[data_saver.COOKIE_NAME] = "1"
    html = client.get(lesson.url).content.decode()
    figure = html[html.index('<figure class="block-image">') : html.index("</figure>")]
    assert "<img" not in figure
    assert "Image not loaded (data saver)" in figure and "A bank counter" in figure
    assert "Show this picture" in figure and 'href="/media/images/' in figure
    assert "At the bank" in figure  # the caption stays


def test_save_data_header_alone_gives_the_placeholder(client, lesson):
    html = client.get(lesson.url, headers={"Save-Data": "on"}).content.decode()
    assert "Image not loaded (data saver)" in html


def test_placeholder_in_korean(client, lesson):
    client.cookies[data_saver.COOKIE_NAME] = "1"
    html = client.get(lesson.url.replace("/en/", "/ko/", 1)).content.decode()
    assert "data-image-placeholder" in html
