"""Figures for `make bench`: read wrk's results, compare pages with the bare view, check the targets, write Markdown.

Pure functions, no Django and no network (tested in tests/benchmarks/test_report.py).
"""

import json
import math
import statistics
from dataclasses import dataclass

RESULT_PREFIX = "ENOK-RESULT "


@dataclass
class Measurement:
    """One page under load in one configuration: throughput, latency, and anything that went wrong."""

    page: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    bad: int = 0
    errors: int = 0
    paced: bool = False  # the rate is set by the users' pauses, so it is no share of the bare view
    # With rounds (combine_rounds): the page's share of the bare view in each round, each against
    # the bare view measured just before it. None for a single run, compared with the bare row.
    round_shares: tuple | None = None

    @property
    def rps(self):
        """Requests per second over the measured period."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failures(self):
        """Responses with the wrong status or body, plus socket errors and timeouts."""
        return self.bad + self.errors


def parse_wrk(page, output):
    """A Measurement from wrk's output, which holds one "ENOK-RESULT {json}" line (benchmarks/wrk_page.lua)."""
    for line in output.splitlines():
        if line.startswith(RESULT_PREFIX):
            data = json.loads(line[len(RESULT_PREFIX) :])
            break
    else:
        raise ValueError(f"No {RESULT_PREFIX.strip()} line in wrk's output for {page}:\n{output[-2000:]}")
    errors = data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["timeouts"]
    return Measurement(
        page=page,
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        bad=data["bad"],
        errors=errors,
    )


def percentile(ordered, percent):
    """The nearest-rank percentile of an ascending list (0.0 for an empty one)."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def attempts_check(recorded, sent, open_at_most):
    """The line comparing the quiz attempts the database recorded with the submissions counted.

    Each submission counted got a graded result, so it must be recorded once; the
    database may hold up to `open_at_most` more (requests wrk left open when it stopped,
    which it does not count). Fewer recorded than counted means attempts were lost.
    """
    line = f"Quiz attempts recorded during these runs: {recorded} for {sent} submissions counted"
    if recorded < sent:
        return f"{line}: **{sent - recorded} fewer recorded than counted: attempts were lost**."
    if recorded > sent + open_at_most:
        return f"{line}: **{recorded - sent} more recorded than counted, above the {open_at_most} left open at most**."
    return (
        f"{line} (wrk does not count the requests still open when it stops: up to {open_at_most} more may be recorded)."
    )


def fraction(measurement, bare):
    """The page's throughput as a share of the bare view's (0.5 = half as many requests per second).

    Measured in rounds, it is the median of the rounds' shares, each against the bare
    view measured just before the page (combine_rounds); else against `bare`.
    """
    if measurement.round_shares:
        return statistics.median(measurement.round_shares)
    return measurement.rps / bare.rps if bare.rps else 0.0


def combine_rounds(page, runs, bare_runs=None):
    """One Measurement from a page's runs in several rounds, each paired with the bare view's run just before it.

    Without `bare_runs` (the bare view's own runs) there are no shares.

    Requests, seconds and failures add up; p50 is the rounds' median and p99 their
    highest (percentiles of separate runs cannot be merged exactly: the highest is
    the cautious reading). The share of the bare view is taken per round, against the
    bare run next to it in time, so that the machine's speed drifting during the run
    (other work on it, which moves all figures together) does not show as a
    difference between pages; `fraction` reports the median of those shares.
    """
    if not runs or (bare_runs is not None and len(runs) != len(bare_runs)):
        raise ValueError(f"{page}: each round needs one run of the page and one of the bare view before it.")
    return Measurement(
        page=page,
        requests=sum(run.requests for run in runs),
        seconds=sum(run.seconds for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=max(run.p99_ms for run in runs),
        bad=sum(run.bad for run in runs),
        errors=sum(run.errors for run in runs),
        round_shares=None
        if bare_runs is None
        else tuple(run.rps / bare.rps if bare.rps else 0.0 for run, bare in zip(runs, bare_runs, strict=True)),
    )


@dataclass
class Target:
    """A goal from issue 7, checked against one configuration's figures."""

    label: str
    config: str
    page: str
    kind: str  # "fraction": at least `limit` of the bare view; "p99": p99 under `limit` ms
    limit: float

    def measured(self, results, bare_page):
        """The figure this target is about, or None when that page was not measured."""
        pages = results.get(self.config, {})
        if self.page not in pages:
            return None
        if self.kind == "fraction":
            return fraction(pages[self.page], pages[bare_page]) if bare_page in pages else None
        return pages[self.page].p99_ms

    def passed(self, results, bare_page):
        """True when met, False when missed, None when not measured. Failed responses never pass."""
        value = self.measured(results, bare_page)
        if value is None:
            return None
        if results[self.config][self.page].failures:
            return False
        return value >= self.limit if self.kind == "fraction" else value < self.limit

    def shown(self, results, bare_page):
        """The measured figure as text."""
        value = self.measured(results, bare_page)
        if value is None:
            return "not measured"
        return f"{value:.0%}" if self.kind == "fraction" else f"{value:.0f} ms"


def table(measurements, bare_page):
    """A Markdown table of one configuration's pages, with the share of the bare view's throughput.

    A page measured in rounds shows the median share, then each round's in brackets.
    """
    bare = next((m for m in measurements if m.page == bare_page), None)
    lines = [
        "| page | requests/s | of bare | p50 ms | p99 ms | requests | failed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in measurements:
        share = f"{fraction(m, bare):.0%}" if bare and not m.paced else "–"
        if m.round_shares and len(m.round_shares) > 1:
            share += " (" + ", ".join(f"{value:.0%}" for value in m.round_shares) + ")"
        lines.append(
            f"| {m.page} | {m.rps:.1f} | {share} | {m.p50_ms:.1f} | {m.p99_ms:.1f} | {m.requests} | {m.failures} |"
        )
    return "\n".join(lines)


def targets_table(targets, results, bare_page):
    """A Markdown table of the targets with the measured figure and pass / FAIL."""
    lines = ["| target | measured | result |", "| --- | ---: | --- |"]
    for target in targets:
        verdict = {True: "pass", False: "**FAIL**", None: "not measured"}[target.passed(results, bare_page)]
        lines.append(f"| {target.label} | {target.shown(results, bare_page)} | {verdict} |")
    return "\n".join(lines)
