"""The time-to-fill simulation on inputs whose answers are known."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hiring.forecasting.simulation import (
    ForecastInput,
    InPipeline,
    StageModel,
    forecast,
)

TODAY = date(2026, 1, 5)


def chain(pass_rate: float = 1.0, days: tuple[int, ...] = (5,)) -> tuple[StageModel, ...]:
    return (
        StageModel.of("applied", "Applied", pass_rate, days),
        StageModel.of("screen", "Screen", pass_rate, days),
        StageModel.of("offer", "Offer", pass_rate, days),
    )


def run(stages, pipeline, *, openings=1, target=TODAY + timedelta(days=30), runs=400, seed=7):
    return forecast(
        ForecastInput(
            stages=stages,
            pipeline=tuple(pipeline),
            openings=openings,
            today=TODAY,
            target=target,
            runs=runs,
            seed=seed,
        )
    )


def test_certain_moves_and_fixed_durations_fill_on_a_known_day():
    result = run(chain(), [InPipeline("applied", 0)])

    filled_on = TODAY + timedelta(days=15)
    assert result.probability_on(filled_on - timedelta(days=1)) == 0.0
    assert result.probability_on(filled_on) == 1.0
    assert result.p10 == result.p50 == result.p90 == filled_on
    assert result.by_target == 1.0
    assert result.extra.needed == 0


def test_days_already_spent_in_a_stage_count():
    result = run(chain(), [InPipeline("screen", 3)])

    # 2 days left in the screen, 5 in the offer stage.
    assert result.p50 == TODAY + timedelta(days=7)


def test_a_stage_nobody_passes_means_the_job_is_never_filled():
    stages = (
        StageModel.of("applied", "Applied", 1.0, (2,)),
        StageModel.of("screen", "Screen", 0.0, (2,)),
    )
    result = run(stages, [InPipeline("applied", 0, count=20)])

    assert all(point.probability == 0.0 for point in result.curve)
    assert result.p10 is None and result.p50 is None and result.p90 is None
    assert result.never == 1.0
    assert result.extra.needed is None
    assert "Screen" in result.extra.reason


def test_every_opening_needs_its_own_hire():
    result = run(chain(), [InPipeline("applied", 0)], openings=2)

    assert result.by_target == 0.0
    assert result.extra.needed == 1
    assert result.extra.probability == 1.0


def test_a_target_sooner_than_the_fastest_path_cannot_be_reached():
    result = run(chain(), [], target=TODAY + timedelta(days=10))

    assert result.extra.needed is None
    assert "at least 15 days" in result.extra.reason


def test_half_pass_rates_give_about_the_expected_chance():
    # Each application is hired with probability 0.5**3 = 1/8; eight of them fill a
    # single opening with probability 1 - (7/8)**8, about 0.66.
    result = run(chain(0.5), [InPipeline("applied", 0, count=8)], runs=2000)

    assert 0.61 < result.by_target < 0.71
    assert result.extra.needed is not None and result.extra.needed > 0
    assert result.extra.probability is not None and result.extra.probability >= 0.8


def test_the_same_seed_gives_the_same_forecast():
    stages = chain(0.6, (2, 4, 9))
    pipeline = [InPipeline("applied", 1, 5), InPipeline("offer", 2)]

    assert run(stages, pipeline, seed=3) == run(stages, pipeline, seed=3)


def test_applications_in_stages_the_model_does_not_know_are_left_out():
    result = run(chain(), [InPipeline("archived", 0, 3)])

    assert result.candidates == 0
    assert result.never == 1.0


pipelines = st.lists(
    st.builds(
        InPipeline,
        st.sampled_from(["applied", "screen", "offer"]),
        st.integers(0, 12),
        st.integers(1, 3),
    ),
    max_size=4,
)


@settings(max_examples=30, deadline=None)
@given(
    pipelines,
    pipelines,
    st.floats(0.05, 1.0),
    st.lists(st.integers(0, 10), min_size=1, max_size=4),
    st.integers(1, 2),
)
def test_more_candidates_never_lower_the_probability(base, more, rate, days, openings):
    stages = chain(rate, tuple(days))
    fewer = run(stages, base, openings=openings, runs=60)
    larger = run(stages, base + more, openings=openings, runs=60)

    for small, big in zip(fewer.curve, larger.curve, strict=True):
        assert big.probability >= small.probability
    assert larger.by_target >= fewer.by_target


def test_the_chart_shows_the_band_the_target_and_the_values():
    from hiring.forecasting.chart import forecast_chart

    stages = (StageModel.of("applied", "Applied", 1.0, (10, 20, 30)),)
    target = TODAY + timedelta(days=21)
    result = run(stages, [InPipeline("applied", 0)], target=target, runs=300)
    chart = forecast_chart(result)

    assert result.p10 == TODAY + timedelta(days=10)
    assert result.p90 == TODAY + timedelta(days=30)
    assert chart.band is not None and not chart.band.open_ended
    assert chart.plot_left < chart.band.x < chart.target_x < chart.band.x + chart.band.width
    assert chart.line.startswith("M") and "V" in chart.line
    target_rows = [row for row in chart.rows if row.is_target]
    assert [row.day for row in target_rows] == [target]
    assert target_rows[0].probability == result.by_target
    assert [tick.label for tick in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]
