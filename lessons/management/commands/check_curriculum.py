from django.core.management.base import BaseCommand, CommandError

from lessons.curriculum import string_problems
from lessons.curriculum_schema import check_all, course_files, read


class Command(BaseCommand):
    help = "Check the course content files in lessons/content/courses/ without touching the database."

    def handle(self, *args, **options):
        problems, counts = check_all()
        for path in course_files():
            problems.extend(f"{path.name}: {problem}" for problem in string_problems(read(path)))
        for problem in problems:
            self.stdout.write(problem)
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
        if problems:
            raise CommandError(f"{len(problems)} problems in the course files.")
        self.stdout.write(self.style.SUCCESS("The course files are fine."))
