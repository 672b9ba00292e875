"""The rows of the access matrix: every URL of the site, and what each of seven roles gets.

ADDING A URL? Add one Route to ROWS below (or, for Wagtail admin URLs, make sure a rule in
ADMIN_RULES covers its prefix). A Route says, for GET and for POST, what each role gets:

    Route(
        key="progress:attempt",                  # the pattern's "namespace:name" (see the failure message)
        label="A's quiz attempt",
        url=lambda w: reverse("progress:attempt", args=[w.attempt.pk]),   # built against A's objects
        get=Expect(anon=LOGIN, a=200, b=404, tutor_a=404, tutor_x=404, editor=404, superuser=404),
        post=Expect(anon=LOGIN, a=200, b=404, tutor_a=404, tutor_x=404, editor=404, superuser=404),
        data=lambda w: {...},                    # POST data that would change something if allowed
        may_see_a=NOBODY,                        # who besides A may see A's name, answers or certificate code
    )

Outcomes are status codes, LOGIN (302 to the site's sign-in), ADMIN_LOGIN (302 to the admin's),
or redirect("/{lang}/..."). A POST whose outcome is a refusal (400, 403, 404, 405, a redirect to
sign in) must leave the database as it was; so must the POSTs of the roles in `changes_nothing`.
The world the lambdas receive (`w`) is built by tests/security/helpers.py:build_world().
"""

from django.urls import reverse

from tests.factories import PASSWORD

from .helpers import ADMIN_HOME, ADMIN_LOGIN, LOGIN, ROLES, AdminRule, Expect, Route, redirect

NOBODY = frozenset()  # nobody but A may see A's data in this response
SIGNED_IN = tuple(role for role in ROLES if role != "anon")

# Shorthands for common rows. Each still names all seven roles.
NOT_ALLOWED = Expect.all(405)
SIGN_IN_THEN_405 = Expect.signed_in(LOGIN, 405)
OWN_PAGE = Expect.signed_in(LOGIN, 200)  # every signed-in person gets their own page, never A's
A_ONLY_404 = Expect(anon=LOGIN, a=200, b=404, tutor_a=404, tutor_x=404, editor=404, superuser=404)
PUBLIC = Expect.all(200)
# The Tutor area: only the group's tutor; another tutor gets 404 for the group; others 403.
TUTOR_OF_A = Expect(anon=LOGIN, a=403, b=403, tutor_a=200, tutor_x=404, editor=403, superuser=403)
TUTOR_OF_A_POST = Expect(anon=LOGIN, a=403, b=403, tutor_a=302, tutor_x=404, editor=403, superuser=403)
# Two-factor pages: for tutors, editors and administrators; learners get 403.
STAFF_ONLY = Expect(anon=LOGIN, a=403, b=403, tutor_a=200, tutor_x=200, editor=200, superuser=200)
STAFF_ONLY_POST_ONLY = Expect(anon=LOGIN, a=403, b=403, tutor_a=405, tutor_x=405, editor=405, superuser=405)
TO_TWO_FACTOR = redirect("/en/accounts/two-factor/")
STAFF_TO_TWO_FACTOR = Expect(
    anon=LOGIN,
    a=403,
    b=403,
    tutor_a=TO_TWO_FACTOR,
    tutor_x=TO_TWO_FACTOR,
    editor=TO_TWO_FACTOR,
    superuser=TO_TWO_FACTOR,
)


def _tutor(name, **ids):
    def url(w):
        objects = {"group_id": w.group.pk, "learner_id": w.a.pk, "assignment_id": w.assignment.pk}
        objects["module_key"] = w.module.translation_key
        return reverse(f"tutor:{name}", kwargs={key: objects[key] for key in ids})

    return url


