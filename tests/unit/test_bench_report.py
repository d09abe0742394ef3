"""The benchmark's report: medians, ratios to the baseline page, the scale curve."""

from __future__ import annotations

import pytest

from bench import report
from bench.servers import parse_wrk


def result(page, samples, **fixed):
    return report.PageResult(page, [report.Sample(*s) for s in samples], **fixed)


def test_figures_are_medians_of_the_rounds():
    page = result("board", [(100, 10, 40), (300, 30, 20), (200, 20, 30)])
    assert (page.requests_per_second, page.p50_ms, page.p99_ms) == (200, 20, 30)


def test_every_figure_is_a_ratio_to_the_baseline_page():
    rows = [
        result(report.BASELINE, [(1000, 10, 20)], queries=1, size_bytes=2048, peak_memory_mb=50),
        result("board", [(250, 40, 100)], queries=8, size_bytes=204800, peak_memory_mb=100),
    ]
    text = report.table(rows, curve={"board": 1.25}, relative_curve={"board": 1.1})
    board = next(line for line in text.splitlines() if line.startswith("| board"))
    cells = [cell.strip() for cell in board.strip("|").split("|")]
    assert cells == [
        "board", "250", "0.25x", "40.0", "4.0x", "100.0", "5.0x", "8",
        "200.0", "100.0x", "100", "2.0x", "1.25", "1.10", "0",
    ]  # fmt: skip


def test_the_scale_curve_is_p99_large_over_small_for_pages_at_both():
    small = {"board": result("board", [(1, 1, 100)]), "home": result("home", [(1, 1, 50)])}
    large = {"board": result("board", [(1, 1, 150)])}
    assert report.scale_curve({"small": small, "large": large}) == {"board": 1.5}
    assert report.scale_curve({"small": small}) == {}


def test_the_relative_scale_curve_takes_out_what_the_baseline_page_also_grew():
    small = {
        report.BASELINE: result(report.BASELINE, [(1, 1, 10)]),
        "board": result("board", [(1, 1, 100)]),
    }
    large = {
        report.BASELINE: result(report.BASELINE, [(1, 1, 20)]),
        "board": result("board", [(1, 1, 300)]),
    }
    curve = report.relative_scale_curve({"small": small, "large": large})
    assert curve == {report.BASELINE: 1.0, "board": 1.5}


def test_a_missing_baseline_leaves_the_ratios_blank():
    text = report.table([result("board", [(250, 40, 100)])])
    assert "| board | 250 | - | 40.0 | - |" in text


WRK = """Running 5s test @ http://127.0.0.1:5000/rows
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    17.12ms    5.01ms  80.00ms   90.00%
  Latency Distribution
     50%   16.60ms
     75%   18.00ms
     90%   20.00ms
     99%    1.20s
  4600 requests in 5.00s, 27.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    920.50
Transfer/sec:      5.40MB
"""


def test_wrk_output_is_read_in_milliseconds_with_its_errors():
    sample = parse_wrk(WRK)
    assert sample == report.Sample(920.5, 16.6, 1200.0, 7)
    with pytest.raises(ValueError):
        parse_wrk("connection refused")
