from django.core.management.base import BaseCommand

from core.setup import ensure_site_structure


class Command(BaseCommand):
    help = "Create the fixed page tree (home and course index, in English and Korean). Safe to run again."

    def handle(self, *args, **options):
        home = ensure_site_structure()
        self.stdout.write(self.style.SUCCESS(f"Site ready: home page {home.url_path!r}."))