ACCOUNT_ROWS = [
    Route(
        key="accounts:settings",
        label="own account settings",
        url=lambda w: reverse("accounts:settings"),
        get=OWN_PAGE,
        post=Expect.signed_in(LOGIN, redirect("/{lang}/accounts/")),
        data=lambda w: {"display_name": "Changed by the matrix"},
        may_see_a=NOBODY,
    ),
    Route(
        key="accounts:export",
        label="own data as JSON",
        url=lambda w: reverse("accounts:export"),
        get=OWN_PAGE,
        post=SIGN_IN_THEN_405,
        may_see_a=NOBODY,
    ),
    Route(
        key="accounts:delete",
        label="delete own account",
        url=lambda w: reverse("accounts:delete"),
        get=Expect(anon=LOGIN, a=200, b=200, tutor_a=200, tutor_x=200, editor=200, superuser=redirect("/en/accounts/")),
        post=Expect(
            anon=LOGIN,
            a=redirect("/en/"),
            b=redirect("/en/"),
            tutor_a=redirect("/en/"),
            tutor_x=redirect("/en/"),
            editor=redirect("/en/"),
            superuser=redirect("/en/accounts/"),
        ),
        data=lambda w: {"password": PASSWORD, "understood": "on"},
        may_see_a=NOBODY,
        changes_nothing=frozenset({"superuser"}),
    ),
    Route(
        key="accounts:login",
        label="sign in (wrong password for an unknown name)",
        url=lambda w: reverse("accounts:login"),
        get=Expect.signed_in(200, redirect("/en/learning/")),
        post=Expect.signed_in(200, redirect("/en/learning/")),
        data=lambda w: {"username": "nobody-at-all", "password": "wrong-password"},
        may_see_a=NOBODY,
        changes_nothing=frozenset(ROLES),
    ),
    Route(
        key="accounts:logout",
        label="sign out",
        url=lambda w: reverse("accounts:logout"),
        get=NOT_ALLOWED,
        post=Expect.all(redirect("/", exact=True)),
        may_see_a=NOBODY,
    ),
    Route(
        key="accounts:signup",
        label="sign up",
        url=lambda w: reverse("accounts:signup"),
        get=Expect.signed_in(200, redirect("/en/")),
        post=Expect.signed_in(redirect("/en/"), redirect("/en/")),
        data=lambda w: {"username": "new_by_matrix", "password1": PASSWORD, "password2": PASSWORD},
        may_see_a=NOBODY,
        changes_nothing=frozenset(SIGNED_IN),
    ),
    Route(
        key="accounts:password_change",
        label="change own password",
        url=lambda w: reverse("accounts:password_change"),
        get=OWN_PAGE,
        post=Expect.signed_in(LOGIN, redirect("/en/accounts/password/done/")),
        data=lambda w: {
            "old_password": PASSWORD,
            "new_password1": "An0ther-long-phrase",
            "new_password2": "An0ther-long-phrase",
        },
        may_see_a=NOBODY,
    ),
    Route(
        key="accounts:password_change_done",
        label="password changed",
        url=lambda w: reverse("accounts:password_change_done"),
        get=OWN_PAGE,
        post=SIGN_IN_THEN_405,
        may_see_a=NOBODY,
    ),
    Route(
        key="set_language",
        label="choose the language",
        url=lambda w: reverse("set_language"),
        get=Expect.all(redirect("/", exact=True)),
        post=Expect.all(redirect("/ko/", exact=True)),
        data=lambda w: {"language": "ko", "next": "/ko/"},
        may_see_a=NOBODY,
    ),
]

TWO_FACTOR_ROWS = [
    Route(
        key="accounts:login_code",
        label="second sign-in step, without a password first",
        url=lambda w: reverse("accounts:login_code"),
        get=Expect.all(redirect("/en/accounts/login/")),
        post=Expect.all(redirect("/en/accounts/login/")),
        data=lambda w: {"code": "123456"},
        may_see_a=NOBODY,
        changes_nothing=frozenset(ROLES),
    ),
    Route(
        key="accounts:two_factor",
        label="own two-factor set-up (a wrong code)",
        url=lambda w: reverse("accounts:two_factor"),
        get=STAFF_ONLY,
        post=STAFF_ONLY,
        data=lambda w: {"code": "000000"},
        may_see_a=NOBODY,
    ),
    Route(
        key="accounts:two_factor_recovery",
        label="new recovery codes (two-factor is off)",
        url=lambda w: reverse("accounts:two_factor_recovery"),
        get=STAFF_ONLY_POST_ONLY,
        post=STAFF_TO_TWO_FACTOR,
        data=lambda w: {"code": "000000"},
        may_see_a=NOBODY,
        changes_nothing=frozenset(ROLES),
    ),
    Route(
        key="accounts:two_factor_off",
        label="turn two-factor off (it is off)",
        url=lambda w: reverse("accounts:two_factor_off"),
        get=Expect(
            anon=LOGIN,
            a=403,
            b=403,
            tutor_a=TO_TWO_FACTOR,
            tutor_x=TO_TWO_FACTOR,
            editor=TO_TWO_FACTOR,
            superuser=TO_TWO_FACTOR,
        ),
        post=STAFF_TO_TWO_FACTOR,
        data=lambda w: {"password": PASSWORD},
        may_see_a=NOBODY,
        changes_nothing=frozenset(ROLES),
    ),
]

