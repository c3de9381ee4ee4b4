"""Expectations computed independently of the code under test: closes read with the csv
module, and the debate figures worked out with plain loops over lists."""

from __future__ import annotations

import bisect
import calendar
import csv
import math
from datetime import date
from pathlib import Path


def csv_column(path: Path, column: str) -> dict[date, float]:
    """Independent reader for expectations: the csv module, nothing of ours."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        key_of = {name.lower(): name for name in reader.fieldnames or []}
        out = {}
        for row in reader:
            out[date.fromisoformat(row[key_of["date"]][:10])] = float(row[key_of[column]])
        return out


def last_on_or_before(series: dict[date, float], day: date) -> date:
    return max(d for d in series if d <= day)


def common(*series: dict[date, float]) -> list[date]:
    days = set(series[0])
    for other in series[1:]:
        days &= set(other)
    return sorted(days)


def months_earlier(day: date, months: int) -> date:
    """The same calendar date `months` earlier, clamped to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_index_on_or_before(days: list[date], day: date) -> int:
    return bisect.bisect_right(days, day) - 1


def pearson(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default method)."""
    ordered = sorted(values)
    rank = p / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def fisher_interval(r: float, n: int) -> tuple[float, float]:
    """95% interval of a correlation from n independent pairs (Fisher z, 1.96)."""
    z, se = 0.5 * math.log((1 + r) / (1 - r)), 1 / math.sqrt(n - 3)
    return math.tanh(z - 1.959964 * se), math.tanh(z + 1.959964 * se)


def expected_odds(small: dict, large: dict, years: int) -> dict:
    days = common(small, large)
    windows = []
    for end in days:
        target = months_earlier(end, 12 * years)
        if target < days[0]:
            continue
        start = days[last_index_on_or_before(days, target)]
        gap = (small[end] / small[start] - large[end] / large[start]) * 100
        windows.append((start, end, gap))
    gaps = [w[2] for w in windows]
    latest = gaps[-1]
    return {
        "windows": windows,
        "beat": sum(1 for g in gaps if g > 0) / len(gaps) * 100,
        "median": percentile(gaps, 50), "p10": percentile(gaps, 10), "p90": percentile(gaps, 90),
        "best": max(windows, key=lambda w: w[2]), "worst": min(windows, key=lambda w: w[2]),
        "rank": 1 + sum(1 for g in gaps if g > latest),
        # Ranked against the other windows only: the latest does not beat itself.
        "better_than": sum(1 for g in gaps[:-1] if g < latest) / (len(gaps) - 1) * 100,
        "top": sum(1 for g in gaps[:-1] if g >= latest) / (len(gaps) - 1) * 100,
        "bottom": sum(1 for g in gaps[:-1] if g <= latest) / (len(gaps) - 1) * 100,
    }
