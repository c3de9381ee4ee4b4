"""Debate analytics (/rates, /drawdown, /event, /odds, /mix) on real prices.

Every figure is checked against a computation written here (or, when another test file
needs it too, in tests/support/expected.py) with the csv module and plain loops over
lists, never by calling the code under test.
"""

from __future__ import annotations

import math
import statistics
from datetime import date, timedelta

import pandas as pd
import pytest

from analytics.drawdown import current_drawdown_series, drawdowns
from analytics.events import EVENTS, event_window, find_event
from analytics.market.csv_files import read_bars_csv
from analytics.mix import mix_portfolio
from analytics.odds import rolling_odds
from analytics.performance import AnalyticsError
from analytics.rates import rates_sensitivity
from analytics.series import pair_basis
from analytics.windows import Window
from tests.support.expected import (
    common,
    csv_column,
    expected_odds,
    fisher_interval,
    last_index_on_or_before,
    last_on_or_before,
    months_earlier,
    pearson,
)

# -- frames as the project stores them, and independent series from the csv module ---------


def _bars(folder, name: str, adjusted: bool = False) -> pd.DataFrame:
    bars = read_bars_csv(folder / name, close_is_adjusted=adjusted).bars
    return bars.set_axis(pd.to_datetime(bars.index))


def _frame(close: pd.DataFrame | None = None, adjusted: pd.DataFrame | None = None
           ) -> pd.DataFrame:
    columns = {}
    if close is not None:
        columns["close"] = close["close"]
    if adjusted is not None:
        columns["adj_close"] = adjusted["adj_close"]
    return pd.DataFrame(columns).reindex(columns=["close", "adj_close"]).astype(float)


@pytest.fixture(scope="module")
def frames(market_data) -> dict[str, pd.DataFrame]:
    vtwo = _bars(market_data, "VTWO.csv")
    return {
        "^RUT": _frame(_bars(market_data, "RUT.csv")),
        "^GSPC": _frame(_bars(market_data, "GSPC.csv")),
        "^TNX": _frame(_bars(market_data, "TNX.csv")),
        "SPY": _frame(_bars(market_data, "SPY_raw.csv"),
                      _bars(market_data, "SPY_adjusted.csv", adjusted=True)),
        "IWM": _frame(_bars(market_data, "IWM_raw.csv"),
                      _bars(market_data, "IWM_adjusted.csv", adjusted=True)),
        "VTWO": _frame(vtwo, vtwo),
    }


@pytest.fixture(scope="module")
def closes(market_data) -> dict[str, dict[date, float]]:
    """Each ticker's closes in the basis its pairs use: adjusted for funds, price for indices."""
    return {
        "^RUT": csv_column(market_data / "RUT.csv", "close"),
        "^GSPC": csv_column(market_data / "GSPC.csv", "close"),
        "^TNX": csv_column(market_data / "TNX.csv", "close"),
        "SPY": csv_column(market_data / "SPY_adjusted.csv", "close"),
        "IWM": csv_column(market_data / "IWM_adjusted.csv", "close"),
        "VTWO": csv_column(market_data / "VTWO.csv", "adj_close"),
    }