OFFLINE_ROWS = [
    Route(
        key="service_worker",
        label="the service worker",
        url=lambda w: reverse("service_worker"),
        get=PUBLIC,
        post=NOT_ALLOWED,
        may_see_a=NOBODY,
    ),
    Route(
        key="manifest",
        label="the web app manifest",
        url=lambda w: reverse("manifest"),
        get=PUBLIC,
        post=NOT_ALLOWED,
        may_see_a=NOBODY,
    ),
    Route(
        key="offline_session",
        label="offline session: an opaque owner id, never a name",
        url=lambda w: reverse("offline_session"),
        get=PUBLIC,
        post=NOT_ALLOWED,
        may_see_a=NOBODY,
    ),
    Route(
        key="offline",
        label="the offline page",
        url=lambda w: reverse("offline"),
        get=PUBLIC,
        post=PUBLIC,
        may_see_a=NOBODY,
        changes_nothing=frozenset(ROLES),
    ),
    Route(
        key="data_saver",
        label="data saver on (a cookie on this device)",
        url=lambda w: reverse("data_saver"),
        get=NOT_ALLOWED,
        post=Expect.all(redirect("/en/", exact=True)),
        data=lambda w: {"data_saver": "on", "next": "/en/"},
        may_see_a=NOBODY,
        changes_nothing=frozenset(ROLES),
    ),
]

LEARNER_ROWS = [
    Route(
        key="progress:my_learning",
        label="My learning",
        url=lambda w: reverse("progress:my_learning"),
        get=OWN_PAGE,
        post=OWN_PAGE,
        may_see_a=NOBODY,
    ),
    Route(
        key="progress:checklist",
        label="tick a checklist step",
        url=lambda w: reverse("progress:checklist"),
        get=NOT_ALLOWED,
        post=Expect.signed_in(LOGIN, 302),
        data=lambda w: {"lesson": w.plain_lesson.pk, "block": w.checklist_block, "item": ["0"]},
        may_see_a=NOBODY,
    ),
    Route(
        key="progress:mark_done",
        label="mark a lesson done",
        url=lambda w: reverse("progress:mark_done"),
        get=NOT_ALLOWED,
        post=Expect.signed_in(LOGIN, 302),
        data=lambda w: {"lesson": w.plain_lesson.pk},
        may_see_a=NOBODY,
    ),
    Route(
        key="progress:attempt",
        label="A's quiz attempt",
        url=lambda w: reverse("progress:attempt", args=[w.attempt.pk]),
        get=A_ONLY_404,
        post=A_ONLY_404,
        may_see_a=NOBODY,
    ),
    Route(
        key="progress:certificate",
        label="A's certificate",
        url=lambda w: reverse("progress:certificate", args=[w.certificate.code]),
        get=A_ONLY_404,
        post=A_ONLY_404,
        may_see_a=NOBODY,
    ),
    Route(
        key="progress:verify_certificate",
        label="public check of A's certificate (never who holds it)",
        url=lambda w: reverse("progress:verify_certificate", args=[w.certificate.code]),
        get=PUBLIC,
        post=PUBLIC,
        may_see_a=NOBODY,
    ),
    Route(
        key="review:review",
        label="vocabulary review",
        url=lambda w: reverse("review:review"),
        get=OWN_PAGE,
        post=OWN_PAGE,
        may_see_a=NOBODY,
    ),
    Route(
        key="review:answer",
        label="answer A's review card",
        url=lambda w: reverse("review:answer"),
        get=NOT_ALLOWED,
        post=Expect(anon=LOGIN, a=302, b=404, tutor_a=404, tutor_x=404, editor=404, superuser=404),
        data=lambda w: {"card": w.card.pk, "knew": "1"},
        may_see_a=NOBODY,
    ),
    Route(
        key="review:add",
        label="add a term to one's own deck",
        url=lambda w: reverse("review:add"),
        get=NOT_ALLOWED,
        post=Expect.signed_in(LOGIN, 302),
        data=lambda w: {"term": w.term.pk},
        may_see_a=NOBODY,
    ),
    Route(
        key="core:search",
        label="site search",
        url=lambda w: reverse("core:search") + "?q=Matrix",
        get=PUBLIC,
        post=PUBLIC,
        may_see_a=NOBODY,
    ),
    Route(
        key="lessons:glossary",
        label="public glossary",
        url=lambda w: reverse("lessons:glossary"),
        get=PUBLIC,
        post=PUBLIC,
        may_see_a=NOBODY,
    ),
    Route(
        key="lessons:glossary",
        label="public glossary (ko), searching for a term",
        url=lambda w: "/ko/glossary/?q=deposit",
        get=PUBLIC,
        post=PUBLIC,
        may_see_a=NOBODY,
        language="ko",
    ),
]

