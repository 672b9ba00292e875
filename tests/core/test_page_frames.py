"""Signed-in lesson pages from a shared frame with each reader's own parts filled in (core/page_frames.py)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import page_frames
from core.page_cache import content_changed, content_version
from progress import services
from progress.models import ChecklistTick, QuizAttempt
from tests.factories import UserFactory
from tests.lessons.sample_blocks import every_block
from tests.progress.helpers import answers, graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

TOKENS = [
    re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+'),
    re.compile(r'(name="submission_token" value=")[0-9a-f-]+'),
]


@pytest.fixture
def lesson():
    module = make_module(make_course(title="Money basics"), title="Banking")
    return make_lesson(module, title="Opening an account", body=every_block(), quiz=SAMPLE_QUIZ)


def learner(name, display_name=""):
    return UserFactory(username=name, display_name=display_name, groups=["Learners"])


def page_for(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html):
    for pattern in TOKENS:
        html = pattern.sub(r"\1TOKEN", html)
    return html


def frames():
    """The frames kept in the cache now (the locmem cache of the tests)."""
    return [key for key in cache._cache if ":pagecache:frame:" in key]  # noqa: SLF001


def test_a_second_reader_gets_the_shared_frame_with_their_own_parts(client, lesson):
    first, second = learner("minji", "Minji Park"), learner("cheolsu", "Cheolsu Kim")
    services.record_quiz_result(first, lesson, graded(lesson))
    key, block = lesson.translation_key, checklist_id(lesson)
    ChecklistTick.objects.create(learner=first, lesson_key=key, block_id=block, item=0)

    html = page_for(client, first, lesson.url)
    assert "Signed in as Minji Park." in html
    assert "You have completed this lesson." in html
    assert 'class="attempt-history"' in html
    assert re.search(r'<input type="checkbox" name="item" value="0" checked>', html)
    assert len(frames()) == 1

    html = page_for(client, second, lesson.url)
    assert len(frames()) == 1  # served from the same frame
    assert "Signed in as Cheolsu Kim." in html
    for leak in ("Minji", "minji", "You have completed this lesson.", 'class="attempt-history"', " checked>"):
        assert leak not in html


def test_the_framed_page_is_the_page_rendered_as_usual(client, lesson, monkeypatch):
    reader = learner("younghee", "Younghee")
    services.record_quiz_result(reader, lesson, graded(lesson, right=False))
    learner_page = page_for(client, learner("reader-a3"), lesson.url)  # another reader makes the frame
    assert "Signed in as reader-a3." in learner_page
    framed = page_for(client, reader, lesson.url)
    monkeypatch.setattr(page_frames, "may_use_frame", lambda request: False)
    rendered = page_for(client, reader, lesson.url)
    assert without_tokens(framed) == without_tokens(rendered)


def test_the_frame_holds_markers_and_placeholders_not_the_readers_parts(client, lesson):
    reader = learner("sunhee", "Sunhee Lee")
    services.record_quiz_result(reader, lesson, graded(lesson))
    page_for(client, reader, lesson.url)
    (key,) = frames()
    frame = cache.get(key.split(":", 2)[2]).decode()
    for name in ("messages", "signed_in_as", "lesson_status", "quiz", "checklist"):
        assert f"<!--enok-hole:{name}:" in frame
    assert "Sunhee" not in frame and "You have completed" not in frame
    assert "__enok_csrf_token__" in frame
    assert not re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', frame)


def test_a_quiz_submission_shows_this_readers_result_in_the_frame(client, lesson):
    page_for(client, learner("reader-a1"), lesson.url)  # the frame exists
    reader = learner("reader-a2")
    html = page_for(client, reader, lesson.url, "post", {**answers(lesson), "submission_token": ""})
    assert len(frames()) == 1
    assert 'class="quiz-result"' in html
    assert "Saved to your progress." in html
    assert "You have completed this lesson." in html
    assert 'class="attempt-history"' in html
    assert QuizAttempt.objects.filter(learner=reader).count() == 1
    # Back on the page: the form again, with the attempt listed; the result was not kept in the frame.
    html = page_for(client, reader, lesson.url)
    assert 'class="quiz-result"' not in html and 'name="submission_token"' in html
    assert 'class="attempt-history"' in html


def test_an_invalid_submission_shows_the_questions_again_with_the_message(client, lesson):
    page_for(client, learner("reader-a1"), lesson.url)
    html = page_for(client, learner("reader-a2"), lesson.url, "post", {"submission_token": ""})
    assert 'class="quiz-error"' in html
    assert QuizAttempt.objects.count() == 0


def test_mark_as_done_and_its_message_on_a_framed_page(client, lesson):
    plain = make_lesson(lesson.get_parent().specific, title="Reading a bill", quiz=[])
    page_for(client, learner("reader-a1"), plain.url)  # the frame exists, with "Mark as done"
    reader = learner("reader-m1")
    html = page_for(client, reader, plain.url)
    assert "Mark as done" in html
    assert client.post(reverse("progress:mark_done"), {"lesson": plain.pk}).status_code == 302
    html = page_for(client, reader, plain.url)
    assert "Well done! The lesson is marked as done." in html
    assert "You have completed this lesson." in html and "Mark as done" not in html
    html = page_for(client, reader, plain.url)
    assert "Well done!" not in html  # a message is shown once
    assert len(frames()) == 1


def test_tutors_and_learners_get_different_frames(client, lesson):
    tutor = UserFactory(username="teacher", groups=["Tutors"])
    html = page_for(client, tutor, lesson.url)
    assert "/en/tutor/" in html
    html = page_for(client, learner("reader-p1"), lesson.url)
    assert "/en/tutor/" not in html
    assert len(frames()) == 2


def test_data_saver_choice_gets_its_own_frame(client, lesson):
    reader = learner("reader-c3")
    page_for(client, reader, lesson.url)
    client.cookies["enok-data-saver"] = "1"
    html = page_for(client, reader, lesson.url)
    assert "Data saver is on" in html
    assert len(frames()) == 2


def test_a_publish_makes_a_new_frame(client, lesson):
    reader = learner("reader-p2")
    page_for(client, reader, lesson.url)
    lesson.title = "Opening a bank account"
    lesson.save_revision().publish()
    content_changed()
    html = page_for(client, reader, lesson.url)
    assert "Opening a bank account" in html


def test_a_frame_that_would_show_a_readers_name_is_not_kept(client, lesson):
    # This reader's name is a word of the lesson: the frame cannot be told apart from a leak, so it is not shared.
    reader = learner("banking", "Banking")
    html = page_for(client, reader, lesson.url)
    assert "Signed in as Banking." in html
    assert frames() == []
    html = page_for(client, learner("reader-b7"), lesson.url)
    assert "Signed in as reader-b7." in html and len(frames()) == 1


def test_visitors_and_addresses_with_a_query_string_are_rendered_as_usual(client, lesson):
    assert "Your answers are checked but not saved." in client.get(lesson.url).content.decode()
    reader = learner("reader-q1")
    html = page_for(client, reader, lesson.url + "?from=search")
    assert "Signed in as reader-q1." in html
    assert frames() == []


@pytest.mark.parametrize("name", ["Bad", "quiz-1", ""])
def test_hole_names_are_checked(name):
    with pytest.raises(ValueError):
        page_frames.hole(name)


def test_hole_arguments_are_checked(rf):
    with pytest.raises(ValueError):
        page_frames.render_hole("checklist", rf.get("/"), None, {}, "--><script>")


def checklist_id(lesson):
    return next(block.id for block in lesson.body if block.block_type == "checklist")


def test_a_framed_page_is_still_private_to_the_browser(client, lesson):
    page_for(client, learner("reader-f1"), lesson.url)
    client.force_login(learner("reader-f2"))
    response = client.get(lesson.url)
    assert len(frames()) == 1
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_response_that_is_not_a_page_is_rendered_as_usual(rf, lesson):
    """Only a 200 HTML page becomes a frame; anything else is rendered again with its parts in place."""
    from django.http import HttpResponse

    request = rf.get(lesson.url)
    request.user = learner("reader-n1")
    request.session = {}
    calls = []

    def render():
        calls.append(getattr(request, "_enok_rendering_frame", False))
        return HttpResponse("<!--enok-hole:messages:-->", status=404)

    response = page_frames.serve(request, lesson, render)
    assert response.status_code == 404
    assert calls == [True, False]  # the second rendering is not a frame
    assert frames() == []


def shared_parts(name):
    """The keys of the shared parts called `name` kept under the current content version."""
    version = content_version()
    entries = page_frames.shared_parts._entries  # noqa: SLF001
    return [key for key in entries if key[1] == name and f":{version}:" in key[0]]


def checklist_form_token(html):
    """The CSRF token in the checklist's form."""
    form = re.search(r'<form method="post" action="/en/learning/checklist/".*?</form>', html, re.S).group(0)
    return re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', form).group(1)