def slope(xs: list[float], ys: list[float]) -> float:
    """OLS slope of ys on xs."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / sum((x - mx) ** 2 for x in xs)


def sample_std(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def refused(code: str, call, *args, **kwargs) -> AnalyticsError:
    with pytest.raises(AnalyticsError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.details
    return caught.value


# -- basis -------------------------------------------------------------------------------------


def test_a_pair_of_funds_uses_total_return_and_anything_with_an_index_uses_price(frames):
    assert pair_basis("VTWO", frames["VTWO"], "SPY", frames["SPY"]) == "total"
    assert pair_basis("IWM", frames["IWM"], "SPY", frames["SPY"]) == "total"
    assert pair_basis("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"]) == "price"
    assert pair_basis("^RUT", frames["^RUT"], "SPY", frames["SPY"]) == "price"
    assert pair_basis("VTWO", frames["VTWO"][["close"]], "SPY", frames["SPY"]) == "price"


@pytest.mark.parametrize("question", ["rates", "drawdown", "event", "odds", "mix"])
def test_a_pair_without_common_days_is_refused_by_every_question(frames, question):
    small = frames["VTWO"].loc[:"2023-12-31"]
    large = frames["SPY"].loc["2024-01-01":]
    calls = {
        "rates": lambda: rates_sensitivity("VTWO", small, "SPY", large, frames["^TNX"],
                                           Window("1y")),
        "drawdown": lambda: drawdowns("VTWO", small, "SPY", large),
        "event": lambda: event_window("VTWO", small, "SPY", large, date(2023, 6, 1)),
        "odds": lambda: rolling_odds("VTWO", small, "SPY", large, 1),
        "mix": lambda: mix_portfolio("VTWO", small, "SPY", large, Window("max")),
    }
    error = refused("no_overlap", calls[question])
    assert error.details == {"small": "VTWO", "large": "SPY"}


# -- /rates ------------------------------------------------------------------------------------


def expected_rates(small: dict, large: dict, tnx: dict, start_target: date, end_target: date):
    """Everything /rates reports, by loops over the days all three series share."""
    days = common(small, large, tnx)
    end = last_index_on_or_before(days, end_target)
    start = max(last_index_on_or_before(days, start_target), 0)
    rel = [(small[days[i]] / small[days[i - 1]] - large[days[i]] / large[days[i - 1]]) * 100
           for i in range(1, len(days))]
    change = [(tnx[days[i]] - tnx[days[i - 1]]) * 100 for i in range(1, len(days))]

    def fit(first: int) -> tuple[float, float, int]:
        xs, ys = change[first:end], rel[first:end]
        return pearson(xs, ys), slope(xs, ys) * 10, len(xs)

    # 3-month moves by calendar months, counted only when wholly inside the window.
    rising, falling, classified = [], [], 0
    for t in range(start, end + 1):
        a = last_index_on_or_before(days, months_earlier(days[t], 3))
        if a < start:
            continue
        classified += 1
        move = (tnx[days[t]] - tnx[days[a]]) * 100
        gap = (small[days[t]] / small[days[a]] - large[days[t]] / large[days[a]]) * 100
        if move > 25:
            rising.append(gap)
        elif move < -25:
            falling.append(gap)
    three_month = last_index_on_or_before(days, months_earlier(days[end], 3))
    one_year = last_index_on_or_before(days, months_earlier(days[end], 12))
    return {
        "days": days, "start": start, "end": end,
        "fit": fit(start), "fit_3m": fit(three_month), "fit_1y": fit(one_year),
        "start_3m": days[three_month], "start_1y": days[one_year],
        "rising": rising, "falling": falling, "classified": classified,
        "rolling_beta_end": slope(change[end - 63:end], rel[end - 63:end]) * 10,
    }


def check_correlation(found, r: float, n: int) -> None:
    assert found.observations == n
    assert found.value == pytest.approx(r, rel=1e-9)
    low, high = fisher_interval(r, n)
    assert (found.low, found.high) == (pytest.approx(low, abs=1e-6), pytest.approx(high, abs=1e-6))


def check_fit(fit, expected: tuple[float, float, int]) -> None:
    correlation, beta, days = expected
    assert fit.days == days
    check_correlation(fit.correlation, correlation, days)
    assert fit.beta_pp_per_10bp == pytest.approx(beta, rel=1e-9)


def check_rates(result, small, large, tnx, expected) -> None:
    days, start, end = expected["days"], expected["start"], expected["end"]
    assert (result.start_date, result.end_date) == (days[start], days[end])
    assert result.trading_days == end - start
    assert result.yield_start_pct == pytest.approx(tnx[days[start]])
    assert result.yield_end_pct == pytest.approx(tnx[days[end]])
    assert result.yield_change_bp == pytest.approx((tnx[days[end]] - tnx[days[start]]) * 100)
    check_fit(result.fit, expected["fit"])
    check_fit(result.fit_3m, expected["fit_3m"])
    check_fit(result.fit_1y, expected["fit_1y"])
    assert result.fit_3m.start_date == expected["start_3m"]
    assert result.fit_1y.start_date == expected["start_1y"]
    spells = result.spells
    assert spells.days == expected["classified"] and spells.months == 3
    assert spells.rising_days == len(expected["rising"])
    assert spells.falling_days == len(expected["falling"])
    assert spells.rising_median_gap_pp == pytest.approx(statistics.median(expected["rising"]))
    assert spells.falling_median_gap_pp == pytest.approx(statistics.median(expected["falling"]))
    assert result.rolling_beta.iloc[-1] == pytest.approx(expected["rolling_beta_end"], rel=1e-6)
    assert list(result.ratio.index.date) == days[start:end + 1]
    assert result.ratio.iloc[0] == pytest.approx(small[days[start]] / large[days[start]])
    assert result.ratio.iloc[-1] == pytest.approx(small[days[end]] / large[days[end]])
    assert result.yield_pct.iloc[-1] == pytest.approx(tnx[days[end]])


def test_rates_over_the_last_year_for_the_indices_match_loops_over_common_days(frames, closes):
    result = rates_sensitivity("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"],
                               frames["^TNX"], Window("1y"))
    rut, gspc, tnx = closes["^RUT"], closes["^GSPC"], closes["^TNX"]
    # ^TNX's file ends 2026-02-13, before either index: the window ends there.
    end = date(2026, 2, 13)
    expected = expected_rates(rut, gspc, tnx, date(2025, 2, 13), end)
    assert result.basis == "price" and result.yield_ticker == "^TNX"
    assert result.end_date == end
    check_rates(result, rut, gspc, tnx, expected)
    assert result.curve is None


def test_rates_through_the_2022_rate_shock_for_iwm_and_spy_use_total_return(frames, closes):
    window = Window(start=date(2022, 1, 1), end=date(2023, 12, 31))
    result = rates_sensitivity("IWM", frames["IWM"], "SPY", frames["SPY"], frames["^TNX"],
                               window)
    iwm, spy, tnx = closes["IWM"], closes["SPY"], closes["^TNX"]
    expected = expected_rates(iwm, spy, tnx, date(2022, 1, 1), date(2023, 12, 31))
    assert result.basis == "total"
    assert (result.start_date, result.end_date) == (date(2021, 12, 31), date(2023, 12, 29))
    check_rates(result, iwm, spy, tnx, expected)
    assert result.yield_change_bp > 200  # 1.5 % to 3.9 %: the 10-year rose ~236 bp


def test_rates_over_all_history_classify_every_day_with_a_three_month_look_back(frames, closes):
    result = rates_sensitivity("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"],
                               frames["^TNX"], Window("max"))
    rut, gspc, tnx = closes["^RUT"], closes["^GSPC"], closes["^TNX"]
    expected = expected_rates(rut, gspc, tnx, date(1990, 1, 1), date(2026, 12, 31))
    assert result.start_date == date(2001, 1, 2)  # ^TNX's first close
    check_rates(result, rut, gspc, tnx, expected)


def test_the_curve_spread_is_the_ten_year_minus_the_three_month_yield_in_bp(frames, closes):
    tnx = closes["^TNX"]
    # ^IRX is not in the reference data: a flat 4.5 % bill rate up to the end is enough
    # to check the arithmetic and the as-of.
    bills = pd.DataFrame({"close": 4.5}, index=pd.to_datetime(["2026-02-10", "2026-02-12"]))
    result = rates_sensitivity("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"],
                               frames["^TNX"], Window("3m"), irx=bills)
    assert result.curve.as_of == date(2026, 2, 12)
    assert result.curve.spread_bp == pytest.approx((tnx[date(2026, 2, 13)] - 4.5) * 100)
    assert result.curve.inverted is (tnx[date(2026, 2, 13)] < 4.5)


def test_rates_without_yield_data_are_refused(frames):
    def ask(tnx, window):
        return rates_sensitivity("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], tnx, window)

    refused("no_yield", ask, None, Window("1y"))
    refused("no_yield", ask, frames["^TNX"].iloc[:0], Window("1y"))
    # The 1990s: both indices have closes, the yield file starts in 2001.
    error = refused("no_yield_data", ask, frames["^TNX"],
                    Window(start=date(1995, 1, 1), end=date(1999, 12, 31)))
    assert error.details["first"] == date(2001, 1, 2)


# -- /drawdown ---------------------------------------------------------------------------------


def expected_drawdown(days: list[date], values: list[float]) -> dict:
    peak_value, peak_day = values[0], 0
    deepest, deepest_peak, trough = 0.0, 0, 0
    underwater = []
    for i, value in enumerate(values):
        if value >= peak_value:
            peak_value, peak_day = value, i
        depth = (value / peak_value - 1) * 100
        underwater.append(depth)
        if depth < deepest:
            deepest, trough = depth, i
            deepest_peak = values.index(max(values[: i + 1]))
    recovery = next((j for j in range(trough + 1, len(values))
                     if values[j] >= values[deepest_peak]), None)
    return {
        "current": underwater[-1], "current_peak": days[peak_day],
        "days_since_peak": len(values) - 1 - peak_day,
        "depth": deepest, "peak": days[deepest_peak], "trough": days[trough],
        "recovery": days[recovery] if recovery is not None else None,
        "underwater_days": (recovery if recovery is not None else len(values) - 1)
        - deepest_peak,
        "underwater": underwater,
    }


def check_drawdown(side, expected: dict) -> None:
    assert side.current_pct == pytest.approx(expected["current"])
    assert side.peak_date == expected["current_peak"]
    assert side.days_since_peak == expected["days_since_peak"]
    assert side.deepest.depth_pct == pytest.approx(expected["depth"])
    assert side.deepest.peak_date == expected["peak"]
    assert side.deepest.trough_date == expected["trough"]
    assert side.deepest.recovery_date == expected["recovery"]
    assert side.deepest.underwater_days == expected["underwater_days"]
    assert list(side.underwater) == pytest.approx(expected["underwater"])


def check_pair_drawdowns(result, small: dict, large: dict, days: list[date]) -> None:
    assert (result.start_date, result.end_date) == (days[0], days[-1])
    assert result.trading_days == len(days) - 1
    check_drawdown(result.small, expected_drawdown(days, [small[d] for d in days]))
    check_drawdown(result.large, expected_drawdown(days, [large[d] for d in days]))
    check_drawdown(result.ratio, expected_drawdown(days, [small[d] / large[d] for d in days]))


def test_drawdowns_over_all_index_history_match_a_running_peak_loop(frames, closes):
    result = drawdowns("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"])
    days = common(closes["^RUT"], closes["^GSPC"])
    assert result.basis == "price" and result.window.preset == "max"
    check_pair_drawdowns(result, closes["^RUT"], closes["^GSPC"], days)
    # The financial crisis: the Russell 2000 fell ~60 % from July 2007 to March 2009.
    assert result.small.deepest.peak_date == date(2007, 7, 13)
    assert result.small.deepest.trough_date == date(2009, 3, 9)
    assert result.small.deepest.depth_pct == pytest.approx(-59.89, abs=0.01)
    assert result.ratio.label == "^RUT/^GSPC"


def test_drawdowns_inside_a_window_take_the_peak_from_the_windows_first_close(frames, closes):
    result = drawdowns("IWM", frames["IWM"], "SPY", frames["SPY"], Window("3y"))
    iwm, spy = closes["IWM"], closes["SPY"]
    every = common(iwm, spy)
    start = every[last_index_on_or_before(every, months_earlier(every[-1], 36))]
    days = [d for d in every if d >= start]
    assert result.basis == "total" and result.end_date == date(2026, 7, 13)
    check_pair_drawdowns(result, iwm, spy, days)


def test_drawdowns_of_vtwo_and_spy_report_an_unrecovered_ratio(frames, closes):
    window = Window(start=date(2023, 1, 1), end=date(2025, 10, 31))
    result = drawdowns("VTWO", frames["VTWO"], "SPY", frames["SPY"], window)
    vtwo, spy = closes["VTWO"], closes["SPY"]
    days = [d for d in common(vtwo, spy) if date(2022, 12, 30) <= d]
    check_pair_drawdowns(result, vtwo, spy, days)
    assert result.ratio.deepest.recovery_date is None
    assert result.ratio.recovered is False


def test_current_drawdown_series_runs_the_peak_over_all_history(closes):
    rut = closes["^RUT"]
    days = sorted(rut)
    series = current_drawdown_series(pd.Series([rut[d] for d in days], index=days))
    peak, expected = 0.0, []
    for d in days:
        peak = max(peak, rut[d])
        expected.append((rut[d] / peak - 1) * 100)
    assert list(series) == pytest.approx(expected)


# -- /event ------------------------------------------------------------------------------------


def expected_event(small: dict, large: dict, start_day: date, n: int) -> dict:
    days = common(small, large)
    start = last_index_on_or_before(days, start_day)
    end = start + n

    def side(values: dict) -> dict:
        base = values[days[start]]
        inside = days[start + 1:end + 1]
        low = min(inside, key=lambda d: values[d])
        if values[low] >= base:
            regained = start  # never below inside the window
        else:
            after_low = days.index(low) + 1
            regained = next((i for i in range(after_low, len(days)) if values[days[i]] >= base),
                            None)
        return {
            "return": (values[days[end]] / base - 1) * 100,
            "low": (values[low] / base - 1) * 100, "low_date": low,
            "regained_days": None if regained is None else regained - start,
            "regained_date": None if regained is None else days[regained],
            "elapsed": len(days) - 1 - start,
        }

    return {"start": days[start], "end": days[end], "small": side(small),
            "large": side(large)}


def check_event(result, expected: dict) -> None:
    assert (result.start_date, result.end_date) == (expected["start"], expected["end"])
    for side, want in ((result.small, expected["small"]), (result.large, expected["large"])):
        assert side.return_pct == pytest.approx(want["return"])
        assert side.low_pct == pytest.approx(want["low"])
        assert side.low_date == want["low_date"]
        assert side.regained_days == want["regained_days"]
        assert side.regained_date == want["regained_date"]
        assert side.days_elapsed == want["elapsed"]
    gap = expected["small"]["return"] - expected["large"]["return"]
    assert result.gap_pp == pytest.approx(gap)


def test_liberation_day_week_runs_from_the_april_2_close_to_the_april_8_close(frames, closes):
    result = event_window("VTWO", frames["VTWO"], "SPY", frames["SPY"], date(2025, 4, 2), 4)
    vtwo, spy = closes["VTWO"], closes["SPY"]
    assert result.basis == "total"
    assert (result.start_date, result.end_date) == (date(2025, 4, 2), date(2025, 4, 8))
    check_event(result, expected_event(vtwo, spy, date(2025, 4, 2), 4))
    expected_gap = ((vtwo[date(2025, 4, 8)] / vtwo[date(2025, 4, 2)])
                    - (spy[date(2025, 4, 8)] / spy[date(2025, 4, 2)])) * 100
    assert result.gap_pp == pytest.approx(expected_gap)
    assert result.gap_pp == pytest.approx(-1.85, abs=0.01)
    assert result.small.regained_date == date(2025, 5, 12)
    assert result.large.regained_date == date(2025, 5, 2)


def test_a_named_event_carries_its_names_and_starts_at_its_pre_event_close(frames, closes):
    event = find_event("lehman")
    assert event.day == date(2008, 9, 12) and event.day.weekday() == 4  # a Friday
    result = event_window("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], event, 20)
    assert result.event is event and result.basis == "price"
    check_event(result, expected_event(closes["^RUT"], closes["^GSPC"], event.day, 20))


@pytest.mark.parametrize("key", ["covid", "svb", "fed-cut-2024", "liberation-day"])
def test_required_events_on_the_index_pair_match_loops(frames, closes, key):
    event = find_event(key)
    result = event_window("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], event, 10)
    check_event(result, expected_event(closes["^RUT"], closes["^GSPC"], event.day, 10))


def test_a_side_that_never_regained_reports_the_trading_days_elapsed(frames, closes):
    result = event_window("VTWO", frames["VTWO"], "SPY", frames["SPY"], date(2025, 10, 15), 1)
    check_event(result, expected_event(closes["VTWO"], closes["SPY"], date(2025, 10, 15), 1))
    assert result.small.regained_days is None and result.small.days_elapsed == 12
    assert result.large.regained_days == 3


def test_a_side_that_never_closed_below_inside_the_window_regained_in_zero_days(frames,
                                                                               closes):
    event = find_event("fed-cut-2024")  # both indices rallied the next day
    result = event_window("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], event, 1)
    check_event(result, expected_event(closes["^RUT"], closes["^GSPC"], event.day, 1))
    assert result.small.low_pct > 0 and result.small.regained_days == 0
    assert result.small.regained_date == date(2024, 9, 18)


def test_event_names_resolve_by_key_english_or_korean_name_in_any_case():
    liberation = find_event("liberation-day")
    assert liberation.day == date(2025, 4, 2)
    assert liberation.name_ko.startswith("해방의 날")
    assert find_event("Liberation_Day") is liberation
    assert find_event("해방의 날 관세 발표") is liberation
    assert find_event("LIBERATION DAY TARIFFS") is liberation
    assert {find_event(k).day for k in ("covid", "svb", "fed-cut-2024")} == {
        date(2020, 2, 19), date(2023, 3, 8), date(2024, 9, 18)}
    assert len({e.key for e in EVENTS}) == len(EVENTS)


def test_named_pre_event_closes_are_trading_days(closes):
    gspc = closes["^GSPC"]
    for event in EVENTS:
        assert event.day in gspc, event.key


def test_an_unknown_event_name_is_refused_with_the_known_names():
    error = refused("unknown_event", find_event, "moon-landing")
    assert "liberation-day" in error.details["known"]


@pytest.mark.parametrize("days", [0, -1, 251, 10000])
def test_event_days_outside_one_to_250_are_refused(frames, days):
    error = refused("bad_days", event_window, "VTWO", frames["VTWO"], "SPY", frames["SPY"],
                    date(2025, 4, 2), days)
    assert error.details["days"] == days


def test_an_event_before_the_data_or_too_close_to_its_end_is_refused(frames):
    error = refused("start_before_data", event_window, "VTWO", frames["VTWO"], "SPY",
                    frames["SPY"], date(2020, 2, 19), 5)
    assert error.details["first"] == date(2022, 12, 1)
    error = refused("not_enough_days", event_window, "VTWO", frames["VTWO"], "SPY",
                    frames["SPY"], date(2025, 10, 28), 5)
    assert error.details["available"] == 3


# -- /odds -------------------------------------------------------------------------------------


def check_odds(result, expected: dict) -> None:
    windows = expected["windows"]
    assert result.windows == len(windows)
    assert result.beat_pct == pytest.approx(expected["beat"])
    assert result.median_gap_pp == pytest.approx(expected["median"])
    assert result.p10_gap_pp == pytest.approx(expected["p10"])
    assert result.p90_gap_pp == pytest.approx(expected["p90"])
    for got, want in ((result.best, expected["best"]), (result.worst, expected["worst"]),
                      (result.latest, windows[-1])):
        assert (got.start_date, got.end_date) == want[:2]
        assert got.gap_pp == pytest.approx(want[2])
    assert result.latest_rank == expected["rank"]
    assert result.latest_percentile == pytest.approx(expected["better_than"])
    assert result.latest_top_pct == pytest.approx(expected["top"])
    assert result.latest_bottom_pct == pytest.approx(expected["bottom"])
    assert list(result.gaps.index.date) == [w[1] for w in windows]
    assert list(result.gaps) == pytest.approx([w[2] for w in windows])


def test_five_year_odds_for_the_indices_match_a_loop_over_every_window(frames, closes):
    result = rolling_odds("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], 5)
    expected = expected_odds(closes["^RUT"], closes["^GSPC"], 5)
    assert result.basis == "price" and result.years == 5
    check_odds(result, expected)
    assert result.windows == 7836
    assert result.worst.end_date == date(1999, 4, 8)  # the late-1990s large-cap boom


def test_ten_year_odds_for_iwm_and_spy_use_total_return(frames, closes):
    result = rolling_odds("IWM", frames["IWM"], "SPY", frames["SPY"], 10)
    assert result.basis == "total"
    assert result.first_date == date(2000, 5, 26)
    check_odds(result, expected_odds(closes["IWM"], closes["SPY"], 10))


def test_one_year_odds_for_vtwo_and_spy_end_at_the_last_common_close(frames, closes):
    result = rolling_odds("VTWO", frames["VTWO"], "SPY", frames["SPY"], 1)
    assert result.last_date == date(2025, 10, 31)
    check_odds(result, expected_odds(closes["VTWO"], closes["SPY"], 1))


def test_odds_over_more_years_than_the_history_holds_are_refused(frames):
    error = refused("years_too_long", rolling_odds, "VTWO", frames["VTWO"], "SPY",
                    frames["SPY"], 5)
    assert error.details["years"] == 5
    assert error.details["available_years"] == pytest.approx(
        (date(2025, 10, 31) - date(2022, 12, 1)).days / 365.25, abs=0.05)
    refused("years_too_long", rolling_odds, "^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], 31)
    refused("years_too_long", rolling_odds, "^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], 37)
    refused("bad_years", rolling_odds, "^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], 0)


# -- /mix --------------------------------------------------------------------------------------


def expected_mix(small: dict, large: dict, start_target: date, end_target: date | None,
                 pct: float) -> dict:
    every = common(small, large)
    end = len(every) - 1 if end_target is None else last_index_on_or_before(every, end_target)
    start = max(last_index_on_or_before(every, start_target), 0)
    days = every[start:end + 1]
    in_small, in_large = 100 * pct / 100, 100 * (1 - pct / 100)
    mix, solo = [100.0], [100.0]
    year_ends = []  # positions in `days` of each year's last common close
    for i in range(1, len(days)):
        in_small *= small[days[i]] / small[days[i - 1]]
        in_large *= large[days[i]] / large[days[i - 1]]
        mix.append(in_small + in_large)
        solo.append(100 * large[days[i]] / large[days[0]])
        position = start + i
        if position + 1 < len(every) and every[position + 1].year != days[i].year:
            year_ends.append(i)
            if i < len(days) - 1:  # rebalance to the targets
                total = in_small + in_large
                in_small, in_large = total * pct / 100, total * (1 - pct / 100)
    if start + 1 < len(every) and every[start + 1].year != days[0].year:
        year_ends.insert(0, 0)

    def stats(curve: list[float]) -> dict:
        returns = [curve[i] / curve[i - 1] - 1 for i in range(1, len(curve))]
        peak, deepest = curve[0], 0.0
        for value in curve:
            peak = max(peak, value)
            deepest = min(deepest, (value / peak - 1) * 100)
        edges = sorted({0, *year_ends, len(days) - 1})
        yearly = [(days[b].year, (curve[b] / curve[a] - 1) * 100, a in year_ends and b in year_ends)
                  for a, b in zip(edges, edges[1:], strict=False)]
        # The worst year is a whole calendar year, unless the window holds none.
        worst = min([y for y in yearly if y[2]] or yearly, key=lambda y: y[1])
        calendar_days = (days[-1] - days[0]).days
        return {
            "final": curve[-1],
            "return": curve[-1] - 100,
            "cagr": (((curve[-1] / 100) ** (365.25 / calendar_days) - 1) * 100
                     if calendar_days >= 365 else None),
            "vol": sample_std(returns) * math.sqrt(252) * 100,
            "drawdown": deepest, "worst": worst, "yearly": yearly,
        }

    small_returns = [small[days[i]] / small[days[i - 1]] - 1 for i in range(1, len(days))]
    large_returns = [large[days[i]] / large[days[i - 1]] - 1 for i in range(1, len(days))]
    return {
        "days": days, "mix": stats(mix), "large": stats(solo), "mix_curve": mix,
        "rebalances": [days[i] for i in year_ends if 0 < i < len(days) - 1],
        "correlation": pearson(small_returns, large_returns),
    }


def check_stats(stats, expected: dict) -> None:
    assert stats.final_value == pytest.approx(expected["final"])
    assert stats.return_pct == pytest.approx(expected["return"])
    assert stats.cagr_pct == (None if expected["cagr"] is None else pytest.approx(expected["cagr"]))
    assert stats.volatility_pct == pytest.approx(expected["vol"])
    assert stats.max_drawdown_pct == pytest.approx(expected["drawdown"])
    assert (stats.worst_year, stats.worst_year_pct) == (
        expected["worst"][0], pytest.approx(expected["worst"][1]))


def check_mix(result, expected: dict) -> None:
    days = expected["days"]
    assert (result.start_date, result.end_date) == (days[0], days[-1])
    assert result.trading_days == len(days) - 1
    assert list(result.rebalance_dates) == expected["rebalances"]
    check_stats(result.mix, expected["mix"])
    check_stats(result.large_only, expected["large"])
    check_correlation(result.correlation, expected["correlation"], len(days) - 1)
    assert list(result.mix_curve) == pytest.approx(expected["mix_curve"])
    assert [(y.year, y.mix_pct) for y in result.years] == [
        (year, pytest.approx(value)) for year, value, _ in expected["mix"]["yearly"]]
    assert [y.large_pct for y in result.years] == pytest.approx(
        [value for _, value, _ in expected["large"]["yearly"]])


def test_a_twenty_percent_iwm_mix_over_ten_years_matches_a_daily_loop(frames, closes):
    result = mix_portfolio("IWM", frames["IWM"], "SPY", frames["SPY"], Window("10y"), 20)
    assert result.basis == "total" and result.small_pct == 20
    assert result.mix.label == "20% IWM + 80% SPY"
    expected = expected_mix(closes["IWM"], closes["SPY"], date(2016, 7, 13), None, 20)
    check_mix(result, expected)
    assert result.years[0].partial and not result.years[1].partial
    assert result.mix.worst_year == 2022


def test_a_half_and_half_index_mix_over_all_history_matches_a_daily_loop(frames, closes):
    result = mix_portfolio("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], Window("max"), 50)
    assert result.basis == "price"
    check_mix(result, expected_mix(closes["^RUT"], closes["^GSPC"], date(1990, 1, 1), None, 50))
    assert len(result.years) == 37  # 1990 through 2026


def test_a_vtwo_mix_between_dates_matches_a_daily_loop(frames, closes):
    window = Window(start=date(2023, 1, 1), end=date(2025, 6, 30))
    result = mix_portfolio("VTWO", frames["VTWO"], "SPY", frames["SPY"], window, 35)
    expected = expected_mix(closes["VTWO"], closes["SPY"], date(2023, 1, 1), date(2025, 6, 30),
                            35)
    check_mix(result, expected)
    assert result.rebalance_dates == (date(2023, 12, 29), date(2024, 12, 31))


def test_a_mix_at_zero_or_one_hundred_percent_is_one_side_alone(frames, closes):
    none = mix_portfolio("VTWO", frames["VTWO"], "SPY", frames["SPY"], Window("ytd"), 0)
    assert none.start_date == date(2024, 12, 31)
    assert list(none.mix_curve) == pytest.approx(list(none.large_curve))
    every = mix_portfolio("VTWO", frames["VTWO"], "SPY", frames["SPY"], Window("ytd"), 100)
    vtwo = closes["VTWO"]
    assert every.mix.final_value == pytest.approx(
        100 * vtwo[date(2025, 10, 31)] / vtwo[date(2024, 12, 31)])


@pytest.mark.parametrize("pct", [-5, 150, float("nan")])
def test_a_mix_share_outside_zero_to_one_hundred_is_refused(frames, pct):
    refused("bad_pct", mix_portfolio, "VTWO", frames["VTWO"], "SPY", frames["SPY"],
            Window("1y"), pct)


def test_windows_start_at_the_last_common_close_on_or_before_the_target(frames, closes):
    # 2023-01-01 was a Sunday after a holiday: every question starts from 2022-12-30.
    window = Window(start=date(2023, 1, 1), end=date(2023, 12, 31))
    start = last_on_or_before(closes["VTWO"], date(2023, 1, 1))
    assert start == date(2022, 12, 30)
    for result in (
        drawdowns("VTWO", frames["VTWO"], "SPY", frames["SPY"], window),
        mix_portfolio("VTWO", frames["VTWO"], "SPY", frames["SPY"], window),
        rates_sensitivity("VTWO", frames["VTWO"], "SPY", frames["SPY"], frames["^TNX"], window),
    ):
        assert (result.start_date, result.end_date) == (start, date(2023, 12, 29))
        assert result.requested_start == date(2023, 1, 1) and not result.truncated


def test_a_window_starting_before_the_data_is_marked_truncated(frames):
    result = drawdowns("VTWO", frames["VTWO"], "SPY", frames["SPY"], Window("5y"))
    assert result.start_date == date(2022, 12, 1) and result.truncated
    assert result.end_date - result.start_date < timedelta(days=5 * 366)