TUTOR_ROWS = [
    Route(
        key="tutor:home",
        label="Tutor area home",
        url=_tutor("home"),
        get=Expect(anon=LOGIN, a=403, b=403, tutor_a=200, tutor_x=200, editor=403, superuser=403),
        post=Expect(anon=LOGIN, a=403, b=403, tutor_a=405, tutor_x=405, editor=403, superuser=403),
    ),
    Route(
        key="tutor:create_group",
        label="new group",
        url=_tutor("create_group"),
        get=Expect(anon=LOGIN, a=403, b=403, tutor_a=405, tutor_x=405, editor=403, superuser=403),
        post=Expect(anon=LOGIN, a=403, b=403, tutor_a=302, tutor_x=302, editor=403, superuser=403),
        data=lambda w: {"name": "Made by the matrix"},
    ),
    Route(
        key="tutor:rename_group",
        label="A's group settings",
        url=_tutor("rename_group", group_id=1),
        get=TUTOR_OF_A,
        post=TUTOR_OF_A_POST,
        data=lambda w: {"name": "Renamed by the matrix"},
    ),
    Route(
        key="tutor:create_learner",
        label="new learner in A's group",
        url=_tutor("create_learner", group_id=1),
        get=TUTOR_OF_A,
        post=TUTOR_OF_A,
        data=lambda w: {"username": "made_by_matrix"},
    ),
    Route(
        key="tutor:add_learner",
        label="add an existing learner (B) to A's group",
        url=_tutor("add_learner", group_id=1),
        get=TUTOR_OF_A,
        post=TUTOR_OF_A_POST,
        data=lambda w: {"username": w.b.username},
    ),
    Route(
        key="tutor:remove_learner",
        label="take A out of A's group",
        url=_tutor("remove_learner", group_id=1, learner_id=1),
        get=Expect(anon=LOGIN, a=403, b=403, tutor_a=405, tutor_x=404, editor=403, superuser=403),
        post=TUTOR_OF_A_POST,
    ),
    Route(
        key="tutor:reset_password",
        label="reset A's password",
        url=_tutor("reset_password", group_id=1, learner_id=1),
        get=Expect(anon=LOGIN, a=403, b=403, tutor_a=405, tutor_x=404, editor=403, superuser=403),
        post=TUTOR_OF_A,
    ),
    Route(
        key="tutor:group", label="A's group dashboard", url=_tutor("group", group_id=1), get=TUTOR_OF_A, post=TUTOR_OF_A
    ),
    Route(
        key="tutor:learner",
        label="A's page in the Tutor area",
        url=_tutor("learner", group_id=1, learner_id=1),
        get=TUTOR_OF_A,
        post=TUTOR_OF_A,
    ),
    Route(
        key="tutor:analysis",
        label="question analysis of A's group",
        url=_tutor("analysis", group_id=1, module_key=1),
        get=TUTOR_OF_A,
        post=TUTOR_OF_A,
    ),
    Route(
        key="tutor:export", label="A's group as CSV", url=_tutor("export", group_id=1), get=TUTOR_OF_A, post=TUTOR_OF_A
    ),
    Route(
        key="tutor:assign",
        label="assign a second module to A",
        url=_tutor("assign", group_id=1),
        get=TUTOR_OF_A,
        post=TUTOR_OF_A_POST,
        data=lambda w: {"module": str(w.second_module.translation_key), "learner": w.a.pk, "due_date": ""},
    ),
    Route(
        key="tutor:edit_assignment",
        label="change the assignment of A's group",
        url=_tutor("edit_assignment", group_id=1, assignment_id=1),
        get=TUTOR_OF_A,
        post=TUTOR_OF_A_POST,
        data=lambda w: {"learner": w.a.pk, "due_date": "", "note": "Changed by the matrix"},
    ),
    Route(
        key="tutor:delete_assignment",
        label="delete the assignment of A's group",
        url=_tutor("delete_assignment", group_id=1, assignment_id=1),
        get=Expect(anon=LOGIN, a=403, b=403, tutor_a=405, tutor_x=404, editor=403, superuser=403),
        post=TUTOR_OF_A_POST,
    ),
]


