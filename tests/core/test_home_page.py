"""The home page in English and in Korean, and the fixed page tree behind it."""

import re

import pytest
from wagtail.models import Locale, Page, Site

from core.models import HomePage
from core.setup import ensure_site_structure
from lessons.models import CourseIndexPage

HANGUL = re.compile(r"[\uac00-\ud7a3]")
pytestmark = pytest.mark.django_db


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_root_follows_the_browser_language(client):
    response = client.get("/", headers={"accept-language": "ko-KR,ko;q=0.9"})
    assert response["Location"] == "/ko/"


def test_home_page_in_english(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Learn what you need for life in the United States" in html
    assert re.search(r'<a class="button[^"]*" href="/en/courses/">Start learning</a>', html)


def test_home_page_in_korean(client):
    response = client.get("/ko/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert "미국 생활에 꼭 필요한 것을 배워 보세요" in html
    assert re.search(r'href="/ko/courses/">공부 시작하기</a>', html)
    # The interface (header, footer) is Korean too, not only the page's own text.
    assert ">과정</a>" in html and ">내 공부</a>" in html and ">낱말 풀이</a>" in html
    assert len(HANGUL.findall(html)) > 100


@pytest.mark.parametrize(
    ("path", "links"),
    [
        ("/en/", ["Courses", "My learning", "Glossary", "Log in"]),
        ("/ko/", ["과정", "내 공부", "낱말 풀이", "들어가기"]),
    ],
)
def test_header_holds_the_main_links(client, path, links):
    html = client.get(path).content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    for label in links:
        assert f">{label}</a>" in header
    assert ">English</button>" in header and ">한국어</button>" in header
    assert ">Tutor</a>" not in header and ">지도교사</a>" not in header


def test_tutor_link_only_for_tutors(client, tutor, learner, editor):
    for user, shown in [(tutor, True), (learner, False), (editor, False)]:
        client.force_login(user)
        header = client.get("/en/").content.decode().split("</header>", 1)[0]
        assert (">Tutor</a>" in header) is shown, user
        assert ">Log out</button>" in header


def test_page_tree_has_english_and_korean_home_and_courses():
    english, korean = Locale.objects.get(language_code="en"), Locale.objects.get(language_code="ko")
    home = HomePage.objects.get(locale=english)
    assert Site.objects.get(is_default_site=True).root_page.specific == home
    assert home.get_translation(korean).live
    index = CourseIndexPage.objects.get(locale=english)
    assert index.get_parent().specific == home
    assert index.get_translation(korean).get_parent().specific == home.get_translation(korean)
    # Wagtail's "Welcome" page is gone.
    assert not Page.objects.filter(depth=2).exclude(content_type__model="homepage").exists()


def test_korean_pages_are_wagtail_localize_translations():
    from wagtail_localize.models import Translation

    korean = Locale.objects.get(language_code="ko")
    translated = {
        t.source.get_source_instance().specific_class for t in Translation.objects.filter(target_locale=korean)
    }
    assert translated == {HomePage, CourseIndexPage}


def test_ensure_site_structure_is_idempotent():
    before = Page.objects.count(), Site.objects.count(), Locale.objects.count()
    ensure_site_structure()
    ensure_site_structure()
    assert (Page.objects.count(), Site.objects.count(), Locale.objects.count()) == before


def test_page_type_rules():
    assert HomePage.allowed_subpage_models() == [CourseIndexPage]
    assert CourseIndexPage.allowed_parent_page_models() == [HomePage]
    home = HomePage.objects.first()
    assert not CourseIndexPage.can_create_at(home)  # one course index per home page


def test_unknown_page_gets_a_translated_404(client):
    response = client.get("/ko/no-such-page/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_korean_courses_page_is_served_from_the_korean_tree(client):
    """Regression: the Korean home must know its child (treebeard's numchild), or routing falls back to English."""
    korean_home = HomePage.objects.get(locale__language_code="ko")
    assert [page.slug for page in korean_home.get_children()] == ["courses"]
    response = client.get("/ko/courses/")
    assert response.context["page"].locale.language_code == "ko"
    assert "<h1>과정</h1>" in response.content.decode()
