from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.demo import DEMO_ACCOUNTS, DEMO_GROUP_LEARNERS, DEMO_PASSWORD, ensure_demo_accounts, ensure_demo_group
from core.setup import ensure_site_structure
from lessons.curriculum import CurriculumError, import_curriculum


class Command(BaseCommand):
    help = (
        "Load the demo: the page tree, the courses, the demo accounts and the demo tutor's group. "
        "Idempotent: a second run adds nothing. Refuses to run under production settings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite course pages and glossary terms from the course files, even if an editor changed them.",
        )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "The demo loader creates accounts with a published password and runs only under "
                "development settings. For a real site use `manage.py setup_site` and `createsuperuser`."
            )
        with transaction.atomic():
            ensure_site_structure()
            try:
                report = import_curriculum(force=options["force"])
            except CurriculumError as error:
                raise CommandError(str(error)) from error
            created = ensure_demo_accounts()
            demo_group = ensure_demo_group()
        self.stdout.write(f"Courses: {report.summary()}")
        if created:
            self.stdout.write(f"Created demo accounts: {', '.join(created)}.")
        else:
            self.stdout.write("Demo accounts already exist; nothing added.")
        if demo_group.skipped:
            self.stdout.write(f"Demo group skipped: {demo_group.skipped}.")
        elif demo_group.created or demo_group.learners_created:
            learners = demo_group.group.learners.count()
            self.stdout.write(
                f"Created the demo group '{demo_group.group.name}' for tutor: {learners} learners, "
                f"{demo_group.group.assignments.count()} assigned modules, with progress."
            )
        else:
            self.stdout.write(f"The demo group '{demo_group.group.name}' already exists; nothing added.")
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, _display, groups, superuser in DEMO_ACCOUNTS:
            role = "superuser" if superuser else ", ".join(groups)
            self.stdout.write(f"  {username:<8} {role}")
        if not demo_group.skipped:
            first, last = DEMO_GROUP_LEARNERS[0][0], DEMO_GROUP_LEARNERS[-1][0]
            self.stdout.write(f"  {first} to {last}: Learners, with learner in tutor's '{demo_group.group.name}'")
        self.stdout.write("Site: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/")
