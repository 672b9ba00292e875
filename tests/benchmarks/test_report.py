"""The benchmark's pure helpers: reading wrk's result line, shares of the bare view, targets, tables."""

import json

import pytest

from benchmarks.report import (
    Measurement,
    Target,
    attempts_check,
    combine_rounds,
    fraction,
    parse_wrk,
    percentile,
    table,
    targets_table,
)


def wrk_output(**overrides):
    data = {
        "requests": 5000,
        "duration_us": 10_000_000,
        "p50_us": 8000,
        "p90_us": 15000,
        "p99_us": 40000,
        "max_us": 90000,
        "mean_us": 9000.5,
        "bad": 0,
        "connect_errors": 0,
        "read_errors": 0,
        "write_errors": 0,
        "timeouts": 0,
        "status_errors": 0,
    }
    data.update(overrides)
    return "Running 10s test @ http://127.0.0.1:8311/\n  2 threads\nENOK-RESULT " + json.dumps(data) + "\n"


def test_parse_wrk_reads_throughput_and_percentiles():
    m = parse_wrk("home", wrk_output())
    assert (m.page, m.requests, m.seconds, m.p50_ms, m.p99_ms) == ("home", 5000, 10.0, 8.0, 40.0)
    assert m.rps == 500.0
    assert m.failures == 0


def test_parse_wrk_counts_wrong_responses_and_socket_errors_as_failures():
    m = parse_wrk("quiz", wrk_output(bad=3, read_errors=2, timeouts=1))
    assert m.failures == 6


def test_parse_wrk_without_a_result_line_says_so():
    with pytest.raises(ValueError, match="No ENOK-RESULT line"):
        parse_wrk("home", "unable to connect to 127.0.0.1:8311 Connection refused\n")


def test_percentile_is_the_nearest_rank_of_an_ordered_list():
    ordered = [float(n) for n in range(1, 101)]
    assert percentile(ordered, 50) == 50.0
    assert percentile(ordered, 99) == 99.0
    assert percentile(ordered, 100) == 100.0
    assert percentile([0.2, 0.9], 99) == 0.9
    assert percentile([7.0], 1) == 7.0
    assert percentile([], 99) == 0.0


def test_attempts_recorded_are_checked_against_the_submissions_counted():
    assert "lost" not in attempts_check(1000, 1000, 100) and "**" not in attempts_check(1100, 1000, 100)
    assert "**373 fewer recorded than counted: attempts were lost**" in attempts_check(1638, 2011, 100)
    assert "**101 more recorded than counted" in attempts_check(1101, 1000, 100)


def test_fraction_is_the_share_of_the_bare_views_throughput():
    bare = Measurement("bare", 10000, 10, 1, 2)
    page = Measurement("page", 2500, 10, 4, 9)
    assert fraction(page, bare) == 0.25
    assert fraction(page, Measurement("bare", 0, 10, 0, 0)) == 0.0


def test_rounds_add_up_and_each_share_is_taken_against_the_bare_run_just_before():
    # The machine slows down in the second round: the bare view and the page both fall.
    bare_runs = [
        Measurement("bare", 10000, 5, 1, 2),
        Measurement("bare", 6000, 5, 1, 3),
        Measurement("bare", 9000, 5, 1, 2),
    ]
    page_runs = [
        Measurement("page", 3000, 5, 10, 20),
        Measurement("page", 1800, 5, 14, 35, bad=1),
        Measurement("page", 2700, 5, 11, 25, errors=2),
    ]
    combined = combine_rounds("page", page_runs, bare_runs)
    assert combined.round_shares == pytest.approx((0.3, 0.3, 0.3))
    assert fraction(combined, combine_rounds("bare", bare_runs)) == pytest.approx(0.3)
    assert (combined.requests, combined.seconds, combined.failures) == (7500, 15, 3)
    assert (combined.p50_ms, combined.p99_ms) == (11, 35)  # the median p50, the highest p99


def test_the_share_is_the_median_of_the_rounds_so_one_odd_round_does_not_move_it():
    bare = Measurement("bare", 10000, 5, 1, 2)
    pages = [Measurement("page", n, 5, 10, 20) for n in (2600, 2400, 900)]
    combined = combine_rounds("page", pages, [bare, bare, bare])
    assert fraction(combined, bare) == pytest.approx(0.24)
    assert "| page | 393.3 | 24% (26%, 24%, 9%) |" in table([bare, combined], "bare")


def test_rounds_need_a_bare_run_for_each_page_run():
    with pytest.raises(ValueError, match="each round needs"):
        combine_rounds("page", [Measurement("page", 1, 5, 1, 1)] * 2, [Measurement("bare", 1, 5, 1, 1)])
    assert combine_rounds("bare", [Measurement("bare", 10, 5, 1, 1)]).round_shares is None


def results(lesson_requests=5000, lesson_bad=0, quiz_p99=120.0):
    return {
        "postgres": {
            "bare": Measurement("bare", 10000, 10, 1, 2),
            "lesson": Measurement("lesson", lesson_requests, 10, 5, 20, bad=lesson_bad),
            "quiz": Measurement("quiz", 500, 10, 30, quiz_p99),
        }
    }


def test_a_fraction_target_passes_at_the_limit_and_fails_below_it():
    target = Target("lesson ≥ 50%", "postgres", "lesson", "fraction", 0.5)
    assert target.passed(results(5000), "bare") is True
    assert target.passed(results(4999), "bare") is False
    assert target.shown(results(5000), "bare") == "50%"


def test_a_p99_target_passes_only_under_the_limit():
    target = Target("quiz p99", "postgres", "quiz", "p99", 150)
    assert target.passed(results(quiz_p99=149.9), "bare") is True
    assert target.passed(results(quiz_p99=150), "bare") is False
    assert target.shown(results(quiz_p99=149.9), "bare") == "150 ms"


def test_fast_error_pages_never_pass_a_target():
    target = Target("lesson ≥ 50%", "postgres", "lesson", "fraction", 0.5)
    assert target.passed(results(9000, lesson_bad=1), "bare") is False


def test_a_target_for_a_page_not_measured_is_neither_pass_nor_fail():
    target = Target("pair lesson", "pair", "lesson", "fraction", 0.5)
    assert target.passed(results(), "bare") is None
    assert "not measured" in targets_table([target], results(), "bare")


def test_tables_show_each_page_with_its_share_and_verdicts():
    pages = list(results(quiz_p99=200)["postgres"].values())
    text = table(pages, "bare")
    assert "| lesson | 500.0 | 50% | 5.0 | 20.0 | 5000 | 0 |" in text
    assert "| bare | 1000.0 | 100% |" in text
    users = Measurement("quiz, 50 users", requests=420, seconds=10.0, p50_ms=15.0, p99_ms=45.0, paced=True)
    assert "| quiz, 50 users | 42.0 | – | 15.0 | 45.0 | 420 | 0 |" in table([*pages, users], "bare")
    verdicts = targets_table([Target("quiz p99", "postgres", "quiz", "p99", 150)], results(quiz_p99=200), "bare")
    assert "| quiz p99 | 200 ms | **FAIL** |" in verdicts
