"""The public glossary (search, A–Z, lessons teaching each term), its snippet admin, and editors' permissions."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lessons.glossary import clean_letter, explanations_for, search_terms
from lessons.models import AudioClip, GlossaryTerm, LessonPage
from lessons.permissions import grant_editor_permissions
from tests.factories import UserFactory
from tests.utils import korean, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


def make_term(term, korean="한국어", **fields):
    fields.setdefault("explanation_en", f"What '{term}' means, in plain English.")
    fields.setdefault("explanation_ko", f"'{term}'의 뜻을 쉬운 한국어로 풀이합니다.")
    fields.setdefault("example_en", f"Here is '{term}' in a sentence.")
    fields.setdefault("example_ko", "예문입니다.")
    return GlossaryTerm.objects.create(term=term, korean=korean, **fields)


def vocabulary(*terms):
    return [("vocabulary", {"title": "Words for this lesson", "terms": list(terms)})]


def make_audio(title="security deposit"):
    upload = SimpleUploadedFile("deposit.mp3", b"ID3" + b"\x00" * 64, content_type="audio/mpeg")
    return AudioClip.objects.create(title=title, file=upload)


@pytest.fixture
def deposit():
    return make_term(
        "security deposit",
        korean="보증금",
        north_korean_note="북한에는 이런 제도가 없어서 낯선 말입니다.",
        explanation_en="Money you pay before you move in. You get it back if nothing is damaged.",
        explanation_ko="이사 들어가기 전에 내는 돈입니다. 망가진 것이 없으면 돌려받습니다.",
        example_en="The security deposit is one month's rent.",
        example_ko="보증금은 한 달 월세입니다.",
    )


@pytest.fixture
def module():
    return make_module(make_course(title="Renting a home"), title="Your lease")


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def entry_html(html, term):
    """The <article> of one term on the glossary page."""
    match = re.search(rf'<article class="glossary-term[^"]*" id="term-{term.pk}".*?</article>', html, re.S)
    assert match, f"term-{term.pk} is not on the page"
    return match.group(0)


def az_html(html):
    return html.split('<nav class="az-bar"', 1)[1].split("</nav>", 1)[0]


def translate(lesson, title):
    """Publish a Korean translation of `lesson` (and of its course and module where missing)."""
    translation = lesson.copy_for_translation(korean(), copy_parents=True)
    for ancestor in translation.get_ancestors().filter(locale=korean(), live=False).specific():
        ancestor.save_revision().publish()
    translation = LessonPage.objects.get(pk=translation.pk)
    translation.title = title
    translation.save_revision().publish()
    return translation


# The page --------------------------------------------------------------------------------------


def test_empty_glossary_says_it_is_being_written(client):
    html = html_of(client.get("/en/glossary/"))
    assert "The glossary is being written" in html
    assert 'class="glossary-term' not in html


def test_a_term_shows_everything_a_learner_needs(client, deposit, module):
    deposit.audio = make_audio()
    deposit.save()
    html = html_of(client.get("/en/glossary/"))
    entry = entry_html(html, deposit)
    assert '<span lang="en" data-speak="security deposit">security deposit</span>' in entry
    assert "noun" in entry
    assert '<span class="glossary-term__korean" lang="ko">보증금</span>' in entry
    assert "In North Korea" in entry and "북한에는 이런 제도가 없어서" in entry
    assert "The security deposit is one month&#x27;s rent." in entry and "보증금은 한 달 월세입니다." in entry
    assert re.search(r'<audio [^>]*controls preload="none"', entry)
    assert 'src="/media/audio/deposit' in entry and 'type="audio/mpeg"' in entry


def test_a_term_without_note_or_audio_leaves_them_out(client):
    budget = make_term("budget", korean="예산")
    entry = entry_html(html_of(client.get("/en/glossary/")), budget)
    assert "In North Korea" not in entry
    assert "<audio" not in entry


def test_explanation_in_the_current_language_comes_first(client, deposit):
    english = entry_html(html_of(client.get("/en/glossary/")), deposit)
    assert english.index('lang="en">Money you pay') < english.index('lang="ko">이사 들어가기')
    korean_page = entry_html(html_of(client.get("/ko/glossary/")), deposit)
    assert korean_page.index('lang="ko">이사 들어가기') < korean_page.index('lang="en">Money you pay')
    assert [code for code, _text in explanations_for(deposit, "ko")] == ["ko", "en"]


# A–Z -------------------------------------------------------------------------------------------


def test_az_bar_links_only_letters_with_terms(client, deposit):
    make_term("bank account")
    make_term("budget")
    make_term("401(k)")
    bar = az_html(html_of(client.get("/en/glossary/")))
    assert '<a href="/en/glossary/?letter=B" aria-current="page">B</a>' in bar  # the first letter, by default
    assert '<a href="/en/glossary/?letter=S">S</a>' in bar
    assert re.search(r'<a href="/en/glossary/\?letter=%23"[^>]*>#</a>', bar)
    # Every letter is there; those without terms are not links.
    for letter in "ACDQZ":
        assert f'<span class="az-bar__empty">{letter}</span>' in bar
        assert f"letter={letter}" not in bar


def test_letter_shows_only_its_terms(client, deposit):
    bank = make_term("bank account")
    budget = make_term("budget")
    pension = make_term("401(k)")
    html = html_of(client.get("/en/glossary/?letter=b"))
    assert f'id="term-{bank.pk}"' in html and f'id="term-{budget.pk}"' in html
    assert f'id="term-{deposit.pk}"' not in html and f'id="term-{pension.pk}"' not in html
    assert '<a href="/en/glossary/?letter=B" aria-current="page">B</a>' in az_html(html)
    numbers = html_of(client.get("/en/glossary/?letter=%23"))
    assert f'id="term-{pension.pk}"' in numbers and f'id="term-{bank.pk}"' not in numbers


def test_one_letter_at_a_time_keeps_the_page_small(client, deposit):
    make_term("bank account")
    make_term("401(k)")
    html = html_of(client.get("/en/glossary/"))
    headings = re.findall(r'<h2 id="letter-[a-z]+" class="glossary-group__letter">(.)</h2>', html)
    assert headings == ["B"]  # the first letter in use, by default


def test_search_groups_terms_by_letter_with_numbers_last(client, deposit):
    make_term("bank deposit box")
    make_term("401(k) deposit")
    html = html_of(client.get("/en/glossary/?q=deposit"))
    headings = re.findall(r'<h2 id="letter-[a-z]+" class="glossary-group__letter">(.)</h2>', html)
    assert headings == ["B", "S", "#"]


def test_unknown_letter_shows_every_term(client, deposit):
    html = html_of(client.get("/en/glossary/?letter=%C3%84"))
    assert f'id="term-{deposit.pk}"' in html
    assert clean_letter("ä") == "" and clean_letter("q") == "Q" and clean_letter("#") == "#"


def test_letter_without_terms_says_so(client, deposit):
    html = html_of(client.get("/en/glossary/?letter=Q"))
    assert "No terms start with Q." in html
    assert 'class="glossary-term' not in html


# Search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["deposit", "Security Deposit", "보증금", "보증", "이사 들어가기", "damaged"])
def test_search_finds_the_term_in_english_and_korean(client, deposit, query):
    other = make_term("paycheck", korean="급여")
    html = html_of(client.get("/en/glossary/", {"q": query}))
    assert f'id="term-{deposit.pk}"' in html
    assert f'id="term-{other.pk}"' not in html
    assert "One term matches" in html
    assert '<a href="/en/glossary/">Clear the search</a>' in html


def test_search_uses_the_search_backend_as_well_as_substrings(deposit):
    # "deposit" is a whole word in the term (the backend); "보증" is part of a Korean word (substring).
    assert list(search_terms("deposit")) == [deposit]
    assert list(search_terms("보증")) == [deposit]
    assert list(search_terms("")) == []


def test_short_queries_do_not_match_inside_explanations(deposit):
    # "ov" is inside "move" in the explanation; two letters only match the term and its Korean.
    assert list(search_terms("ov")) == []
    assert list(search_terms("se")) == [deposit]


def test_search_without_results_says_so_and_offers_to_clear(client, deposit):
    html = html_of(client.get("/en/glossary/", {"q": "mortgage"}))
    assert "No terms match “mortgage”." in html
    assert '<a class="button" href="/en/glossary/">' in html
    assert 'class="glossary-term' not in html
    assert 'value="mortgage"' in html


@pytest.mark.parametrize("query", ['"(*-', "AND OR NOT", "a" * 500, "<script>"])
def test_odd_queries_do_not_break_the_page(client, deposit, query):
    html = html_of(client.get("/en/glossary/", {"q": query}))
    assert "<script>" not in html.split("<main", 1)[1]


# Lessons teaching a term -----------------------------------------------------------------------


def test_term_links_to_the_live_lessons_that_teach_it(client, deposit, module):
    lesson = make_lesson(module, title="Reading a lease", body=vocabulary(deposit))
    make_lesson(module, title="Draft lesson", body=vocabulary(deposit), live=False)
    make_lesson(module, title="Unrelated lesson")
    entry = entry_html(html_of(client.get("/en/glossary/")), deposit)
    assert "Taught in:" in entry
    assert f'<a href="{lesson.url}">Reading a lease</a>' in entry
    assert lesson.url.startswith("/en/courses/")
    assert "Draft lesson" not in entry and "Unrelated lesson" not in entry


def test_lessons_are_listed_in_course_order(client, deposit, module):
    first = make_lesson(module, title="First lesson", body=vocabulary(deposit))
    make_lesson(module, title="Middle lesson")
    last = make_lesson(module, title="Last lesson", body=vocabulary(deposit))
    # Saving the first lesson again puts its reference after the last one's in the index.
    first.save_revision().publish()
    entry = entry_html(html_of(client.get("/en/glossary/")), deposit)
    assert entry.index(first.url) < entry.index(last.url)
    assert entry.count("<a href=") == 2


def test_unpublished_lesson_is_no_longer_linked(client, deposit, module):
    lesson = make_lesson(module, title="Reading a lease", body=vocabulary(deposit))
    lesson.unpublish()
    entry = entry_html(html_of(client.get("/en/glossary/")), deposit)
    assert "Taught in:" not in entry


def test_term_taught_nowhere_has_no_lessons_line(client, deposit):
    assert "Taught in:" not in entry_html(html_of(client.get("/en/glossary/")), deposit)


def test_korean_glossary_falls_back_to_the_english_lesson_under_ko(client, deposit, module):
    lesson = make_lesson(module, title="Reading a lease", body=vocabulary(deposit))
    entry = entry_html(html_of(client.get("/ko/glossary/")), deposit)
    korean_url = lesson.url.replace("/en/", "/ko/", 1)
    assert f'<a href="{korean_url}">Reading a lease</a>' in entry
    assert 'class="hint"' in entry  # marked as English
    # The link works: core.routing serves the English lesson under /ko/.
    assert client.get(korean_url).status_code == 200


def test_korean_glossary_links_the_korean_translation(client, deposit, module):
    lesson = make_lesson(module, title="Reading a lease", body=vocabulary(deposit))
    translation = translate(lesson, "임대 계약서 읽기")
    korean_entry = entry_html(html_of(client.get("/ko/glossary/")), deposit)
    assert f'<a href="{translation.url}">임대 계약서 읽기</a>' in korean_entry
    assert translation.url.startswith("/ko/")
    assert "Reading a lease" not in korean_entry and 'class="hint"' not in korean_entry
    english_entry = entry_html(html_of(client.get("/en/glossary/")), deposit)
    assert "Reading a lease" in english_entry and "임대 계약서 읽기" not in english_entry


def glossary_with_lessons(module, count, start=0):
    """`count` terms, each taught by a lesson of three terms and by one lesson of all of them; some with audio."""
    audio = make_audio()
    terms = [
        make_term(f"{chr(ord('a') + (n % 26))} term {n}", audio=audio if n % 2 else None)
        for n in range(start, start + count)
    ]
    for n in range(0, count, 3):
        make_lesson(module, body=vocabulary(*terms[n : n + 3]))
    make_lesson(module, body=vocabulary(*terms))
    return terms


def count_queries(client, url):
    client.get(url)  # warm the caches (site root paths, header links)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("url", ["/en/glossary/", "/ko/glossary/", "/en/glossary/?q=term"])
def test_query_count_does_not_grow_with_terms_and_lessons(client, module, django_assert_num_queries, url):
    glossary_with_lessons(module, 3)
    with_three, response = count_queries(client, url)
    shown = response.content.decode().count("glossary-term__lessons")
    assert shown == (3 if "q=" in url else 1)  # the default page shows one letter
    glossary_with_lessons(module, 27, start=3)
    client.get(url)
    with django_assert_num_queries(with_three):
        response = client.get(url)
    assert response.content.decode().count("glossary-term__lessons") == (30 if "q=" in url else 2)


def test_anchor_lets_lessons_link_to_a_term(client, deposit):
    html = html_of(client.get("/en/glossary/"))
    assert f'id="term-{deposit.pk}"' in html


# Snippet admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_glossary_admin_lists_terms(admin_client, deposit):
    make_term("paycheck", korean="급여", part_of_speech="noun")
    html = html_of(admin_client.get("/admin/snippets/lessons/glossaryterm/"))
    assert "security deposit" in html and "보증금" in html and "paycheck" in html
    assert "Lesson content" in html


def test_glossary_admin_searches_english_and_korean(admin_client, deposit):
    make_term("paycheck", korean="급여")
    for query in ["deposit", "보증"]:
        html = html_of(admin_client.get("/admin/snippets/lessons/glossaryterm/", {"q": query}))
        assert "security deposit" in html and "paycheck" not in html


def test_glossary_admin_filters(admin_client, deposit):
    make_term("pay", korean="지불하다", part_of_speech="verb")
    url = "/admin/snippets/lessons/glossaryterm/"
    with_note = html_of(admin_client.get(url, {"has_north_korean_note": "true"}))
    assert "security deposit" in with_note and "지불하다" not in with_note
    without_note = html_of(admin_client.get(url, {"has_north_korean_note": "false"}))
    assert "security deposit" not in without_note and "지불하다" in without_note
    verbs = html_of(admin_client.get(url, {"part_of_speech": "verb"}))
    assert "security deposit" not in verbs and "지불하다" in verbs


def test_audio_admin_lists_and_searches(admin_client):
    make_audio("Landlord voicemail")
    make_audio("Bank greeting")
    html = html_of(admin_client.get("/admin/snippets/lessons/audioclip/", {"q": "landlord"}))
    assert "Landlord voicemail" in html and "Bank greeting" not in html


@pytest.mark.parametrize("url", ["/admin/snippets/lessons/glossaryterm/", "/admin/snippets/lessons/audioclip/"])
def test_learner_is_refused_the_snippet_admin(client, learner, deposit, url):
    client.force_login(learner)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "security deposit" not in response.content.decode()


# Permissions -----------------------------------------------------------------------------------

SNIPPET_CODENAMES = {
    f"{action}_{model}" for action in ("add", "change", "delete", "view") for model in ("glossaryterm", "audioclip")
}


def test_grant_editor_permissions_gives_editors_and_moderators_the_snippets():
    granted = grant_editor_permissions()
    assert set(granted) == {"Editors", "Moderators"}
    for name in ("Editors", "Moderators"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert codenames >= SNIPPET_CODENAMES


def test_grant_editor_permissions_is_idempotent():
    grant_editor_permissions()
    before = Permission.objects.count()
    assert grant_editor_permissions() == {"Editors": [], "Moderators": []}
    assert Permission.objects.count() == before


def test_editor_can_add_glossary_terms_once_granted(client, editor):
    client.force_login(editor)
    Group.objects.get(name="Editors").permissions.remove(*Permission.objects.filter(codename__in=SNIPPET_CODENAMES))
    assert client.get("/admin/snippets/lessons/glossaryterm/add/").status_code != 200
    grant_editor_permissions()
    assert client.get("/admin/snippets/lessons/glossaryterm/add/").status_code == 200
    assert client.get("/admin/snippets/lessons/audioclip/add/").status_code == 200


def test_tutor_cannot_add_glossary_terms(client, tutor):
    grant_editor_permissions()
    client.force_login(tutor)
    response = client.get("/admin/snippets/lessons/glossaryterm/add/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
