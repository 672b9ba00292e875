from django.core.management.base import BaseCommand, CommandError

from lessons.curriculum import CurriculumError, import_curriculum


class Command(BaseCommand):
    help = (
        "Import the course files in lessons/content/courses/ (English pages, Korean translations, glossary). "
        "Safe to run again: existing pages and terms are left alone unless --force is given. No accounts are created."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Overwrite pages and terms from the files.")

    def handle(self, *args, **options):
        try:
            report = import_curriculum(force=options["force"])
        except CurriculumError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
