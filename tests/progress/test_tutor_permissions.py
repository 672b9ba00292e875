"""Every tutor URL × every kind of visitor: only the group's own tutor gets in; nobody else sees anything.

A new URL in progress/tutoring/urls.py without a row here fails test_every_tutor_url_is_in_the_matrix.
"""

import pytest
from django.urls import reverse

from progress.models import Assignment, LearnerGroup
from progress.tutoring import urls as tutor_urls
from tests.factories import UserFactory
from tests.utils import make_course, make_module

pytestmark = pytest.mark.django_db

# name → (needs ids, the group's tutor's GET outcomes)
MATRIX = {
    "home": (False, {200}),
    "create_group": (False, {200, 405}),
    "rename_group": (True, {200, 405}),
    "create_learner": (True, {200}),
    "add_learner": (True, {200}),
    "remove_learner": (True, {200, 405}),
    "reset_password": (True, {200, 405}),
    "group": (True, {200}),
    "learner": (True, {200}),
    "analysis": (True, {200}),
    "export": (True, {200}),
    "assign": (True, {200}),
    "edit_assignment": (True, {200}),
    "delete_assignment": (True, {200, 405}),
}


def test_every_tutor_url_is_in_the_matrix():
    assert {pattern.name for pattern in tutor_urls.urlpatterns} == set(MATRIX)


@pytest.fixture
def world():
    tutor = UserFactory(groups=["Tutors"])
    other_tutor = UserFactory(groups=["Tutors"])
    learner = UserFactory(groups=["Learners"])
    outsider = UserFactory(groups=["Learners"])
    group = LearnerGroup.objects.create(name="Tuesday")
    group.tutors.add(tutor)
    group.learners.add(learner)
    other_group = LearnerGroup.objects.create(name="Other")
    other_group.tutors.add(other_tutor)
    other_group.learners.add(outsider)
    module = make_module(make_course())
    assignment = Assignment.objects.create(
        group=group, module_key=module.translation_key, module_title=module.title, assigned_by=tutor
    )
    return {
        "tutor": tutor,
        "other_tutor": other_tutor,
        "learner": learner,
        "outsider": outsider,
        "group": group,
        "module": module,
        "assignment": assignment,
        "editor": UserFactory(groups=["Editors"], is_staff=True),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }


def url_for(name, world, learner=None):
    group, assignment = world["group"], world["assignment"]
    learner = learner or world["learner"]
    kwargs = {
        "rename_group": {"group_id": group.pk},
        "create_learner": {"group_id": group.pk},
        "add_learner": {"group_id": group.pk},
        "remove_learner": {"group_id": group.pk, "learner_id": learner.pk},
        "reset_password": {"group_id": group.pk, "learner_id": learner.pk},
        "group": {"group_id": group.pk},
        "learner": {"group_id": group.pk, "learner_id": learner.pk},
        "analysis": {"group_id": group.pk, "module_key": world["module"].translation_key},
        "export": {"group_id": group.pk},
        "assign": {"group_id": group.pk},
        "edit_assignment": {"group_id": group.pk, "assignment_id": assignment.pk},
        "delete_assignment": {"group_id": group.pk, "assignment_id": assignment.pk},
    }.get(name, {})
    return reverse(f"tutor:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_visitors_are_sent_to_log_in(client, world, name):
    for method in (client.get, client.post):
        response = method(url_for(name, world))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ["learner", "editor", "superuser"])
def test_people_who_are_not_tutors_get_403(client, world, name, role):
    client.force_login(world[role])
    assert client.get(url_for(name, world)).status_code == 403
    assert client.post(url_for(name, world)).status_code == 403


@pytest.mark.parametrize("name", sorted(name for name, (needs_ids, _ok) in MATRIX.items() if needs_ids))
def test_another_tutor_gets_404_for_the_group(client, world, name):
    client.force_login(world["other_tutor"])
    assert client.get(url_for(name, world)).status_code == 404
    assert client.post(url_for(name, world)).status_code == 404


@pytest.mark.parametrize("name", ["remove_learner", "reset_password", "learner"])
def test_the_tutor_gets_404_for_a_learner_outside_the_group(client, world, name):
    client.force_login(world["tutor"])
    url = url_for(name, world, learner=world["outsider"])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_groups_tutor_gets_in(client, world, name):
    client.force_login(world["tutor"])
    needs_ids, expected = MATRIX[name]
    assert client.get(url_for(name, world)).status_code in expected, name


def test_an_editor_who_is_also_a_tutor_gets_in(client, world):
    world["editor"].groups.add(*world["tutor"].groups.all())
    world["group"].tutors.add(world["editor"])
    client.force_login(world["editor"])
    assert client.get(url_for("group", world)).status_code == 200
