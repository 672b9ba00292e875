# ruff: noqa: E501  (the sample course file has long lines, as real course files do)
"""Importing the course files: English pages, Korean translations through wagtail-localize, idempotent."""

import tomllib

import pytest
from wagtail.models import Page

from lessons.curriculum import CurriculumError, import_curriculum
from lessons.curriculum_schema import check_course
from lessons.models import CoursePage, GlossaryTerm, LessonPage, ModulePage

SAMPLE = """
[course]
slug = "sample-course"
topic = "money"
level = "first-steps"
title = { en = "Sample course", ko = "예시 과정" }
summary = { en = "A course for the tests.", ko = "시험을 위한 과정입니다." }

[[glossary]]
term = "deposit"
part_of_speech = "noun"
korean = "보증금"
north_korean_note = "집을 빌릴 때 미리 맡기는 돈입니다."
explanation = { en = "Money you pay before moving in.", ko = "이사 들어가기 전에 내는 돈입니다." }
example = { en = "The deposit is $800.", ko = "보증금은 800달러입니다." }

[[modules]]
slug = "first-module"
title = { en = "First module", ko = "첫 단원" }
summary = { en = "The first module.", ko = "첫 번째 단원입니다." }
goals = { en = ["pay a deposit", "read a lease"], ko = ["보증금 내기", "임대 계약서 읽기"] }

[[modules.lessons]]
slug = "first-lesson"
title = { en = "First lesson", ko = "첫 과목" }
intro = { en = "What a deposit is.", ko = "보증금이 무엇인지 배웁니다." }
minutes = 6

[[modules.lessons.body]]
type = "heading"
text = { en = "Paying a deposit", ko = "보증금 내기" }

[[modules.lessons.body]]
type = "paragraph"
html = { en = "<p>A <b>deposit</b> protects the landlord.</p><ul><li>Ask for a receipt.</li><li>Read the <a href=\\"https://www.hud.gov/\\">official guide</a>.</li></ul>", ko = "<p><b>보증금</b>은 집주인을 보호합니다.</p><ul><li>영수증을 달라고 하세요.</li><li><a href=\\"https://www.hud.gov/\\">정부 안내</a>를 읽으세요.</li></ul>" }

[[modules.lessons.body]]
type = "vocabulary"
title = { en = "Words", ko = "낱말" }
terms = ["Deposit"]

[[modules.lessons.body]]
type = "dialogue"
title = { en = "With the landlord", ko = "집주인과" }
lines = [
  { speaker = { en = "Landlord", ko = "집주인" }, english = "The deposit is one month's rent.", korean = "보증금은 한 달 치 월세입니다." },
  { speaker = { en = "You", ko = "나" }, english = "Can I have a receipt?", korean = "영수증을 받을 수 있을까요?" },
]

[[modules.lessons.body]]
type = "key_phrase"
english = "Can I have a receipt?"
korean = "영수증을 받을 수 있을까요?"
note = { en = "Always ask for one.", ko = "꼭 달라고 하세요." }

[[modules.lessons.body]]
type = "callout"
kind = "compare"
title = { en = "Homes", ko = "집" }
in_north_korea = { en = "Homes are assigned.", ko = "집을 나라에서 배정합니다." }
in_the_us = { en = "You rent or buy a home.", ko = "집을 빌리거나 삽니다." }

[[modules.lessons.body]]
type = "callout"
kind = "warning"
html = { en = "<p>Never pay in cash without a receipt.</p>", ko = "<p>영수증 없이 현금으로 내지 마세요.</p>" }

[[modules.lessons.body]]
type = "checklist"
title = { en = "Before you pay", ko = "돈을 내기 전에" }
items = { en = ["Read the lease", "Get a receipt"], ko = ["계약서 읽기", "영수증 받기"] }

[[modules.lessons.quiz]]
type = "single_choice"
question = { en = "What protects the landlord?", ko = "무엇이 집주인을 보호하나요?" }
choices = [ { text = { en = "The deposit", ko = "보증금" }, correct = true }, { text = { en = "The receipt", ko = "영수증" } } ]
explanation = { en = "The deposit does.", ko = "보증금이 보호합니다." }

[[modules.lessons.quiz]]
type = "true_false"
statement = { en = "You should pay cash without a receipt.", ko = "영수증 없이 현금으로 내도 됩니다." }
is_true = false
explanation = { en = "Always get a receipt.", ko = "항상 영수증을 받으세요." }

[[modules.lessons.quiz]]
type = "fill_in_blank"
prompt = { en = "Money paid before moving in is a ___.", ko = "이사 전에 내는 돈은 영어로 ___ 입니다." }
accepted = { en = ["deposit"], ko = ["deposit"] }
explanation = { en = "A deposit.", ko = "deposit, 보증금입니다." }

[[modules.lessons.quiz]]
type = "matching"
prompt = { en = "Match the words.", ko = "낱말을 맞추세요." }
pairs = [ { left = { en = "deposit", ko = "deposit" }, right = { en = "money paid first", ko = "보증금" } }, { left = { en = "receipt", ko = "receipt" }, right = { en = "proof of paying", ko = "영수증" } } ]
explanation = { en = "Deposit and receipt.", ko = "보증금과 영수증입니다." }
"""


