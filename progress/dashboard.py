"""What 'My learning' shows a learner, built in a fixed number of queries however much they have done."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale

from core import page_cache
from lessons.models import CoursePage, LessonPage, ModulePage
from lessons.outline import localize

from . import review
from .models import Certificate, LearningDay, LessonProgress, QuizAttempt
from .services import Completion
from .tutoring.assignments import assignments_for_learner


@dataclass
class CourseProgress:
    """One course the learner has started, with how far they are and what to open next."""

    course: object
    completion: Completion
    next_lesson: object = None
    modules_done: list = field(default_factory=list)


@dataclass
class RecentResult:
    attempt: QuizAttempt
    lesson: object  # an OutlineItem, or None when the lesson is no longer published


def _course_path(page):
    return page.path[: CoursePage.steplen * 4]


def _course_tree(english, request):
    """Every live course, module and lesson (without bodies) in the default language, in tree order.

    The same for every learner, so it is kept in the shared cache under the
    content version (core/page_cache.py), which every publish, unpublish, move or
    delete replaces.
    """
    key = page_cache.make_key("course-tree", request, english.pk)
    tree = cache.get(key)
    if tree is None:
        tree = (
            list(CoursePage.objects.live().filter(locale=english).select_related("locale").order_by("path")),
            list(ModulePage.objects.live().filter(locale=english).select_related("locale").order_by("path")),
            list(
                LessonPage.objects.live()
                .filter(locale=english)
                .select_related("locale")
                .defer("body", "quiz")
                .order_by("path")
            ),
        )
        cache.set(key, tree, page_cache.timeout())
    return tree


def my_learning(user, request):
    """Everything on the learner's page: resume, courses, assignments, finished modules, results, days, certificates."""
    english = Locale.get_default()
    progress_rows = list(LessonProgress.objects.filter(learner=user).order_by("-last_opened_at"))
    done_keys = {row.lesson_key for row in progress_rows if row.completed_at}
    started_keys = {row.lesson_key for row in progress_rows}
    attempts = list(QuizAttempt.objects.filter(learner=user)[:5])
    today = timezone.localdate()
    days_this_month = LearningDay.objects.filter(learner=user, day__year=today.year, day__month=today.month).count()
    certificates = list(Certificate.objects.filter(learner=user).order_by("-issued_at"))
    context = {
        "days_this_month": days_this_month,
        "certificates": certificates,
        "has_started": bool(progress_rows),
        "resume": None,
        "courses": [],
        "completed_modules": [],
        "recent_results": [],
        "assignments": assignments_for_learner(user, today, request),
        "review_due": review.due_count(user, today),
    }
    if not progress_rows:
        return context

    page_cache.site_for_request(request)  # the Site for page URLs from the cache, not a query per request
    all_courses, modules, lessons = _course_tree(english, request)
    lesson_by_key = {lesson.translation_key: lesson for lesson in lessons}
    started_course_paths = {_course_path(lesson) for lesson in lessons if lesson.translation_key in started_keys}
    courses = [course for course in all_courses if course.path in started_course_paths]
    modules = [module for module in modules if _course_path(module) in started_course_paths]

    lessons_by_course, lessons_by_module = {}, {}
    for lesson in lessons:
        lessons_by_course.setdefault(_course_path(lesson), []).append(lesson)
        lessons_by_module.setdefault(lesson.path[: -LessonPage.steplen], []).append(lesson)

    # The lesson to resume: the last opened one not yet complete and still published.
    resume_lesson = next(
        (
            lesson_by_key[row.lesson_key]
            for row in progress_rows
            if not row.completed_at and row.lesson_key in lesson_by_key
        ),
        None,
    )
    next_lessons = {}
    for course in courses:
        course_lessons = lessons_by_course.get(course.path, [])
        next_lessons[course.pk] = next(
            (lesson for lesson in course_lessons if lesson.translation_key not in done_keys), None
        )
    completed_modules = [
        module
        for module in modules
        if lessons_by_module.get(module.path)
        and all(lesson.translation_key in done_keys for lesson in lessons_by_module[module.path])
    ]

    # One query to find every page to show in the active language.
    wanted = [*courses, *completed_modules]
    wanted_lessons = {lesson.pk: lesson for lesson in next_lessons.values() if lesson}
    if resume_lesson:
        wanted_lessons[resume_lesson.pk] = resume_lesson
    for attempt in attempts:
        if attempt.lesson_key in lesson_by_key:
            wanted_lessons.setdefault(lesson_by_key[attempt.lesson_key].pk, lesson_by_key[attempt.lesson_key])
    items = {item.source.pk: item for item in localize([*wanted, *wanted_lessons.values()], request)}

    for course in courses:
        keys = {lesson.translation_key for lesson in lessons_by_course.get(course.path, [])}
        next_lesson = next_lessons[course.pk]
        context["courses"].append(
            CourseProgress(
                course=items[course.pk],
                completion=Completion(len(keys & done_keys), len(keys)),
                next_lesson=items[next_lesson.pk] if next_lesson else None,
            )
        )
    context["courses"].sort(key=lambda progress: (progress.completion.complete, -progress.completion.percent))
    context["completed_modules"] = [items[module.pk] for module in completed_modules]
    context["resume"] = items[resume_lesson.pk] if resume_lesson else None
    for attempt in attempts:
        lesson = lesson_by_key.get(attempt.lesson_key)
        context["recent_results"].append(RecentResult(attempt, items[lesson.pk] if lesson else None))
    return context
