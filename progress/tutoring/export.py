"""A group's progress as CSV: one row per learner and assigned module, ready for a spreadsheet.

UTF-8 with a byte-order mark first, so spreadsheet programs show Korean text
correctly. Any text cell that a spreadsheet could read as a formula (starting
with =, +, -, @, or a tab or carriage return) gets a leading apostrophe.
"""

import csv

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a CSV cell: None as empty, numbers as they are, formula-like text behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def filename(group):
    """An ASCII-only file name for the download: '<group>-progress.csv' (the group id if the name has no ASCII)."""
    slug = slugify(group.name)[:60].strip("-") or f"group-{group.pk}"
    return f"{slug}-progress.csv"


def header():
    """The header row, in the active language."""
    return [
        gettext("Username"),
        gettext("Display name"),
        gettext("Module"),
        gettext("Due date"),
        gettext("Status"),
        gettext("Percent"),
        gettext("Lessons done"),
        gettext("Lessons total"),
        gettext("Last activity"),
    ]


def grid_rows(grid):
    """One list of cells per learner and assigned module (in the grid's order), unescaped."""
    for row in grid.rows:
        last = timezone.localtime(row.last_activity).strftime("%Y-%m-%d %H:%M") if row.last_activity else ""
        for column, cell in zip(grid.columns, row.cells, strict=True):
            if cell is None:
                continue
            yield [
                row.learner.username,
                row.learner.display_name,
                column.title,
                cell.due_date.isoformat() if cell.due_date else "",
                str(cell.status.label),
                cell.completion.percent,
                cell.completion.done,
                cell.completion.total,
                last,
            ]


def write_csv(out, grid):
    """Write the BOM, the header row and the grid's rows, escaped, to a file-like `out`."""
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(header())
    for cells in grid_rows(grid):
        writer.writerow([safe_cell(value) for value in cells])
