"""A bar chart drawn on the server as inline SVG: no JavaScript, nothing from other hosts.

Each bar carries a <title> (shown on hover and read by screen readers), the
whole chart has a title and a description, and the page shows the same numbers
in a table as the text alternative. Geometry only uses SVG attributes, never
inline styles, so the site's Content-Security-Policy (style-src 'self') holds;
colours come from tutor_dashboard.css.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

WIDTH = 360
HEIGHT = 180
TOP = 18  # room for the count above the tallest bar
BOTTOM = 22  # room for the week labels
LEFT = 4
GAP = 6


@dataclass(frozen=True)
class Bar:
    """One bar: where it is drawn, its value, its short axis label and its full description."""

    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    title: str
    show_label: bool


def week_bars(weeks):
    """Bars for a list of grid.Week (start, count), scaled to the tallest week."""
    if not weeks:
        return []
    tallest = max(week.count for week in weeks) or 1
    slot = (WIDTH - LEFT) / len(weeks)
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for index, week in enumerate(weeks):
        height = round(plot * week.count / tallest, 1)
        bars.append(
            Bar(
                x=round(LEFT + index * slot + GAP / 2, 1),
                y=round(TOP + plot - height, 1),
                width=round(slot - GAP, 1),
                height=height,
                value=week.count,
                label=date_format(week.start, "n/j"),
                title=week_title(week),
                show_label=(len(weeks) - 1 - index) % 2 == 0,  # every other week, ending with this one
            )
        )
    return bars


def week_title(week):
    """'Week of March 3: 5 lessons completed', in the active language."""
    return ngettext(
        "Week of %(date)s: %(count)d lesson completed",
        "Week of %(date)s: %(count)d lessons completed",
        week.count,
    ) % {"date": date_format(week.start, "MONTH_DAY_FORMAT"), "count": week.count}


def weeks_svg(weeks, title_id="chart-title", desc_id="chart-desc"):
    """The inline SVG for the weekly chart (safe HTML), with a <title>, a <desc> and a <title> per bar."""
    bars = week_bars(weeks)
    total = sum(week.count for week in weeks)
    title = gettext("Lessons completed per week")
    desc = ngettext(
        "%(count)d lesson completed in the last %(weeks)d weeks. The same numbers are in the table below.",
        "%(count)d lessons completed in the last %(weeks)d weeks. The same numbers are in the table below.",
        total,
    ) % {"count": total, "weeks": len(weeks)}
    base = HEIGHT - BOTTOM
    parts = format_html_join(
        "\n",
        '<g class="chart-bar"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="2"></rect>{}{}</g>',
        (
            (
                bar.title,
                bar.x,
                bar.y,
                bar.width,
                bar.height,
                format_html(
                    '<text class="chart-value" x="{}" y="{}" text-anchor="middle">{}</text>',
                    round(bar.x + bar.width / 2, 1),
                    round(bar.y - 4, 1),
                    bar.value,
                )
                if bar.value
                else "",
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    round(bar.x + bar.width / 2, 1),
                    HEIGHT - 6,
                    bar.label,
                )
                if bar.show_label
                else "",
            )
            for bar in bars
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{tid} {did}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{tid}">{title}</title><desc id="{did}">{desc}</desc>'
        '<line class="chart-axis" x1="0" y1="{base}" x2="{w}" y2="{base}"></line>\n{bars}</svg>',
        w=WIDTH,
        h=HEIGHT,
        tid=title_id,
        did=desc_id,
        title=title,
        desc=desc,
        base=base,
        bars=parts,
    )
