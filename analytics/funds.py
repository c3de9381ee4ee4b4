"""Fund composition: sector weights side by side, top holdings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SectorRow:
    sector: str
    small_weight: float  # fractions 0..1
    large_weight: float

    @property
    def over_under(self) -> float:
        """Small minus large weight, in fractions: positive = small caps overweight."""
        return self.small_weight - self.large_weight


def sector_comparison(
    small_weights: Mapping[str, float], large_weights: Mapping[str, float]
) -> list[SectorRow]:
    """Every sector either fund holds, largest small-cap overweight first."""
    sectors = set(small_weights) | set(large_weights)
    rows = [
        SectorRow(s, float(small_weights.get(s, 0.0)), float(large_weights.get(s, 0.0)))
        for s in sectors
    ]
    return sorted(rows, key=lambda r: (-r.over_under, r.sector))
