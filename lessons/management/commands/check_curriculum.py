from django.core.management.base import BaseCommand, CommandError

from lessons.curriculum_schema import check_all


class Command(BaseCommand):
    help = "Check the course content files in lessons/content/courses/ without touching the database."

    def handle(self, *args, **options):
        problems, counts = check_all()
        for problem in problems:
            self.stdout.write(problem)
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
        if problems:
            raise CommandError(f"{len(problems)} problems in the course files.")
        self.stdout.write(self.style.SUCCESS("The course files are fine."))
