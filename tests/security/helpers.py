"""Building blocks of the access matrix (tests/security/test_access_matrix.py).

- `url_patterns()` walks Django's resolver and yields every URL pattern of the site.
- `Outcome` and `Expect` write down what one role gets from one request.
- `Route` is one row of the matrix: a URL built against learner A's objects, and what
  each of the seven roles gets from GET and from POST.
- `build_world()` makes learner A's objects and the people who ask for them.
- `db_state()` is a fingerprint of the database, so a refused POST can be shown to
  have changed nothing.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from types import SimpleNamespace

from django.apps import apps
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from PIL import Image as PILImage

from tests.factories import UserFactory

# The seven people who ask for every URL, in the order the matrix prints them.
ROLES = ("anon", "a", "b", "tutor_a", "tutor_x", "editor", "superuser")
ROLE_NAMES = {
    "anon": "anonymous",
    "a": "learner A",
    "b": "learner B",
    "tutor_a": "the tutor of A",
    "tutor_x": "a tutor not of A",
    "editor": "an editor",
    "superuser": "a superuser",
}
# Who, besides learner A, may see A's data (name, answers, certificate code) unless a row says otherwise.
MAY_SEE_A = frozenset({"tutor_a"})


# URL patterns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """One URL pattern of the site: its key in the matrix, its route and the view it calls."""

    key: str
    route: str
    view: str


def _piece(pattern):
    """A pattern's own part of the route; the language prefix is written <lang>/."""
    if isinstance(pattern, LocalePrefixPattern):
        return "<lang>/"
    return str(pattern)


