"""The benchmark's table: medians of repeated measurements, each as a ratio to the
baseline page (b), and the p99 scale curve (large over small). Pure: no I/O."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

BASELINE = "baseline: 50 rows (b)"
HELLO = "baseline: hello"


@dataclass(frozen=True)
class Sample:
    """One wrk run of one page."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int = 0


@dataclass
class PageResult:
    """Every sample of one page at one scale and engine, and what does not vary."""

    page: str
    samples: list[Sample] = field(default_factory=list)
    queries: int | None = None
    size_bytes: int | None = None
    peak_memory_mb: float | None = None

    @property
    def requests_per_second(self) -> float:
        return statistics.median(s.requests_per_second for s in self.samples)

    @property
    def p50_ms(self) -> float:
        return statistics.median(s.p50_ms for s in self.samples)

    @property
    def p99_ms(self) -> float:
        return statistics.median(s.p99_ms for s in self.samples)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.samples)


def ratio(value: float | None, base: float | None) -> float | None:
    if value is None or not base:
        return None
    return value / base


def _fmt(value: float | None, digits: int = 2, suffix: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}{suffix}"


def scale_curve(
    by_scale: Mapping[str, Mapping[str, PageResult]], low: str = "small", high: str = "large"
) -> dict[str, float]:
    """p99 at ``high`` over p99 at ``low``, per page present at both."""
    if low not in by_scale or high not in by_scale:
        return {}
    return {
        page: result.p99_ms / by_scale[low][page].p99_ms
        for page, result in by_scale[high].items()
        if page in by_scale[low] and by_scale[low][page].p99_ms
    }


def relative_scale_curve(
    by_scale: Mapping[str, Mapping[str, PageResult]], low: str = "small", high: str = "large"
) -> dict[str, float]:
    """The same, each p99 first taken relative to the baseline page's p99 at its scale:
    the two scales run minutes apart on a shared machine, so the baseline carries the
    machine's mood of the moment."""
    raw = scale_curve(by_scale, low, high)
    base = raw.get(BASELINE)
    if not base:
        return {}
    return {page: value / base for page, value in raw.items()}


def table(
    results: Sequence[PageResult],
    *,
    curve: Mapping[str, float] | None = None,
    relative_curve: Mapping[str, float] | None = None,
) -> str:
    """A Markdown table, one row per page, ratios to the baseline page (b)."""
    base = next((r for r in results if r.page == BASELINE), None)
    b_rps = base.requests_per_second if base else None
    b_p50 = base.p50_ms if base else None
    b_p99 = base.p99_ms if base else None
    b_size = base.size_bytes if base else None
    b_memory = base.peak_memory_mb if base else None
    header = (
        "| page | req/s | x b | p50 ms | x b | p99 ms | x b | queries | size KB | x b "
        "| worker peak MB | x b | p99 large/small | same, vs b | errors |"
    )
    lines = [header, "|" + "---|" * 15]
    for r in results:
        lines.append(
            "| "
            + " | ".join(
                [
                    r.page,
                    _fmt(r.requests_per_second, 0),
                    _fmt(ratio(r.requests_per_second, b_rps), 2, "x"),
                    _fmt(r.p50_ms, 1),
                    _fmt(ratio(r.p50_ms, b_p50), 1, "x"),
                    _fmt(r.p99_ms, 1),
                    _fmt(ratio(r.p99_ms, b_p99), 1, "x"),
                    "-" if r.queries is None else str(r.queries),
                    _fmt(None if r.size_bytes is None else r.size_bytes / 1024, 1),
                    _fmt(ratio(r.size_bytes, b_size), 1, "x"),
                    _fmt(r.peak_memory_mb, 0),
                    _fmt(ratio(r.peak_memory_mb, b_memory), 1, "x"),
                    _fmt((curve or {}).get(r.page), 2),
                    _fmt((relative_curve or {}).get(r.page), 2),
                    str(r.errors),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def document(
    context: Mapping[str, str],
    sections: Iterable[tuple[str, str]],
) -> str:
    """The whole report: where and when it ran, then one titled table per section."""
    lines = ["# Benchmark", ""]
    lines += [f"- {key}: {value}" for key, value in context.items()]
    lines += [
        "",
        "Throughput (req/s) is better when higher; latency, size and memory when lower. "
        "Every figure is the median of the rounds; x b is the ratio to the baseline page "
        "(a minimal Flask + Flask-SQLAlchemy page rendering 50 rows from the same "
        "database, run interleaved with the app's pages). p99 large/small is the page's "
        "p99 at large over its p99 at small; 'same, vs b' divides each by the baseline "
        "page's p99 at that scale first, which takes out most of the machine's noise.",
    ]
    for title, body in sections:
        lines += ["", f"## {title}", "", body]
    return "\n".join(lines) + "\n"
