"""Import the course files in lessons/content/courses/ into the page tree and the glossary.

English pages are created from the files and published; the Korean pages are
made from them with wagtail-localize (core.translation), the same mechanism
editors use, with each English string mapped to its Korean from the file.
Importing again adds only what is missing: a page or term that exists is left
as an editor may have changed it, unless `force` is given.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail_localize.strings import extract_strings

from core.setup import ensure_site_structure
from core.translation import translate_with_localize

from .curriculum_schema import IMAGES_DIR, check_all, course_files, read
from .models import CourseIndexPage, CoursePage, GlossaryTerm, LessonPage, ModulePage


class CurriculumError(ValueError):
    """The course files cannot be imported as they are."""


@dataclass
class ImportReport:
    """What an import created, updated and left alone."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    translated: list = field(default_factory=list)
    terms_created: int = 0
    terms_updated: int = 0

    def summary(self):
        return (
            f"{len(self.created)} pages created, {len(self.updated)} updated, "
            f"{len(self.translated)} translated into Korean; "
            f"{self.terms_created} glossary terms created, {self.terms_updated} updated."
        )


class KoreanStrings:
    """English → Korean for the strings of one page, refusing two Koreans for one English string."""

    def __init__(self, where):
        self.where = where
        self.mapping = {}

    def add(self, english, korean):
        english, korean = (english or "").strip(), (korean or "").strip()
        if not english:
            return
        known = self.mapping.setdefault(english, korean)
        if known != korean:
            raise CurriculumError(f"{self.where}: {english!r} has two Korean versions: {known!r} and {korean!r}")
        if "\n" in english:  # wagtail-localize segments a multi-line text field with <br/> for newlines
            self.add(english.replace("\n", "<br/>"), korean.replace("\n", "<br/>"))

    def text(self, pair):
        """Add a { en, ko } pair and return its English."""
        if not pair:
            return ""
        self.add(pair["en"], pair["ko"])
        return pair["en"]

    def same(self, text):
        """A string that stays as it is on the Korean page (English to learn, or Korean already)."""
        self.add(text, text)
        return text

    def html(self, pair):
        """Add rich text, paragraph by paragraph, the way wagtail-localize segments it."""
        if not pair:
            return ""
        _template, english = extract_strings(pair["en"])
        _template, korean = extract_strings(pair["ko"])
        for (en_value, _attrs), (ko_value, _ko_attrs) in zip(english, korean, strict=True):
            self.add(en_value.data, ko_value.data)
        return pair["en"]

    def lines(self, pair):
        """A list of { en: [...], ko: [...] } items, pairwise."""
        for en, ko in zip(pair["en"], pair["ko"], strict=True):
            self.add(en, ko)
        return list(pair["en"])


# Teaching blocks: file table -> (block type, English value), filling the Korean strings.


def _body_block(block, strings, terms):
    kind = block["type"]
    if kind == "heading":
        return "heading", strings.text(block["text"])
    if kind == "paragraph":
        return "paragraph", strings.html(block["html"])
    if kind == "vocabulary":
        return "vocabulary", {
            "title": strings.text(block.get("title")),
            "terms": [terms[name.casefold()] for name in block["terms"]],
        }
    if kind == "dialogue":
        return "dialogue", {
            "title": strings.text(block.get("title")),
            "lines": [
                {
                    "speaker": strings.text(line["speaker"]),
                    "english": strings.same(line["english"]),
                    "korean": strings.same(line["korean"]),
                }
                for line in block["lines"]
            ],
            "audio": None,
        }
    if kind == "key_phrase":
        return "key_phrase", {
            "english": strings.same(block["english"]),
            "korean": strings.same(block["korean"]),
            "note": strings.text(block.get("note")),
            "audio": None,
        }
    if kind == "callout":
        return "callout", {
            "kind": block["kind"],
            "title": strings.text(block.get("title")),
            "text": strings.html(block.get("html")),
            "in_north_korea": strings.text(block.get("in_north_korea")),
            "in_the_us": strings.text(block.get("in_the_us")),
        }
    if kind == "checklist":
        return "checklist", {"title": strings.text(block["title"]), "items": strings.lines(block["items"])}
    if kind == "image":
        return "image", {
            "image": _image(block["file"], block["alt"]["en"]),
            "alt_text": strings.text(block["alt"]),
            "caption": strings.text(block.get("caption")),
        }
    raise CurriculumError(f"unknown block type {kind!r}")


def _question(question, strings):
    kind = question["type"]
    explanation = strings.text(question["explanation"])
    if kind in ("single_choice", "multiple_choice"):
        return kind, {
            "question": strings.text(question["question"]),
            "choices": [
                {"text": strings.text(c["text"]), "correct": bool(c.get("correct"))} for c in question["choices"]
            ],
            "explanation": explanation,
        }
    if kind == "true_false":
        return kind, {
            "statement": strings.text(question["statement"]),
            "is_true": question["is_true"],
            "explanation": explanation,
        }
    if kind == "fill_in_blank":
        return kind, {
            "prompt": strings.text(question["prompt"]),
            "accepted_answers": strings.lines(question["accepted"]),
            "explanation": explanation,
        }
    if kind == "matching":
        return kind, {
            "prompt": strings.text(question["prompt"]),
            "pairs": [{"left": strings.text(p["left"]), "right": strings.text(p["right"])} for p in question["pairs"]],
            "explanation": explanation,
        }
    raise CurriculumError(f"unknown question type {kind!r}")


