"""Groups and learner accounts as a tutor manages them: plain functions the views call.

Learner accounts made by a tutor have only a username (and an optional display
name) and a one-time password. The one-time password is returned to the caller
to be shown once; it is never stored in clear, put in a URL, the session, a
message or a log. The learner must choose their own password at first sign-in
(`accounts.middleware.ForcePasswordChangeMiddleware`).
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import EDITORS, LEARNERS, MODERATORS, TUTORS

from ..models import Assignment, LearnerGroup

# Lower case only (nobody has to say "capital"), leaving out look-alikes: 0 o 1 i l 2 z 5 q (s, 9 and g stay).
READABLE_ALPHABET = "abcdefghjkmnprstuvwxy346789"
CHUNKS = 3
CHUNK_LENGTH = 4

# Roles whose accounts a tutor must never add to a group or reset a password for.
PRIVILEGED_GROUPS = (TUTORS, EDITORS, MODERATORS)

NO_SUCH_LEARNER = _("There is no learner with that username. Check the spelling with the learner.")
ALREADY_IN_GROUP = _("This learner is already in the group.")


def generate_one_time_password():
    """A random password that is easy to read aloud, e.g. 'k7mh-x3ta-9bwe' (about 57 bits)."""
    return "-".join("".join(secrets.choice(READABLE_ALPHABET) for _ in range(CHUNK_LENGTH)) for _ in range(CHUNKS))


def create_group(tutor, name):
    """A new group called `name`, tutored by `tutor`."""
    with transaction.atomic():
        group = LearnerGroup.objects.create(name=name)
        group.tutors.add(tutor)
    return group


def rename_group(group, name):
    """Give the group a new name."""
    group.name = name
    group.save(update_fields=["name"])
    return group


def learners_only(users):
    """Narrow a user queryset to plain learners: in Learners, not staff, superuser, tutor, editor or moderator."""
    return (
        users.filter(groups__name=LEARNERS, is_active=True, is_staff=False, is_superuser=False)
        .exclude(groups__name__in=PRIVILEGED_GROUPS)
        .distinct()
    )


def is_plain_learner(user):
    """True if a tutor may manage this account (see `learners_only`)."""
    return learners_only(get_user_model().objects.filter(pk=user.pk)).exists()


def username_taken(username):
    """True if an account has this username in any mix of upper and lower case, as sign-up checks."""
    return get_user_model().objects.filter(username__iexact=username).exists()


def _set_one_time_password(user):
    """Give the user a fresh one-time password they must change at first sign-in; return it."""
    password = generate_one_time_password()
    user.set_password(password)
    user.must_change_password = True  # after set_password, which clears it
    return password


def create_learner_account(tutor, group, username, display_name=""):
    """Create a learner account in `group` and return (user, one_time_password).

    The username must already be valid (the form checks Django's username rules);
    a username taken in any case raises ValidationError, and a group the tutor does
    not tutor raises PermissionDenied. Nothing is created in either case.
    """
    if not group.tutors.filter(pk=tutor.pk).exists():
        raise PermissionDenied
    User = get_user_model()
    with transaction.atomic():
        if username_taken(username):
            # The same words as sign-up ("A user with that username already exists.").
            raise User().unique_error_message(User, ["username"])
        user = User(username=username, display_name=display_name)
        password = _set_one_time_password(user)
        user.save()
        user.groups.add(Group.objects.get_or_create(name=LEARNERS)[0])
        group.learners.add(user)
    return user, password


def reset_learner_password(learner):
    """Give a learner a new one-time password (they must change it at sign-in) and return it.

    Signs the learner out everywhere, since their password changes. Refuses
    (PermissionDenied) anyone who is not a plain learner, so a tutor can never
    take over a tutor's, an editor's or an administrator's account.
    """
    if not is_plain_learner(learner):
        raise PermissionDenied
    password = _set_one_time_password(learner)
    learner.save(update_fields=["password", "must_change_password"])
    return password


def add_existing_learner(group, username):
    """Add the learner with this username (any case) to the group and return them.

    Raises ValidationError with the same message whether the username does not
    exist or belongs to someone who is not a plain learner, so the form cannot
    be used to find out which accounts exist.
    """
    matches = list(learners_only(get_user_model().objects.filter(username__iexact=username)))
    if len(matches) > 1:  # old accounts that differ only in case: only the exact spelling will do
        matches = [user for user in matches if user.username == username]
    if len(matches) != 1:
        raise ValidationError(NO_SUCH_LEARNER, code="no_such_learner")
    user = matches[0]
    if group.learners.filter(pk=user.pk).exists():
        raise ValidationError(ALREADY_IN_GROUP, code="already_in_group")
    group.learners.add(user)
    return user


def remove_learner(group, learner):
    """Take the learner out of the group, with their own assignments in it.

    The account and all its history (progress, attempts, certificates) stay, and
    so do the assignments made to the whole group.
    """
    with transaction.atomic():
        Assignment.objects.filter(group=group, learner=learner).delete()
        group.learners.remove(learner)