def url_patterns(patterns=None, prefix="", namespace=""):
    """Every URL pattern reachable from the root URLconf, recursively (i18n_patterns, admin, documents...).

    A named pattern's key is "namespace:name" (or "name"); an unnamed one's is its route.
    """
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + _piece(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            nested = ":".join(part for part in (namespace, inner) if part)
            yield from url_patterns(entry.url_patterns, route, nested)
        elif isinstance(entry, URLPattern):
            key = ":".join(part for part in (namespace, entry.name) if part) if entry.name else route
            yield Pattern(key=key, route=route, view=entry.lookup_str)


_CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
_REGEX_SAMPLES = [
    (r"(?P<pk>\d+)", "1"),
    (r"(?P<revision_id_a>live|earliest|\d+)", "earliest"),
    (r"(?P<revision_id_b>live|latest|\d+)", "latest"),
    (r"((?:[\w\-]+/)*)", ""),
    (r"(\d+)", "1"),
    (r"(.*)", "file.pdf"),
    (r".*", "no-such-admin-page"),
    (r"\.\.\.", "..."),
]


def sample_path(route, number=1, language="en"):
    """A concrete path for a route: numbers for <int:...>, words for <str:...> and <slug:...>."""

    def converter(match):
        kind = match["kind"] or "str"
        if kind == "int":
            return str(number)
        if kind == "uuid":
            return "00000000-0000-0000-0000-000000000000"
        if match["name"] in ("app_label", "app_name", "content_type_app_name"):
            return "lessons"
        if match["name"] in ("model_name", "content_type_model_name"):
            return "lessonpage"
        return "x"

    path = route.replace("<lang>/", f"{language}/")
    for regex, sample in _REGEX_SAMPLES:
        path = path.replace(regex, sample)
    path = _CONVERTER.sub(converter, path)
    return "/" + path.replace("^", "").replace("$", "")


# Expected outcomes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A status code, and for redirects where they must lead ({lang} is the page's language)."""

    status: int
    to: str = ""
    exact: bool = False

    def __str__(self):
        return f"{self.status}→{self.to}" if self.to else str(self.status)

    def matches(self, response, language):
        if response.status_code != self.status:
            return False
        target, location = self.to.format(lang=language), response.get("Location", "")
        return not self.to or (location == target if self.exact else location.startswith(target))


LOGIN = Outcome(302, "/{lang}/accounts/login/")
# The admin sends people who may not use it to its own sign-in (which asks for the two-factor code).
ADMIN_LOGIN = Outcome(302, "/admin/login/?next=/admin/")
# Wagtail's "Sorry, you do not have permission": back to the dashboard with a message.
ADMIN_HOME = Outcome(302, "/admin/", exact=True)


def redirect(to, exact=False):
    """A 302 to an address that starts with `to` (or is exactly `to`); {lang} is the page's language."""
    return Outcome(302, to, exact)


def _outcome(value):
    return value if isinstance(value, Outcome) else Outcome(int(value))


@dataclass(frozen=True)
class Expect:
    """What each of the seven roles gets: an int status or an Outcome (LOGIN, redirect(...))."""

    anon: object
    a: object
    b: object
    tutor_a: object
    tutor_x: object
    editor: object
    superuser: object

    def __getitem__(self, role):
        return _outcome(getattr(self, role))

    @classmethod
    def all(cls, outcome):
        """The same outcome for everyone."""
        return cls(*([outcome] * len(ROLES)))

    @classmethod
    def signed_in(cls, anon, outcome):
        """`anon` for anonymous visitors and `outcome` for all six signed-in roles."""
        return cls(anon, *([outcome] * (len(ROLES) - 1)))


@dataclass(frozen=True)
class Route:
    """One row of the access matrix.

    key:    the URL pattern's key (see url_patterns); several rows may share one.
    label:  what the row requests, for failure messages.
    url:    world -> path, built against learner A's objects.
    get, post: what each role gets (Expect); every row says both.
    data:   world -> POST data that would change something if the POST were allowed.
    may_see_a: roles besides A whose responses may contain learner A's data.
    language: the page's language, for redirects written with {lang}.
    changes_nothing: roles whose POST must leave the database as it was even though it is not refused.
    """

    key: str
    label: str
    url: Callable
    get: Expect
    post: Expect
    data: Callable = field(default=lambda world: {})
    may_see_a: frozenset = MAY_SEE_A
    language: str = "en"
    changes_nothing: frozenset = frozenset()


@dataclass(frozen=True)
class AdminRule:
    """What anonymous visitors, learner A and A's tutor get from every admin pattern under `prefix`."""

    prefix: str
    description: str
    get: object
    post: object

    def outcome(self, method):
        return _outcome(getattr(self, method))


# The world: learner A's objects and everyone who asks for them -----------------------------------

SECRET_ANSWER = "alpha-private-answer-7qz"
B_SECRET_ANSWER = "bravo-private-answer-3xw"
# Learner B and B's tutor mirror A and A's tutor: whoever may see A's data in a response may see
# B's only if they are B's counterpart (A's tutor's data about A is never B's tutor's business).
MIRROR = {"a": "b", "b": "a", "tutor_a": "tutor_x", "tutor_x": "tutor_a"}


def _png():
    buffer = BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="matrix.png")


def _record_attempt(learner, lesson, secret=SECRET_ANSWER):
    from lessons.quiz import grade_submission
    from progress import services
    from tests.progress.helpers import answers

    data = answers(lesson, right=True)
    for block in lesson.quiz:
        if block.block_type == "fill_in_blank":
            data[f"q-{block.id}"] = [secret]
    result = grade_submission(lesson.quiz, MultiValueDict(data), lesson.pass_mark).result
    attempt, _created = services.record_quiz_result(learner, lesson, result)
    return attempt