def test_parts_shown_through_a_state_are_rendered_once_for_the_readers_in_that_state(client, lesson, monkeypatch):
    from lessons import holes, render_cache

    rendered = []
    render_block, render = render_cache.render_block, holes._render  # noqa: SLF001

    def counted_block(block, values):
        rendered.append(block.block_type)
        return render_block(block, values)

    monkeypatch.setattr(render_cache, "render_block", counted_block)
    monkeypatch.setattr(holes, "_render", lambda name, context: rendered.append(name) or render(name, context))
    readers = [learner(f"reader-s{n}") for n in range(3)]
    for reader in readers:
        services.record_quiz_result(reader, lesson, graded(lesson))
    key, block = lesson.translation_key, checklist_id(lesson)
    ChecklistTick.objects.create(learner=readers[2], lesson_key=key, block_id=block, item=1)

    page_for(client, readers[0], lesson.url)
    assert rendered.count("checklist") == 1
    assert rendered.count("lessons/includes/lesson_status.html") == 1
    html = page_for(client, readers[1], lesson.url)  # the same state: nothing rendered again
    assert rendered.count("checklist") == 1
    assert rendered.count("lessons/includes/lesson_status.html") == 1
    assert "You have completed this lesson." in html and " checked>" not in html
    html = page_for(client, readers[2], lesson.url)  # a step ticked: its own rendering
    assert rendered.count("checklist") == 2
    assert re.search(r'name="item" value="1" checked>', html)
    html = page_for(client, readers[1], lesson.url)
    assert rendered.count("checklist") == 2 and " checked>" not in html


