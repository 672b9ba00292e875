"""Demo accounts for `make run`. Never created under production settings."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import EDITORS, LEARNERS, TUTORS

DEMO_PASSWORD = "enok-demo"  # noqa: S105 (published in the README; dev settings only)

# username, display name, groups, superuser
DEMO_ACCOUNTS = [
    ("learner", "Mina", [LEARNERS], False),
    ("tutor", "Tutor Kim", [TUTORS], False),
    ("editor", "Editor Lee", [EDITORS], False),
    ("admin", "Admin", [], True),
]


def ensure_demo_accounts():
    """Create the demo accounts that are missing; return the usernames created."""
    User = get_user_model()
    created = []
    for username, display_name, group_names, superuser in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            display_name=display_name,
            is_superuser=superuser,
            is_staff=superuser or EDITORS in group_names,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.get_or_create(name=name)[0] for name in group_names)
        created.append(username)
    return created