def _page(name, language="en"):
    def url(w):
        return getattr(w.ko if language == "ko" else w, name).url

    return url


PAGE_ROWS = []
for _language in ("en", "ko"):
    PAGE_ROWS += [
        Route(
            key="wagtail_serve",
            label=f"home page ({_language})",
            url=lambda w, _l=_language: f"/{_l}/",
            get=PUBLIC,
            post=PUBLIC,
            may_see_a=NOBODY,
            language=_language,
        ),
        Route(
            key="wagtail_serve",
            label=f"course index ({_language})",
            url=lambda w, _l=_language: f"/{_l}/courses/",
            get=PUBLIC,
            post=PUBLIC,
            may_see_a=NOBODY,
            language=_language,
        ),
        Route(
            key="wagtail_serve",
            label=f"course page ({_language})",
            url=_page("course", _language),
            get=PUBLIC,
            post=PUBLIC,
            may_see_a=NOBODY,
            language=_language,
        ),
        Route(
            key="wagtail_serve",
            label=f"module page ({_language})",
            url=_page("module", _language),
            get=PUBLIC,
            post=PUBLIC,
            may_see_a=NOBODY,
            language=_language,
        ),
        Route(
            key="wagtail_serve",
            label=f"lesson page with a quiz, POST answers it ({_language})",
            url=_page("lesson", _language),
            get=PUBLIC,
            post=PUBLIC,
            data=lambda w: {"submission_token": "00000000-0000-0000-0000-000000000001"},
            may_see_a=NOBODY,
            language=_language,
            changes_nothing=frozenset({"anon"}),
        ),
        Route(
            key="wagtail_serve",
            label=f"a page that does not exist ({_language})",
            url=lambda w, _l=_language: f"/{_l}/no-such-page/",
            get=Expect.all(404),
            post=Expect.all(404),
            may_see_a=NOBODY,
            language=_language,
        ),
    ]
PAGE_ROWS += [
    Route(
        key="wagtail_serve",
        label="lesson page without a quiz, with a checklist",
        url=_page("plain_lesson"),
        get=PUBLIC,
        post=PUBLIC,
        may_see_a=NOBODY,
    ),
    Route(
        key="wagtail_serve",
        label="unpublished (draft) lesson",
        url=lambda w: w.draft.get_url_parts()[2] if w.draft.get_url_parts() else "/en/",
        get=Expect.all(404),
        post=Expect.all(404),
        may_see_a=NOBODY,
    ),
    Route(
        key="wagtailcore_authenticate_with_password",
        label="password for a private page (there is none)",
        url=lambda w: reverse("wagtailcore_authenticate_with_password", args=[999, w.lesson.pk]),
        get=Expect.all(404),
        post=Expect.all(404),
        data=lambda w: {"password": "guess"},
        may_see_a=NOBODY,
    ),
    Route(
        key="wagtailcore_login",
        label="Wagtail's sign-in for private pages: sent to the site's own (throttled) sign-in",
        url=lambda w: reverse("wagtailcore_login"),
        get=Expect.all(redirect("/en/accounts/login/")),
        post=Expect.all(redirect("/en/accounts/login/")),
        data=lambda w: {"username": w.a.username, "password": "wrong-password"},
        may_see_a=NOBODY,
        changes_nothing=frozenset(ROLES),
    ),
    Route(
        key="wagtailadmin_pages:view_draft",
        label="preview of the draft lesson (admin)",
        url=lambda w: reverse("wagtailadmin_pages:view_draft", args=[w.draft.pk]),
        get=Expect(
            anon=ADMIN_LOGIN,
            a=ADMIN_LOGIN,
            b=ADMIN_LOGIN,
            tutor_a=ADMIN_LOGIN,
            tutor_x=ADMIN_LOGIN,
            editor=200,
            superuser=200,
        ),
        post=Expect(
            anon=ADMIN_LOGIN,
            a=ADMIN_LOGIN,
            b=ADMIN_LOGIN,
            tutor_a=ADMIN_LOGIN,
            tutor_x=ADMIN_LOGIN,
            editor=200,
            superuser=200,
        ),
        may_see_a=NOBODY,
    ),
]