def test_a_shared_part_carries_each_readers_own_csrf_token(lesson):
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(learner("reader-t1"))
    second_reader = learner("reader-t2")
    second.force_login(second_reader)
    first_html = first.get(lesson.url).content.decode()
    (kept,) = shared_parts("checklist")
    second_html = second.get(lesson.url).content.decode()
    assert shared_parts("checklist") == [kept]  # the second reader's checklist is the first's rendering
    assert checklist_form_token(first_html) != checklist_form_token(second_html)
    block = checklist_id(lesson)
    data = {"lesson": lesson.pk, "block": block, "item": "0", "csrfmiddlewaretoken": checklist_form_token(second_html)}
    assert second.post(reverse("progress:checklist"), data).status_code == 302
    assert ChecklistTick.objects.filter(learner=second_reader, block_id=block, item=0).exists()
    # The first reader's token does not pass for the second reader's session.
    data["csrfmiddlewaretoken"] = checklist_form_token(first_html)
    second.cookies.pop("csrftoken", None)
    assert second.post(reverse("progress:checklist"), data).status_code == 403


def test_reader_shared_renders_once_per_state_only_while_a_frame_is_filled(rf):
    request = rf.get("/")
    request.user = learner("reader-u1", "Umma Ri")
    calls = []

    def part(text):
        def render(csrf_token):
            calls.append(csrf_token)
            return f"<p>{text} {csrf_token}</p>"

        return render

    framed = page_frames.Reader(request, None, {}, frame_key="frame-u1")
    assert framed.shared("part", ("a",), part("A")) == "<p>A __enok_csrf_token__</p>"
    assert framed.shared("part", ("a",), part("A again")) == "<p>A __enok_csrf_token__</p>"
    assert framed.shared("part", ("b",), part("B")) == "<p>B __enok_csrf_token__</p>"
    assert calls == ["__enok_csrf_token__"] * 2
    # A part that shows the reader's name is not kept for others.
    framed.shared("named", (), part("Umma Ri"))
    framed.shared("named", (), part("Umma Ri"))
    assert len(calls) == 4
    # Rendered as usual (no frame), a part is rendered each time with this request's own token.
    plain = page_frames.Reader(request, None, {})
    plain.shared("part", ("a",), part("A"))
    plain.shared("part", ("a",), part("A"))
    assert len(calls) == 6 and calls[-1] == calls[-2] != "__enok_csrf_token__" and len(calls[-1]) == 64


