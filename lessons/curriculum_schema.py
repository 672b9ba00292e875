"""Checks for the course content files in lessons/content/courses/ (see its README).

Pure functions over the parsed TOML: they return a list of readable problems
and never touch the database, so `manage.py check_curriculum` and the tests can
run them anywhere.
"""

import re
import tomllib
from pathlib import Path

from wagtail_localize.strings import extract_strings

CONTENT_DIR = Path(__file__).resolve().parent / "content"
COURSES_DIR = CONTENT_DIR / "courses"
IMAGES_DIR = CONTENT_DIR / "images"

TOPICS = {"american-life", "money", "jobs", "english"}
LEVELS = {"first-steps", "building"}
PARTS_OF_SPEECH = {"noun", "verb", "adjective", "adverb", "phrase", "abbreviation"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALLOWED_TAGS = {"p", "ul", "ol", "li", "b", "i", "a"}
HREF = re.compile(r'href="([^"]*)"')


def course_files():
    """Every course file, in name order (settings.CURRICULUM_COURSES_DIR may point elsewhere)."""
    from django.conf import settings

    return sorted(Path(getattr(settings, "CURRICULUM_COURSES_DIR", COURSES_DIR)).glob("*.toml"))


def read(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


class Problems(list):
    """Problems found, each prefixed with where it was found."""

    def at(self, where, message):
        self.append(f"{where}: {message}")


def _text(problems, where, value, *, required=True):
    if value is None and not required:
        return
    if not isinstance(value, dict) or set(value) != {"en", "ko"}:
        problems.at(where, "needs { en = …, ko = … }")
        return
    for language in ("en", "ko"):
        if not isinstance(value[language], str) or not value[language].strip():
            problems.at(where, f"{language} is empty")


def _text_list(problems, where, value):
    if not isinstance(value, dict) or set(value) != {"en", "ko"}:
        problems.at(where, "needs { en = [...], ko = [...] }")
        return
    if not all(isinstance(v, list) and v and all(isinstance(i, str) and i.strip() for i in v) for v in value.values()):
        problems.at(where, "needs non-empty lists of text")
    elif len(value["en"]) != len(value["ko"]):
        problems.at(where, "en and ko have different counts")


def _html(problems, where, value):
    _text(problems, where, value)
    if problems and problems[-1].startswith(where):
        return
    counts = []
    for language in ("en", "ko"):
        html = value[language]
        tags = set(re.findall(r"</?([a-zA-Z0-9]+)", html))
        if tags - ALLOWED_TAGS:
            problems.at(where, f"{language} uses tags not allowed: {sorted(tags - ALLOWED_TAGS)}")
        for href in HREF.findall(html):
            if not re.match(r"^https://([a-z0-9-]+\.)*[a-z0-9-]+\.gov(/|$)", href):
                problems.at(where, f"{language} links outside official .gov sites: {href}")
        try:
            _template, strings = extract_strings(html)
        except Exception as error:  # noqa: BLE001 - report any parse failure as a content problem
            problems.at(where, f"{language} html does not parse: {error}")
            return
        counts.append(len(strings))
    if len(counts) == 2 and counts[0] != counts[1]:
        problems.at(where, f"en has {counts[0]} paragraphs/items but ko has {counts[1]}")


def _block(problems, where, block, terms):
    kind = block.get("type")
    if kind == "heading":
        _text(problems, where, block.get("text"))
    elif kind == "paragraph":
        _html(problems, where, block.get("html"))
    elif kind == "vocabulary":
        _text(problems, f"{where}.title", block.get("title"))
        names = block.get("terms")
        if not isinstance(names, list) or not names:
            problems.at(where, "vocabulary needs terms = [...]")
        else:
            for name in names:
                if name.casefold() not in terms:
                    problems.at(where, f"unknown glossary term {name!r}")
    elif kind == "dialogue":
        _text(problems, f"{where}.title", block.get("title"), required=False)
        lines = block.get("lines")
        if not isinstance(lines, list) or len(lines) < 2:
            problems.at(where, "a dialogue needs at least 2 lines")
        else:
            for n, line in enumerate(lines):
                _text(problems, f"{where}.lines[{n}].speaker", line.get("speaker"))
                for key in ("english", "korean"):
                    if not isinstance(line.get(key), str) or not line[key].strip():
                        problems.at(f"{where}.lines[{n}]", f"{key} is missing")
    elif kind == "key_phrase":
        for key in ("english", "korean"):
            if not isinstance(block.get(key), str) or not block[key].strip():
                problems.at(where, f"{key} is missing")
        _text(problems, f"{where}.note", block.get("note"), required=False)
    elif kind == "callout":
        if block.get("kind") == "compare":
            _text(problems, f"{where}.title", block.get("title"), required=False)
            _text(problems, f"{where}.in_north_korea", block.get("in_north_korea"))
            _text(problems, f"{where}.in_the_us", block.get("in_the_us"))
        elif block.get("kind") in ("tip", "warning"):
            _text(problems, f"{where}.title", block.get("title"), required=False)
            _html(problems, f"{where}.html", block.get("html"))
        else:
            problems.at(where, "callout kind must be tip, warning or compare")
    elif kind == "checklist":
        _text(problems, f"{where}.title", block.get("title"))
        _text_list(problems, f"{where}.items", block.get("items"))
    elif kind == "image":
        if not (IMAGES_DIR / str(block.get("file", ""))).is_file():
            problems.at(where, f"image file {block.get('file')!r} not in lessons/content/images/")
        _text(problems, f"{where}.alt", block.get("alt"))
        _text(problems, f"{where}.caption", block.get("caption"), required=False)
    else:
        problems.at(where, f"unknown block type {kind!r}")


def _question(problems, where, question):
    kind = question.get("type")
    _text(problems, f"{where}.explanation", question.get("explanation"))
    if kind in ("single_choice", "multiple_choice"):
        _text(problems, f"{where}.question", question.get("question"))
        choices = question.get("choices")
        if not isinstance(choices, list) or not 2 <= len(choices) <= 8:
            problems.at(where, "needs 2 to 8 choices")
            return
        for n, choice in enumerate(choices):
            _text(problems, f"{where}.choices[{n}]", choice.get("text"))
        right = sum(1 for choice in choices if choice.get("correct") is True)
        if kind == "single_choice" and right != 1:
            problems.at(where, "a single choice question needs exactly one correct choice")
        if kind == "multiple_choice" and right < 1:
            problems.at(where, "a multiple choice question needs at least one correct choice")
    elif kind == "true_false":
        _text(problems, f"{where}.statement", question.get("statement"))
        if not isinstance(question.get("is_true"), bool):
            problems.at(where, "is_true must be true or false")
    elif kind == "fill_in_blank":
        _text(problems, f"{where}.prompt", question.get("prompt"))
        prompt = question.get("prompt") or {}
        if isinstance(prompt, dict) and not all("___" in str(prompt.get(lang, "")) for lang in ("en", "ko")):
            problems.at(where, "the prompt needs ___ where the gap is, in en and ko")
        _text_list(problems, f"{where}.accepted", question.get("accepted"))
    elif kind == "matching":
        _text(problems, f"{where}.prompt", question.get("prompt"))
        pairs = question.get("pairs")
        if not isinstance(pairs, list) or not 2 <= len(pairs) <= 8:
            problems.at(where, "needs 2 to 8 pairs")
            return
        for n, pair in enumerate(pairs):
            _text(problems, f"{where}.pairs[{n}].left", pair.get("left"))
            _text(problems, f"{where}.pairs[{n}].right", pair.get("right"))
        for language in ("en", "ko"):
            rights = [str((pair.get("right") or {}).get(language, "")).strip().casefold() for pair in pairs]
            if len(set(rights)) != len(rights):
                problems.at(where, f"right-hand sides must differ ({language})")
    else:
        problems.at(where, f"unknown question type {kind!r}")


def _slug(problems, where, item, seen):
    """A module's or lesson's slug: present, URL-safe and not repeated among its siblings (`seen`)."""
    slug = item.get("slug")
    if not SLUG.match(str(slug or "")) or slug in seen:
        problems.at(where, "slug missing, malformed or repeated")
    seen.add(slug)


def check_course(data, terms, name="course"):
    """Problems in one parsed course file. `terms` is the set of all glossary terms (casefolded)."""
    problems = Problems()
    course = data.get("course", {})
    if not SLUG.match(str(course.get("slug", ""))):
        problems.at(name, "course.slug must be lowercase ascii words joined by -")
    if course.get("topic") not in TOPICS:
        problems.at(name, f"course.topic must be one of {sorted(TOPICS)}")
    if course.get("level") not in LEVELS:
        problems.at(name, f"course.level must be one of {sorted(LEVELS)}")
    _text(problems, f"{name}.title", course.get("title"))
    _text(problems, f"{name}.summary", course.get("summary"))
    for n, term in enumerate(data.get("glossary", [])):
        where = f"{name}.glossary[{n}] {term.get('term')!r}"
        for key in ("term", "korean"):
            if not isinstance(term.get(key), str) or not term[key].strip():
                problems.at(where, f"{key} is missing")
        if term.get("part_of_speech") not in PARTS_OF_SPEECH:
            problems.at(where, f"part_of_speech must be one of {sorted(PARTS_OF_SPEECH)}")
        _text(problems, f"{where}.explanation", term.get("explanation"))
        _text(problems, f"{where}.example", term.get("example"))
    modules = data.get("modules", [])
    if not modules:
        problems.at(name, "a course needs modules")
    slugs = set()
    for m, module in enumerate(modules):
        where = f"{name}.modules[{m}] {module.get('slug')!r}"
        _slug(problems, where, module, slugs)
        _text(problems, f"{where}.title", module.get("title"))
        _text(problems, f"{where}.summary", module.get("summary"))
        _text_list(problems, f"{where}.goals", module.get("goals"))
        lessons = module.get("lessons", [])
        if not lessons:
            problems.at(where, "a module needs lessons")
        lesson_slugs = set()
        for n, lesson in enumerate(lessons):
            lwhere = f"{where}.lessons[{n}] {lesson.get('slug')!r}"
            _slug(problems, lwhere, lesson, lesson_slugs)
            _text(problems, f"{lwhere}.title", lesson.get("title"))
            _text(problems, f"{lwhere}.intro", lesson.get("intro"))
            if not isinstance(lesson.get("minutes"), int) or not 1 <= lesson["minutes"] <= 120:
                problems.at(lwhere, "minutes must be a whole number from 1 to 120")
            if not 1 <= int(lesson.get("pass_mark", 70)) <= 100:
                problems.at(lwhere, "pass_mark must be 1 to 100")
            body = lesson.get("body", [])
            if not body:
                problems.at(lwhere, "a lesson needs body blocks")
            for b, block in enumerate(body):
                _block(problems, f"{lwhere}.body[{b}]", block, terms)
            quiz = lesson.get("quiz", [])
            if not 3 <= len(quiz) <= 6:
                problems.at(lwhere, f"a quiz needs 3 to 6 questions, not {len(quiz)}")
            if len({q.get("type") for q in quiz}) < 2:
                problems.at(lwhere, "a quiz should mix at least two kinds of question")
            for q, question in enumerate(quiz):
                _question(problems, f"{lwhere}.quiz[{q}]", question)
    return problems


def check_all():
    """(problems, counts) for every course file together, including glossary terms defined twice."""
    courses = {path.name: read(path) for path in course_files()}
    seen, problems = {}, Problems()
    for name, data in courses.items():
        for term in data.get("glossary", []):
            key = str(term.get("term", "")).casefold()
            if key in seen:
                problems.at(name, f"glossary term {term.get('term')!r} is also defined in {seen[key]}")
            seen[key] = name
    for name, data in courses.items():
        problems.extend(check_course(data, set(seen), name))
    modules = [m for data in courses.values() for m in data.get("modules", [])]
    counts = {
        "courses": len(courses),
        "modules": len(modules),
        "lessons": sum(len(m.get("lessons", [])) for m in modules),
        "glossary terms": len(seen),
    }
    return problems, counts