def build_world():
    """Learner A's objects (group, attempt, certificate, assignment, review card...) and the seven roles.

    Usernames and A's display name are distinctive, so a response that shows them is easy to find.
    """
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from lessons.models import GlossaryTerm
    from progress import review, services
    from progress.models import Assignment, Certificate, LearnerGroup
    from tests.utils import SAMPLE_QUIZ, korean, make_course, make_lesson, make_module, quiz_data

    w = SimpleNamespace()
    w.a = UserFactory(username="alpha_learner_q7", display_name="Alpha Hidden Name", groups=["Learners"])
    w.b = UserFactory(username="bravo_learner_k2", display_name="Bravo Hidden Name", groups=["Learners"])
    w.tutor_a = UserFactory(username="tutor_of_alpha", groups=["Tutors"])
    w.tutor_x = UserFactory(username="tutor_not_alpha", groups=["Tutors"])
    w.editor = UserFactory(username="editor_e", groups=["Editors"], is_staff=True)
    w.superuser = UserFactory(username="root_admin", is_staff=True, is_superuser=True)

    w.group = LearnerGroup.objects.create(name="Group of Alpha")
    w.group.tutors.add(w.tutor_a)
    w.group.learners.add(w.a)
    w.other_group = LearnerGroup.objects.create(name="Group of Bravo")
    w.other_group.tutors.add(w.tutor_x)
    w.other_group.learners.add(w.b)

    w.course = make_course(title="Matrix course")
    w.module = make_module(w.course, title="Matrix module")
    w.lesson = make_lesson(w.module, title="Matrix quiz lesson", quiz=quiz_data(*SAMPLE_QUIZ))
    w.plain_lesson = make_lesson(
        w.module,
        title="Matrix checklist lesson",
        body=[("checklist", {"title": "Before you go", "items": ["Photo ID", "Pen"]})],
    )
    w.draft = make_lesson(w.module, title="Matrix draft lesson", live=False)
    w.checklist_block = w.plain_lesson.body[0].id
    w.second_module = make_module(w.course, title="Matrix second module")
    make_lesson(w.second_module, title="Matrix second lesson")

    ko = korean()
    w.ko = SimpleNamespace()
    for name in ("course", "module", "lesson"):
        translation = getattr(w, name).copy_for_translation(ko, copy_parents=True)
        translation.save_revision().publish()
        setattr(w.ko, name, translation)

    w.attempt = _record_attempt(w.a, w.lesson)
    w.certificate = Certificate.objects.create(
        learner=w.a, course_key=w.course.translation_key, course_title=w.course.title, issued_at=timezone.now()
    )
    w.assignment = Assignment.objects.create(
        group=w.group, module_key=w.module.translation_key, module_title=w.module.title, assigned_by=w.tutor_a
    )
    w.term = GlossaryTerm.objects.create(term="deposit", korean="보증금")
    w.card, _created = review.add_term(w.a, w.term)
    services.mark_lesson_done(w.a, w.plain_lesson)

    w.document = Document(title="Matrix leaflet", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="leaflet.pdf"))
    w.image = Image(title="Matrix picture", file=_png())
    # Size and hash up front: Wagtail fills them in on first use, which would look like a change.
    w.document._set_document_file_metadata()
    w.image._set_image_file_metadata()
    w.document.save()
    w.image.save()
    w.b_attempt = _record_attempt(w.b, w.lesson, secret=B_SECRET_ANSWER)
    w.secrets = (w.a.username, w.a.display_name, SECRET_ANSWER, w.certificate.code)
    w.b_secrets = (w.b.username, w.b.display_name, B_SECRET_ANSWER)
    return w


# The database fingerprint ------------------------------------------------------------------------

# Tables whose every value is compared, not only counted: people, groups, progress, content.
_WATCHED_APPS = {"accounts", "auth", "progress", "lessons", "core", "wagtailcore", "wagtaildocs", "wagtailimages"}


def _tables():
    # Sessions change on every sign-in and sign-out: they are not what these tests watch.
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if not issubclass(m, AbstractBaseSession) and not m._meta.proxy
    ]
    return models, sorted({m._meta.db_table for m in models})


def db_state():
    """Row counts of every table (one query) and a hash of every value in the watched apps' tables."""
    models, tables = _tables()
    quote = connection.ops.quote_name
    # Table names come from the installed models, quoted.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        state = dict(zip(tables, cursor.fetchone(), strict=True))
        for table in sorted({m._meta.db_table for m in models if m._meta.app_label in _WATCHED_APPS}):
            # Raw values straight from the database, in the order of the first column (the key).
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")  # noqa: S608
            state[f"values in {table}"] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return state


def changed(before, after):
    """The names of the tables that differ between two db_state() fingerprints."""
    return sorted(name for name in before if before[name] != after.get(name))