def test_a_publish_renders_the_shared_parts_again(client, lesson):
    reader = learner("reader-v1")
    assert "Before you go to the bank" not in page_for(client, reader, lesson.url)
    raw = [dict(item) for item in lesson.body.raw_data]
    for item in raw:
        if item["type"] == "checklist":
            item["value"] = {**item["value"], "title": "Before you go to the bank"}
    lesson.body = raw
    lesson.save_revision().publish()
    content_changed()
    assert "Before you go to the bank" in page_for(client, reader, lesson.url)


def submission_token(html):
    return re.search(r'name="submission_token" value="([0-9a-f-]+)"', html).group(1)


def test_the_quiz_section_is_shared_by_readers_with_the_same_attempts(client, lesson, monkeypatch):
    from lessons import holes

    rendered = []
    render = holes._render  # noqa: SLF001
    monkeypatch.setattr(holes, "_render", lambda name, context: rendered.append(name) or render(name, context))
    quiz_renders = lambda: rendered.count("lessons/includes/quiz_section.html")  # noqa: E731
    first, second, third = (learner(f"reader-q{n}") for n in range(3))
    services.record_quiz_result(third, lesson, graded(lesson, right=False))

    first_html = page_for(client, first, lesson.url)
    assert quiz_renders() == 1 and len(shared_parts("quiz")) == 1
    second_html = page_for(client, second, lesson.url)  # no attempts either: the first one's section
    assert quiz_renders() == 1
    assert submission_token(first_html) != submission_token(second_html)  # a fresh token in every response
    assert "__enok_" not in second_html
    third_html = page_for(client, third, lesson.url)  # an attempt of their own: their own section
    assert quiz_renders() == 2 and len(shared_parts("quiz")) == 2
    assert 'class="attempt-history"' in third_html and 'class="attempt-history"' not in second_html
    assert 'class="attempt-history"' in page_for(client, third, lesson.url) and quiz_renders() == 2

    # The shared form's token is the second reader's to submit, once.
    data = {**answers(lesson), "submission_token": submission_token(second_html)}
    result = page_for(client, second, lesson.url, "post", data)
    assert 'class="quiz-result"' in result and quiz_renders() == 3  # a result is rendered for its reader
    assert QuizAttempt.objects.filter(learner=second).count() == 1
    page_for(client, second, lesson.url, "post", data)
    assert QuizAttempt.objects.filter(learner=second).count() == 1


def test_signed_in_as_is_rendered_once_and_shows_each_readers_own_name_escaped(client, lesson, monkeypatch):
    from django.template import loader

    from core import holes

    rendered = []
    render_to_string = loader.render_to_string
    monkeypatch.setattr(
        holes, "render_to_string", lambda name, context: rendered.append(name) or render_to_string(name, context)
    )
    first = page_for(client, learner("reader-w1", "Kim Ok-sun"), lesson.url)
    second = page_for(client, learner("reader-w2", "Ri <b>&</b> Pak"), lesson.url)
    assert rendered.count("includes/signed_in_as.html") == 1
    assert "Signed in as Kim Ok-sun." in first and "Kim Ok-sun" not in second
    assert "Signed in as Ri &lt;b&gt;&amp;&lt;/b&gt; Pak." in second and "<b>&</b>" not in second
    assert holes.NAME_STAND_IN not in first + second
