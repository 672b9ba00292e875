"""Data minimisation: what the user model and profile models may hold, and Wagtail's admin without the rest.

An account is a username and a password (DESIGN.md, "Roles"). These tests
fail if a field appears that is not on the allow-list, and if any model tied
to a user has a field for a legal name, birth date, address, phone, photo,
email or place of origin.
"""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url
from wagtail.users.models import UserProfile

from accounts.admin_forms import AdminUserCreationForm, AdminUserEditForm
from tests.factories import PASSWORD, UserFactory

User = get_user_model()

ALLOWED_USER_FIELDS = {
    "id",
    "password",
    "last_login",
    "is_superuser",
    "username",
    "display_name",
    "language",
    "must_change_password",
    "is_staff",
    "is_active",
    "date_joined",
    "groups",
    "user_permissions",
}

# Models with a one-to-one link to the user describe the person: each is listed here, field by field.
# Wagtail's UserProfile has an `avatar` column we cannot remove; the admin never offers it
# (accounts/admin_account.py, tested below) and WAGTAIL_GRAVATAR_PROVIDER_URL is off.
ALLOWED_PROFILE_FIELDS = {
    "wagtailusers.UserProfile": {
        "id",
        "user",
        "submitted_notifications",
        "approved_notifications",
        "rejected_notifications",
        "updated_comments_notifications",
        "preferred_language",
        "current_time_zone",
        "avatar",
        "dismissibles",
        "theme",
        "contrast",
        "density",
        "keyboard_shortcuts",
    },
}
NOT_OFFERED = {("wagtailusers.UserProfile", "avatar")}

FORBIDDEN = re.compile(
    r"first_?name|last_?name|full_?name|legal|real_?name|surname|family_?name|given_?name|birth|dob|(^|_)age$|"
    r"address|street|city|zip|postcode|phone|mobile|photo|picture|portrait|avatar|image_of|email|mail|"
    r"origin|hometown|home_town|native|nationality|country|province|ethnic",
    re.IGNORECASE,
)


def field_names(model):
    return {field.name for field in model._meta.get_fields() if not field.auto_created or field.concrete}


def models_tied_to_the_user():
    """Every installed model with a foreign key, one-to-one or many-to-many field to the user model."""
    tied = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is User:
                tied.append(model)
                break
    return tied


def test_the_user_model_holds_only_the_allowed_fields():
    assert field_names(User) == ALLOWED_USER_FIELDS


def test_every_profile_model_is_on_the_allow_list():
    profiles = {
        model._meta.label: model
        for model in apps.get_models()
        if any(
            field.one_to_one and field.concrete and field.related_model is User for field in model._meta.get_fields()
        )
    }
    assert set(profiles) == set(ALLOWED_PROFILE_FIELDS)
    for label, model in profiles.items():
        assert {field.name for field in model._meta.concrete_fields} == ALLOWED_PROFILE_FIELDS[label], label


def test_no_model_tied_to_a_user_has_a_field_for_identifying_details():
    found = []
    for model in [User, *models_tied_to_the_user()]:
        for field in model._meta.concrete_fields:
            if FORBIDDEN.search(field.name) and (model._meta.label, field.name) not in NOT_OFFERED:
                found.append(f"{model._meta.label}.{field.name}")
    assert found == [], found


def test_the_forbidden_pattern_catches_what_it_must():
    for name in ["email", "first_name", "last_name", "birth_date", "home_address", "phone", "photo", "place_of_origin"]:
        assert FORBIDDEN.search(name), name
    for name in ALLOWED_USER_FIELDS:
        assert not FORBIDDEN.search(name), name


def test_names_and_email_are_derived_and_empty():
    user = User(username="sun", display_name="")
    assert user.get_full_name() == user.get_short_name() == "sun"
    user.display_name = "Sunny"
    assert user.get_full_name() == user.get_short_name() == "Sunny"
    assert user.email == ""
    assert User.REQUIRED_FIELDS == []


@pytest.mark.django_db
def test_createsuperuser_asks_only_for_a_username_and_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-Long-admin-passphrase-7")
    call_command("createsuperuser", username="root", interactive=False, verbosity=0)
    root = User.objects.get(username="root")
    assert root.is_superuser and root.is_staff and root.check_password("a-Long-admin-passphrase-7")


@pytest.mark.django_db
def test_create_user_needs_no_email():
    user = User.objects.create_user("plain", password=PASSWORD)
    assert not user.is_staff and not user.is_superuser and user.check_password(PASSWORD)
    with pytest.raises(ValueError):
        User.objects.create_user("", password=PASSWORD)
    with pytest.raises(ValueError):
        User.objects.create_superuser("boss", password=PASSWORD, is_staff=False)


# Wagtail's admin


