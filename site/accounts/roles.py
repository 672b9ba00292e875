"""The Django groups that make up our roles, and questions about them.

Groups are created by the data migration accounts/0002; Wagtail's own
migrations create Editors and Moderators with their page permissions.
"""

LEARNERS = "Learners"
TUTORS = "Tutors"
EDITORS = "Editors"
MODERATORS = "Moderators"


def in_group(user, name):
    """True if the user is signed in and belongs to the named group."""
    if not user.is_authenticated:
        return False
    # Cached on the user object for the length of the request.
    cache = user.__dict__.setdefault("_enok_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user.__dict__["_enok_group_names"] = cache
    return name in cache


def is_tutor(user):
    """Tutors see the Tutor area. Editors are not tutors unless also in Tutors.

    A user loaded by accounts.backends.AccountBackend (every request's) carries the answer.
    """
    loaded = getattr(user, "enok_is_tutor", None)
    if loaded is not None:
        return loaded
    return in_group(user, TUTORS)