DOCUMENT_ROWS = [
    Route(
        key="wagtaildocs_serve",
        label="a document in the public collection",
        url=lambda w: reverse("wagtaildocs_serve", args=[w.document.pk, w.document.filename]),
        get=PUBLIC,
        post=PUBLIC,
        may_see_a=NOBODY,
    ),
    Route(
        key="wagtaildocs_authenticate_with_password",
        label="password for a private collection (there is none: on to the language's 404)",
        url=lambda w: reverse("wagtaildocs_authenticate_with_password", args=[999]),
        get=Expect.all(redirect("/en/documents/authenticate_with_password/999/")),
        post=Expect.all(redirect("/en/documents/authenticate_with_password/999/")),
        data=lambda w: {"password": "guess"},
        may_see_a=NOBODY,
    ),
]

# The Wagtail admin ---------------------------------------------------------------------------------
# Who gets into the admin at all: anonymous visitors, learners and tutors are sent to the admin's
# sign-in; editors and superusers get in. Within it, editors get what their group allows
# (Wagtail's Editors group: pages, images, documents, snippets of lesson content; not users,
# groups, sites, locales, workflows, settings or collections).

NO_ADMIN = {"anon": ADMIN_LOGIN, "a": ADMIN_LOGIN, "b": ADMIN_LOGIN, "tutor_a": ADMIN_LOGIN, "tutor_x": ADMIN_LOGIN}
EDITORS_IN = Expect(**NO_ADMIN, editor=200, superuser=200)
EDITORS_REFUSED = Expect(**NO_ADMIN, editor=ADMIN_HOME, superuser=200)
# A listing or report: GET only; a POST from someone who may use it is 405.
LISTING_POST = Expect(**NO_ADMIN, editor=405, superuser=405)
REFUSED_LISTING_POST = Expect(**NO_ADMIN, editor=ADMIN_HOME, superuser=405)


def _admin(name, *args):
    def url(w):
        return reverse(name, args=[getattr(w, arg).pk for arg in args])

    return url


def _listing(key, label, *args, get=EDITORS_IN, post=LISTING_POST, may_see_a=NOBODY):
    """An admin listing or report: GET shows it, POST is not allowed."""
    return Route(key=key, label=label, url=_admin(key, *args), get=get, post=post, may_see_a=may_see_a)


def _form(key, label, *args, get=EDITORS_IN, post=EDITORS_IN, may_see_a=NOBODY):
    """An admin form: GET shows it, an empty POST shows it again with errors and saves nothing."""
    return Route(
        key=key,
        label=label,
        url=_admin(key, *args),
        get=get,
        post=post,
        may_see_a=may_see_a,
        changes_nothing=frozenset({"editor", "superuser"}),
    )