def _image(filename, title):
    """The Wagtail image for a file in content/images/, uploaded once."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    path = Path(IMAGES_DIR) / filename
    with open(path, "rb") as handle:
        return Image.objects.create(title=title, file=ImageFile(handle, name=filename))


# Pages


def _save(parent, model, slug, fields, report, force):
    """Create the English page under `parent`, or update it with `force`; publish either way."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created.append(page)
    elif force:
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
        report.updated.append(page)
    return page


def _translate(page, strings, korean, report, force):
    if page.get_translation_or_none(korean) is not None and not force:
        return
    strings.same(page.slug)
    translate_with_localize(page, korean, strings.mapping)
    report.translated.append(page)


def import_glossary(courses, report, force=False):
    """Create (or with `force` update) every glossary term; return {casefolded term: GlossaryTerm}."""
    existing = {term.term.casefold(): term for term in GlossaryTerm.objects.all()}
    for data in courses:
        for entry in data.get("glossary", []):
            fields = {
                "term": entry["term"],
                "part_of_speech": entry["part_of_speech"],
                "korean": entry["korean"],
                "north_korean_note": entry.get("north_korean_note", ""),
                "explanation_en": entry["explanation"]["en"],
                "explanation_ko": entry["explanation"]["ko"],
                "example_en": entry["example"]["en"],
                "example_ko": entry["example"]["ko"],
            }
            term = existing.get(entry["term"].casefold())
            if term is None:
                existing[entry["term"].casefold()] = GlossaryTerm.objects.create(**fields)
                report.terms_created += 1
            elif force:
                for name, value in fields.items():
                    setattr(term, name, value)
                term.save()
                report.terms_updated += 1
    return existing


def import_course(data, terms, report, force=False):
    """Import one parsed course file: English pages, then their Korean translations."""
    english, korean = Locale.objects.get(language_code="en"), Locale.objects.get(language_code="ko")
    index = CourseIndexPage.objects.get(locale=english)
    info = data["course"]
    where = f"course {info['slug']}"

    strings = KoreanStrings(where)
    course = _save(
        index,
        CoursePage,
        info["slug"],
        {
            "title": strings.text(info["title"]),
            "topic": info["topic"],
            "level": info["level"],
            "summary": strings.text(info["summary"]),
        },
        report,
        force,
    )
    _translate(course, strings, korean, report, force)

    for module_data in data["modules"]:
        strings = KoreanStrings(f"{where} module {module_data['slug']}")
        goals = module_data["goals"]
        strings.add("\n".join(goals["en"]), "\n".join(goals["ko"]))
        module = _save(
            course,
            ModulePage,
            module_data["slug"],
            {
                "title": strings.text(module_data["title"]),
                "summary": strings.text(module_data["summary"]),
                "learning_goals": "\n".join(goals["en"]),
            },
            report,
            force,
        )
        _translate(module, strings, korean, report, force)

        for lesson_data in module_data["lessons"]:
            strings = KoreanStrings(f"{where} lesson {lesson_data['slug']}")
            lesson = _save(
                module,
                LessonPage,
                lesson_data["slug"],
                {
                    "title": strings.text(lesson_data["title"]),
                    "intro": strings.text(lesson_data["intro"]),
                    "estimated_minutes": lesson_data["minutes"],
                    "pass_mark": lesson_data.get("pass_mark", 70),
                    "body": [_body_block(block, strings, terms) for block in lesson_data["body"]],
                    "quiz": [_question(question, strings) for question in lesson_data["quiz"]],
                },
                report,
                force,
            )
            _translate(lesson, strings, korean, report, force)
    return course


def string_problems(data):
    """Pages of one parsed course file whose English strings have two Korean versions (no database)."""
    problems = []
    info = data["course"]

    class AnyTerm(dict):
        def __missing__(self, key):
            return None

    def attempt(where, build):
        strings = KoreanStrings(where)
        try:
            build(strings)
        except CurriculumError as error:
            problems.append(str(error))
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"{where}: cannot read ({error!r})")

    attempt(f"course {info['slug']}", lambda s: (s.text(info["title"]), s.text(info["summary"])))
    for module in data.get("modules", []):
        attempt(
            f"course {info['slug']} module {module['slug']}",
            lambda s, m=module: (s.text(m["title"]), s.text(m["summary"]), s.lines(m["goals"])),
        )
        for lesson in module.get("lessons", []):

            def build(s, lesson=lesson):
                s.text(lesson["title"])
                s.text(lesson["intro"])
                for block in lesson["body"]:
                    if block["type"] != "image":
                        _body_block(block, s, AnyTerm())
                for question in lesson["quiz"]:
                    _question(question, s)

            attempt(f"course {info['slug']} lesson {lesson['slug']}", build)
    return problems


def import_curriculum(force=False, paths=None):
    """Import every course file (or the given paths). Refuses files that fail check_curriculum."""
    if paths is None:
        problems, _counts = check_all()
        if problems:
            raise CurriculumError("The course files have problems:\n" + "\n".join(problems))
        paths = course_files()
    courses = [read(path) for path in paths]
    conflicts = [problem for data in courses for problem in string_problems(data)]
    if conflicts:
        raise CurriculumError("The course files have problems:\n" + "\n".join(conflicts))
    report = ImportReport()
    with transaction.atomic():
        ensure_site_structure()
        terms = import_glossary(courses, report, force=force)
        for data in courses:
            import_course(data, terms, report, force=force)
    return report