def test_admin_user_forms_have_no_email_or_name_fields():
    creation = set(AdminUserCreationForm().fields)
    edit = set(AdminUserEditForm().fields)
    assert creation == {"username", "display_name", "password1", "password2", "is_superuser", "groups"}
    assert edit == creation | {"is_active"}


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def staff_group(db):
    """A group of its own with admin access, so the test needs no group another test may have changed."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="User managers")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


@pytest.fixture
def user_manager(staff_group):
    """A staff member who may add and change users, without being a superuser."""
    from django.contrib.auth.models import Permission

    manager = UserFactory(groups=["User managers"], is_staff=True)
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["add_user", "change_user"]))
    return manager


@pytest.mark.parametrize("who", ["superuser", "user_manager"])
def test_admin_can_create_and_edit_a_user(client, request, who, staff_group):
    client.force_login(request.getfixturevalue(who))
    html = client.get("/admin/users/new/").content.decode()
    assert 'name="display_name"' in html and 'name="username"' in html
    for name in ["email", "first_name", "last_name"]:
        assert f'name="{name}"' not in html

    editors = staff_group
    response = client.post(
        "/admin/users/new/",
        {
            "username": "newtutor",
            "display_name": "Teacher Kim",
            "password1": "a-Fresh-passphrase-31",
            "password2": "a-Fresh-passphrase-31",
            "groups": [editors.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="newtutor")
    assert created.display_name == "Teacher Kim" and created.check_password("a-Fresh-passphrase-31")
    assert list(created.groups.all()) == [editors]

    edit_url = f"/admin/users/edit/{created.pk}/"
    html = client.get(edit_url).content.decode()
    assert 'name="email"' not in html and 'name="first_name"' not in html
    response = client.post(
        edit_url, {"username": "newtutor", "display_name": "Kim", "is_active": "on", "groups": [editors.pk]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created.refresh_from_db()
    assert created.display_name == "Kim" and created.check_password("a-Fresh-passphrase-31")


def test_admin_user_creation_refuses_bad_input_and_saves_nothing(client, superuser):
    client.force_login(superuser)
    before = User.objects.count()
    response = client.post(
        "/admin/users/new/", {"username": "bad name!", "password1": "a-Fresh-passphrase-31", "password2": "other"}
    )
    assert response.status_code == 200
    assert User.objects.count() == before


def test_admin_user_listing_searches_and_sorts_by_display_name(client, superuser):
    UserFactory(username="zz-first", display_name="Alpha")
    UserFactory(username="aa-second", display_name="Beta")
    client.force_login(superuser)
    response = client.get("/admin/users/", {"q": "Alpha"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "zz-first" in html and "aa-second" not in html
    html = client.get("/admin/users/", {"ordering": "name"}).content.decode()
    assert html.index("zz-first") < html.index("aa-second")
    html = client.get("/admin/users/", {"ordering": "-name"}).content.decode()
    assert html.index("aa-second") < html.index("zz-first")


def test_admin_account_page_has_no_name_email_or_picture(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["name_email-first_name", "name_email-last_name", "name_email-email", "avatar-avatar"]:
        assert f'name="{name}"' not in html
    assert 'name="locale-preferred_language"' in html
    response = client.post(
        "/admin/account/",
        {
            "locale-preferred_language": "ko",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
        },
    )
    assert response.status_code == 302
    assert UserProfile.get_for_user(superuser).preferred_language == "ko"


def test_admin_account_page_still_needs_admin_access(client, db):
    learner = UserFactory(groups=["Learners"])
    client.force_login(learner)
    response = client.get("/admin/account/")
    assert response.status_code in (302, 403)
    client.logout()
    assert client.get("/admin/account/").status_code == 302


def test_admin_password_reset_by_email_is_off(client, db):
    from django.core import mail

    assert client.get("/admin/password_reset/", follow=True).status_code == 404
    client.post("/admin/password_reset/", {"email": "someone@example.org"}, follow=True)
    assert mail.outbox == []
    assert "password_reset" not in client.get("/admin/login/").content.decode()


@pytest.mark.django_db
def test_avatars_never_come_from_another_host():
    url = avatar_url(UserFactory())
    assert not url.startswith(("http:", "https:", "//"))


@pytest.mark.django_db
def test_a_profile_never_keeps_a_picture_of_the_person(tmp_path, settings):
    """Wagtail's UserProfile.avatar cannot be removed, so whatever saves a profile, the column stays empty."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(picture, "PNG")
    profile = UserProfile.get_for_user(UserFactory())
    profile.avatar = SimpleUploadedFile("face.png", picture.getvalue(), content_type="image/png")
    profile.save()

    assert UserProfile.objects.filter(pk=profile.pk, avatar="").exists()
    assert not profile.avatar
    assert not any(path.is_file() for path in tmp_path.rglob("*"))  # no file written either