SUPERUSER = frozenset({"superuser"})
ADMIN_ROWS = [
    _listing("wagtailadmin_home", "admin dashboard"),
    _listing("wagtailadmin_explore", "page explorer: the module", "module"),
    Route(
        key="wagtailadmin_pages:edit",
        label="edit the lesson A took (a POST without a title saves nothing)",
        url=_admin("wagtailadmin_pages:edit", "lesson"),
        get=EDITORS_IN,
        post=EDITORS_IN,
        # Wagtail's StreamField needs its "-count" fields: without them the edit view fails (500).
        # Opening the editor (GET or POST) subscribes the editor to comments and starts an editing session.
        data=lambda w: {"title": "", "slug": w.lesson.slug, "body-count": "0", "quiz-count": "0"},
        may_see_a=NOBODY,
    ),
    _listing("wagtailadmin_pages:history", "the lesson's history", "lesson"),
    Route(
        key="wagtailadmin_pages:preview_on_edit",
        label="preview of the lesson while editing (nothing posted to preview yet)",
        url=_admin("wagtailadmin_pages:preview_on_edit", "lesson"),
        get=EDITORS_IN,
        post=EDITORS_IN,
        may_see_a=NOBODY,
    ),
    _listing("wagtailimages:index", "images"),
    # Showing the image form again makes renditions (a cache), so only the outsiders' POSTs are compared.
    Route(
        key="wagtailimages:edit",
        label="edit an image",
        url=_admin("wagtailimages:edit", "image"),
        get=EDITORS_IN,
        post=EDITORS_IN,
        may_see_a=NOBODY,
    ),
    _listing("wagtaildocs:index", "documents"),
    _form("wagtaildocs:edit", "edit a document", "document"),
    _listing("wagtailsnippets_lessons_glossaryterm:list", "glossary terms"),
    _listing("wagtailsnippets_lessons_audioclip:list", "audio clips"),
    # Learner data in the admin: only superusers. Editors are sent back to the dashboard.
    _listing(
        "wagtailusers_users:index",
        "users (learner A is one)",
        get=EDITORS_REFUSED,
        post=REFUSED_LISTING_POST,
        may_see_a=SUPERUSER,
    ),
    _form(
        "wagtailusers_users:edit", "edit learner A", "a", get=EDITORS_REFUSED, post=EDITORS_REFUSED, may_see_a=SUPERUSER
    ),
    Route(
        key="wagtailusers_users:delete",
        label="delete learner A",
        url=_admin("wagtailusers_users:delete", "a"),
        get=EDITORS_REFUSED,
        post=Expect(**NO_ADMIN, editor=ADMIN_HOME, superuser=redirect("/admin/users/")),
        may_see_a=SUPERUSER,
    ),
    _listing("wagtailusers_groups:index", "groups", get=EDITORS_REFUSED, post=REFUSED_LISTING_POST),
    _listing("wagtailsites:index", "sites", get=EDITORS_REFUSED, post=REFUSED_LISTING_POST),
    _listing("wagtaillocales:index", "locales", get=EDITORS_REFUSED, post=REFUSED_LISTING_POST),
    _listing("wagtailadmin_workflows:index", "workflows", get=EDITORS_REFUSED, post=REFUSED_LISTING_POST),
    _listing("wagtailadmin_collections:index", "collections", get=EDITORS_REFUSED, post=REFUSED_LISTING_POST),
    _listing("wagtailredirects:index", "redirects", get=EDITORS_REFUSED, post=REFUSED_LISTING_POST),
    # Reports: who did what in the admin, never what learners did.
    _listing("wagtailadmin_reports:site_history", "site history report"),
    _listing("wagtailadmin_reports:aging_pages", "aging pages report"),
    _listing(
        "wagtailadmin_reports:locked_pages", "locked pages report", get=EDITORS_REFUSED, post=REFUSED_LISTING_POST
    ),
    _listing("progress_lesson_statistics", "lesson statistics (figures, never who)"),
    _listing("progress_lesson_statistics_detail", "statistics of the lesson A took", "lesson"),
    _listing("wagtail_localize:translations_report", "translations report"),
    _listing("wagtailadmin_api:pages:listing", "admin API: pages"),
    # The account page makes the person's Wagtail profile row on first use, so its POST may add one.
    Route(
        key="wagtailadmin_account",
        label="own admin account",
        url=_admin("wagtailadmin_account"),
        get=EDITORS_IN,
        post=EDITORS_IN,
        may_see_a=NOBODY,
    ),
]


# Every pattern under these prefixes is requested by the roles that must never get in (anonymous,
# learner A, the tutor of A), GET and POST, with numbers from A's world in its path. The first rule
# whose prefix matches a pattern's route is its rule; a pattern under admin/ that no
# rule covers fails the coverage test.
ADMIN_RULES = [
    AdminRule("admin/login/", "the admin's sign-in form", get=200, post=200),
    AdminRule(
        "admin/password_reset/",
        "password reset is off (no email addresses are stored): Wagtail's 404, which the language"
        " middleware sends on to /en/…, itself a 404",
        get=redirect("/en/admin/password_reset/"),
        post=redirect("/en/admin/password_reset/"),
    ),
    AdminRule("admin/jsi18n/", "the admin's JavaScript translations (no data)", get=200, post=405),
    AdminRule("admin/sprite/", "the admin's icon sprite (SVG, no data)", get=200, post=200),
    AdminRule("admin/", "everything else needs wagtailadmin.access_admin", get=ADMIN_LOGIN, post=ADMIN_LOGIN),
]

ROWS = (
    ACCOUNT_ROWS + TWO_FACTOR_ROWS + OFFLINE_ROWS + LEARNER_ROWS + TUTOR_ROWS + PAGE_ROWS + DOCUMENT_ROWS + ADMIN_ROWS
)
