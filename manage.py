#!/usr/bin/env python
"""Django's command-line utility for ENoK Learn."""

import os
import sys
from pathlib import Path


def main():
    # site/ is a second import root (see DESIGN.md, "The site/ name trap").
    sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
