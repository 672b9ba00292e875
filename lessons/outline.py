"""What course, module and lesson pages list, in the active language, in a fixed number of queries.

The English tree is the source. A Korean page lists everything its English
source has, showing the Korean translation where one exists and the English
page (marked as a fallback, at a /ko/ URL that core.routing serves) where it
does not yet. Every function here makes the same number of queries however
many modules and lessons a course holds.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import get_language
from wagtail.models import Locale, Page


def _model(name):
    # Looked up when called: the page models import this module.
    return apps.get_model("lessons", name)


@dataclass
class OutlineItem:
    """One page as listed: the page to show (translation or source) and its URL in the active language."""

    page: Page
    source: Page
    url: str
    is_fallback: bool
    minutes: int = 0
    lesson_count: int = 0
    children: list = field(default_factory=list)

    @property
    def title(self):
        return self.page.title

    @property
    def translation_key(self):
        return self.source.translation_key


def source_of(page):
    """The default-language page a page was translated from (the page itself if it is the source)."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def url_for_language(url, language):
    """Rewrite a page URL ('/en/…') to the same path under another language prefix."""
    if not url:
        return url
    parts = url.split("/", 2)  # ["", "en", "rest"]
    if len(parts) >= 2 and parts[1] in {"en", "ko"}:
        parts[1] = language
        return "/".join(parts)
    return url


def localize(pages, request):
    """OutlineItems for source pages, using the active language's translations (one query)."""
    language = get_language()
    pages = list(pages)
    translations = {}
    if pages and pages[0].locale.language_code != language:
        kinds = {type(page) for page in pages}
        model = kinds.pop() if len(kinds) == 1 else Page
        for page in model.objects.live().filter(
            translation_key__in=[p.translation_key for p in pages], locale__language_code=language
        ):
            translations[page.translation_key] = page
    items = []
    for source in pages:
        shown = translations.get(source.translation_key)
        if shown is not None:
            items.append(OutlineItem(page=shown, source=source, url=shown.get_url(request), is_fallback=False))
        else:
            url = url_for_language(source.get_url(request), language)
            fallback = source.locale.language_code != language
            items.append(OutlineItem(page=source, source=source, url=url, is_fallback=fallback))
    return items


def _lessons_by_module(lessons):
    grouped = {}
    for lesson in lessons:
        grouped.setdefault(lesson.path[: -Page.steplen], []).append(lesson)
    return grouped


def course_outline(course, request):
    """Modules of a course, each with its lessons, and totals. Five queries, whatever the size."""
    source = source_of(course)
    modules = list(_model("ModulePage").objects.live().child_of(source).select_related("locale"))
    lessons = list(_model("LessonPage").objects.live().descendant_of(source).select_related("locale").order_by("path"))
    module_items = localize(modules, request)
    lesson_items = {item.source.pk: item for item in localize(lessons, request)}
    by_module = _lessons_by_module(lessons)
    for item in module_items:
        item.children = [lesson_items[lesson.pk] for lesson in by_module.get(item.source.path, [])]
        for child in item.children:
            child.minutes = child.source.estimated_minutes
        item.minutes = sum(child.minutes for child in item.children)
        item.lesson_count = len(item.children)
    return module_items


def module_lessons(module, request):
    """The lessons of a module in order, with minutes."""
    source = source_of(module)
    lessons = _model("LessonPage").objects.live().child_of(source).select_related("locale")
    items = localize(lessons, request)
    for item in items:
        item.minutes = item.source.estimated_minutes
    return items


def breadcrumbs(page, request):
    """The course index and the ancestors below it, down to the page's parent (two queries)."""
    source = source_of(page)
    ancestors = Page.objects.ancestor_of(source).filter(depth__gte=3).select_related("locale").order_by("depth")
    return localize(ancestors, request)


@dataclass
class LessonPosition:
    """Where a lesson stands in its module: 'Lesson 2 of 5', neighbours and ancestors."""

    number: int
    total: int
    previous: OutlineItem | None
    next: OutlineItem | None


def lesson_position(lesson, request):
    """The lesson's place among its module's live lessons, and its neighbours, in the active language."""
    source = source_of(lesson)
    siblings = list(
        _model("LessonPage")
        .objects.live()
        .filter(path__startswith=source.path[: -Page.steplen], depth=source.depth)
        .select_related("locale")
        .order_by("path")
    )
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == source.pk), None)
    if index is None:  # an unpublished lesson seen in preview
        siblings.append(source)
        index = len(siblings) - 1
    wanted = []
    if index > 0:
        wanted.append(siblings[index - 1])
    if index + 1 < len(siblings):
        wanted.append(siblings[index + 1])
    items = {item.source.pk: item for item in localize(wanted, request)}
    return LessonPosition(
        number=index + 1,
        total=len(siblings),
        previous=items.get(siblings[index - 1].pk) if index > 0 else None,
        next=items.get(siblings[index + 1].pk) if index + 1 < len(siblings) else None,
    )


@dataclass
class CourseCard:
    item: OutlineItem
    module_count: int
    lesson_count: int
    minutes: int
    lesson_keys: set = field(default_factory=set)
    completion: object = None


def courses_by_topic(index_page, request):
    """Live courses under the course index, grouped by topic in the order of Topic, with counts."""
    from .models.pages import Topic

    source = source_of(index_page)
    courses = list(_model("CoursePage").objects.live().child_of(source).select_related("locale"))
    modules = _model("ModulePage").objects.live().descendant_of(source).values_list("path", flat=True)
    lessons = (
        _model("LessonPage")
        .objects.live()
        .descendant_of(source)
        .values_list("path", "estimated_minutes", "translation_key")
    )
    depth = len(source.path) + Page.steplen
    module_counts, lesson_counts, minutes, keys = {}, {}, {}, {}
    for path in modules:
        module_counts[path[:depth]] = module_counts.get(path[:depth], 0) + 1
    for path, estimated, key in lessons:
        keys.setdefault(path[:depth], set()).add(key)
        lesson_counts[path[:depth]] = lesson_counts.get(path[:depth], 0) + 1
        minutes[path[:depth]] = minutes.get(path[:depth], 0) + estimated
    groups = {topic: [] for topic in Topic}
    for item in localize(courses, request):
        path = item.source.path
        groups[Topic(item.source.topic)].append(
            CourseCard(
                item,
                module_counts.get(path, 0),
                lesson_counts.get(path, 0),
                minutes.get(path, 0),
                keys.get(path, set()),
            )
        )
    return [(topic.label, cards) for topic, cards in groups.items() if cards]
