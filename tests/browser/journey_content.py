"""A small course in English and Korean for the browser journeys, and the interface's words per language.

The Korean pages are made through wagtail-localize, as the curriculum import and
editors make them, so a journey in Korean reads Korean lessons and quizzes, not
the English fallback.
"""

from django.utils import translation

from core.translation import translate_with_localize
from tests.utils import SAMPLE_QUIZ, korean, make_course, make_lesson, make_module

KOREAN = {
    "Money basics": "돈 관리 기초",
    "What you will be able to do after this course.": "이 과정을 마치면 할 수 있는 것.",
    "Bank accounts": "은행 계좌",
    "A short module.": "짧은 단원.",
    "Opening an account": "계좌 만들기",
    "Using an ATM": "현금인출기 쓰기",
    "What this lesson is about.": "이 과목에서 배우는 것.",
    "<p>Some teaching text.</p>": "<p>배우는 내용.</p>",
    "Some teaching text.": "배우는 내용.",
    "Which account is best for paying rent and bills?": "집세와 요금을 내기에 가장 좋은 계좌는 무엇인가요?",
    "Checking account": "입출금 계좌",
    "Savings account": "저축 계좌",
    "A checking account is made for everyday payments.": "입출금 계좌는 매일 쓰는 돈을 내기 위한 계좌입니다.",
    "A real bank may call and ask for your PIN.": "진짜 은행은 전화해서 비밀번호를 물어볼 수 있습니다.",
    "A real bank never asks for your PIN.": "진짜 은행은 비밀번호를 절대 묻지 않습니다.",
    "The money you pay before moving in is a security ___.": "이사 들어가기 전에 내는 돈은 ___입니다.",
    "deposit": "보증금",
    "A security deposit is returned if there is no damage.": "집이 망가지지 않았으면 보증금을 돌려받습니다.",
}

# What a learner types and picks to get every SAMPLE_QUIZ question right, per language.
RIGHT_ANSWERS = {
    "en": {"choice": "Checking account", "blank": "deposit"},
    "ko": {"choice": "입출금 계좌", "blank": "보증금"},
}


def say(language, text, **params):
    """`text` as the site shows it in `language` (the project's and Django's catalogs)."""
    with translation.override(language):
        translated = translation.gettext(text)
    return translated % params if params else translated


def bilingual_course():
    """Money basics › Bank accounts › two lessons with SAMPLE_QUIZ, published in English and Korean.

    Returns {"en": {...}, "ko": {...}}, each with the course, module and first and second lesson.
    """
    course = make_course(title="Money basics")
    module = make_module(course, title="Bank accounts")
    first = make_lesson(module, title="Opening an account", quiz=SAMPLE_QUIZ)
    second = make_lesson(module, title="Using an ATM", quiz=SAMPLE_QUIZ)
    pages = {"en": {"course": course, "module": module, "first": first, "second": second}, "ko": {}}
    for name, page in pages["en"].items():
        pages["ko"][name] = translate_with_localize(page, korean(), KOREAN, strict=False)
    return pages