@pytest.fixture
def sample_file(tmp_path):
    path = tmp_path / "sample.toml"
    path.write_text(SAMPLE.replace('terms = ["Deposit"]', 'terms = ["deposit"]'), encoding="utf-8")
    return path


def parsed(text=SAMPLE):
    return tomllib.loads(text)


def test_sample_file_is_valid():
    assert check_course(parsed(), {"deposit"}) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('ko = "예시 과정"', 'ko = ""'), "title: ko is empty"),
        (("<li>Ask for a receipt.</li>", ""), "en has 2 paragraphs/items but ko has 3"),
        (('https://www.hud.gov/\\">정부', 'https://example.com/\\">정부'), "links outside official .gov sites"),
        (
            (
                'correct = true }, { text = { en = "The receipt", ko = "영수증" } }',
                'correct = true }, { text = { en = "The receipt", ko = "영수증" }, correct = true }',
            ),
            "exactly one correct",
        ),
        (
            (
                'prompt = { en = "Money paid before moving in is a ___."',
                'prompt = { en = "Money paid before moving in is a deposit."',
            ),
            "needs ___",
        ),
        (('terms = ["Deposit"]', 'terms = ["nothing"]'), "unknown glossary term 'nothing'"),
        (("minutes = 6", "minutes = 600"), "minutes must be"),
    ],
)
def test_checks_find_content_problems(change, problem):
    problems = check_course(parsed(SAMPLE.replace(*change)), {"deposit"})
    assert any(problem in p for p in problems), problems


def test_a_quiz_needs_three_to_six_questions():
    short = SAMPLE.split('[[modules.lessons.quiz]]\ntype = "true_false"')[0]
    problems = check_course(parsed(short), {"deposit"})
    assert any("a quiz needs 3 to 6 questions, not 1" in p for p in problems)


@pytest.mark.django_db
def test_import_creates_english_and_korean_pages(sample_file):
    report = import_curriculum(paths=[sample_file])
    assert len(report.created) == 3 and len(report.translated) == 3 and report.terms_created == 1
    lesson = LessonPage.objects.get(slug="first-lesson", locale__language_code="en")
    korean = LessonPage.objects.get(translation_key=lesson.translation_key, locale__language_code="ko")
    assert korean.live and korean.title == "첫 과목" and korean.intro == "보증금이 무엇인지 배웁니다."
    # Block ids survive translation, so answers in either language count for one lesson.
    assert [b.id for b in korean.quiz] == [b.id for b in lesson.quiz]
    assert [b.id for b in korean.body] == [b.id for b in lesson.body]
    assert korean.quiz[0].value["question"] == "무엇이 집주인을 보호하나요?"
    assert [c["correct"] for c in korean.quiz[0].value["choices"]] == [True, False]
    assert korean.body[1].value.source.startswith("<p><b>보증금</b>은 집주인을 보호합니다.</p>")
    assert 'href="https://www.hud.gov/"' in korean.body[1].value.source
    dialogue = korean.body[3].value
    assert dialogue["lines"][0]["speaker"] == "집주인"
    assert dialogue["lines"][0]["english"] == "The deposit is one month's rent."  # English to learn stays
    assert [t.term for t in korean.body[2].value["terms"]] == ["deposit"]
    module = ModulePage.objects.get(translation_key=lesson.get_parent().translation_key, locale__language_code="ko")
    assert module.goals == ["보증금 내기", "임대 계약서 읽기"]
    term = GlossaryTerm.objects.get()
    assert term.korean == "보증금" and term.example_ko == "보증금은 800달러입니다."


@pytest.mark.django_db
def test_korean_lesson_page_renders_in_korean(client, sample_file):
    import_curriculum(paths=[sample_file])
    korean = LessonPage.objects.get(slug="first-lesson", locale__language_code="ko")
    html = client.get(korean.url).content.decode()
    assert "첫 과목" in html and "무엇이 집주인을 보호하나요?" in html
    assert "fallback-note" not in html


@pytest.mark.django_db
def test_import_is_idempotent_and_keeps_editors_changes(sample_file):
    import_curriculum(paths=[sample_file])
    counts = Page.objects.count(), GlossaryTerm.objects.count()
    course = CoursePage.objects.get(slug="sample-course", locale__language_code="en")
    course.title = "Edited by an editor"
    course.save_revision().publish()

    report = import_curriculum(paths=[sample_file])
    assert (Page.objects.count(), GlossaryTerm.objects.count()) == counts
    assert report.created == [] and report.translated == [] and report.terms_created == 0
    course.refresh_from_db()
    assert course.title == "Edited by an editor"

    report = import_curriculum(paths=[sample_file], force=True)
    course.refresh_from_db()
    assert course.title == "Sample course"
    assert (Page.objects.count(), GlossaryTerm.objects.count()) == counts
    assert len(report.updated) == 3


@pytest.mark.django_db
def test_conflicting_korean_fails_and_saves_nothing(tmp_path):
    text = SAMPLE.replace('terms = ["Deposit"]', 'terms = ["deposit"]').replace(
        '{ speaker = { en = "You", ko = "나" }', '{ speaker = { en = "Landlord", ko = "주인" }'
    )
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    before = Page.objects.count(), GlossaryTerm.objects.count()
    with pytest.raises(CurriculumError, match="two Korean versions"):
        import_curriculum(paths=[path])
    assert (Page.objects.count(), GlossaryTerm.objects.count()) == before
