"""Site search: live lessons, modules and courses in the active language, and glossary terms."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from core.search import search_pages
from lessons.models import GlossaryTerm, LessonPage
from tests.utils import korean, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    return make_module(
        make_course(title="Money and banking", summary="Open an account and pay bills safely."),
        title="Your first bank account",
        summary="Checking and savings accounts, and how to open one.",
    )


@pytest.fixture
def lesson(module):
    return make_lesson(
        module,
        title="Renting an apartment",
        intro="What a lease says and what you pay before moving in.",
        body=[("paragraph", "<p>The landlord asks for the first month's rent and a deposit.</p>")],
    )


@pytest.fixture
def deposit():
    return GlossaryTerm.objects.create(
        term="security deposit",
        korean="보증금",
        explanation_en="Money you pay before you move in.",
        explanation_ko="이사 들어가기 전에 내는 돈입니다.",
        example_en="The security deposit is one month's rent.",
        example_ko="보증금은 한 달 월세입니다.",
    )


def main_of(response):
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def translate(page, title, **fields):
    """Publish a Korean translation of `page` (and of its parents where missing)."""
    copy = page.copy_for_translation(korean(), copy_parents=True)
    for ancestor in copy.get_ancestors().filter(locale=korean(), live=False).specific():
        ancestor.save_revision().publish()
    copy = type(page).objects.get(pk=copy.pk)
    copy.title = title
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def test_url_is_under_the_language_prefix():
    for language in ("en", "ko"):
        with translation.override(language):
            assert reverse("core:search") == f"/{language}/search/"


def test_empty_query_shows_just_the_form(client, lesson):
    html = main_of(client.get("/en/search/"))
    assert '<form class="search-form" role="search"' in html and 'name="q"' in html
    assert "Nothing was found" not in html and "search-result" not in html


def test_finds_a_lesson_by_a_word_in_its_body(client, lesson):
    html = main_of(client.get("/en/search/", {"q": "landlord"}))
    assert f'<a href="{lesson.url}">Renting an apartment</a>' in html
    assert "What a lease says and what you pay before moving in." in html  # its intro
    assert "Lesson" in html


def test_finds_modules_and_courses_with_their_summaries(client, lesson):
    html = main_of(client.get("/en/search/", {"q": "account"}))
    assert "Your first bank account" in html and "Checking and savings accounts, and how to open one." in html
    assert "Money and banking" in html and "Open an account and pay bills safely." in html
    assert "Renting an apartment" not in html


def test_finds_a_glossary_term_and_links_to_its_entry(client, deposit):
    html = main_of(client.get("/en/search/", {"q": "deposit"}))
    assert f'href="/en/glossary/?q=security+deposit#term-{deposit.pk}"' in html
    assert "보증금" in html and "Money you pay before you move in." in html
    korean_html = main_of(client.get("/ko/search/", {"q": "보증금"}))
    assert f'href="/ko/glossary/?q=security+deposit#term-{deposit.pk}"' in korean_html
    assert "이사 들어가기 전에 내는 돈입니다." in korean_html


def test_ignores_unpublished_pages(client, module):
    make_lesson(module, title="Landlord draft", body=[("paragraph", "<p>landlord</p>")], live=False)
    published = make_lesson(module, title="Landlord rights", body=[("paragraph", "<p>landlord</p>")])
    published.unpublish()
    html = main_of(client.get("/en/search/", {"q": "landlord"}))
    assert "Landlord draft" not in html and "Landlord rights" not in html
    assert "Nothing was found for “landlord”." in html


def test_only_the_active_language(client, lesson):
    translate(
        lesson,
        "아파트 빌리기",
        intro="임대 계약서에 쓰인 것과 이사 전에 내는 돈을 배웁니다.",
        body=[("paragraph", "<p>집주인은 첫 달 월세와 보증금을 달라고 합니다.</p>")],
    )
    english = main_of(client.get("/en/search/", {"q": "landlord"}))
    assert "Renting an apartment" in english and "아파트 빌리기" not in english
    korean_html = main_of(client.get("/ko/search/", {"q": "집주인은"}))
    assert "아파트 빌리기" in korean_html and "Renting an apartment" not in korean_html
    assert re.search(r'href="/ko/courses/[^"]+">아파트 빌리기</a>', korean_html)
    # The English lesson's words are not found from the Korean search, nor the Korean from the English.
    assert "Renting an apartment" not in main_of(client.get("/ko/search/", {"q": "landlord"}))
    assert "아파트 빌리기" not in main_of(client.get("/en/search/", {"q": "집주인은"}))


def test_korean_words_with_particles_are_found_in_titles_and_introductions(client, lesson):
    translated = translate(lesson, "아파트 빌리기", intro="임대 계약서에 쓰인 것과 이사 전에 내는 돈을 배웁니다.")
    # "계약서" appears only as part of "계약서에"; the search backend matches whole words only.
    with translation.override("ko"):
        found = search_pages("계약서", Locale.objects.get(language_code="ko"))
    assert [page.pk for page in found] == [translated.pk]
    assert "아파트 빌리기" in main_of(client.get("/ko/search/", {"q": "계약서"}))


def test_no_results_says_so(client, lesson, deposit):
    html = main_of(client.get("/en/search/", {"q": "mortgage"}))
    assert "Nothing was found for “mortgage”." in html
    assert "search-result" not in html


@pytest.mark.parametrize("query", ['"(*-', "AND OR", "x" * 300, "<b>bold</b>"])
def test_odd_queries_do_not_break_search(client, lesson, query):
    html = main_of(client.get("/en/search/", {"q": query}))
    assert "<b>bold</b>" not in html


def test_at_most_twenty_results_each(client, module):
    for n in range(22):
        make_lesson(module, title=f"Paying rent {n}")
        GlossaryTerm.objects.create(
            term=f"rent word {n}", korean="월세", explanation_en="x", explanation_ko="x", example_en="x", example_ko="x"
        )
    html = main_of(client.get("/en/search/", {"q": "rent"}))
    pages = html.split('id="pages-heading"', 1)[1].split("</section>", 1)[0]
    terms = html.split('id="terms-heading"', 1)[1].split("</section>", 1)[0]
    assert pages.count('class="card search-result"') == 20
    assert terms.count('class="card search-result"') == 20
    assert LessonPage.objects.live().count() == 22
