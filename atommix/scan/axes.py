"""Scan axes: fixed values, grids (:class:`Grid`) and random samples (:class:`Sample`), and the plan of a scan.

A grid scan takes the outer product of its grid axes; a random scan draws point i of
axis k as the i-th number of a counter-based stream (Philox) keyed by (seed, k), so the
same seed gives the same points whatever the chunking.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
from numpy.typing import NDArray

from ..quantities import PARAMETERS

__all__ = ["AXES", "Grid", "Sample", "Plan", "make_plan", "physical"]

#: Scan axes in their storage order, with unit and meaning.
AXES = {
    **{name: (PARAMETERS[name].unit, PARAMETERS[name].description) for name in ("delta", "gamma", "m21")},
    "mbb": ("eV", "m_bb, mapped to |M21| by the nuclide's scaling"),
    **{name: (PARAMETERS[name].unit, PARAMETERS[name].description) for name in ("phase", "t")},
}


@dataclass(frozen=True)
class Grid:
    """Explicit values of one axis (a grid scan takes the outer product of all grid axes)."""

    values: NDArray[np.float64]

    @classmethod
    def linspace(cls, start: float, stop: float, num: int) -> "Grid":
        return cls(np.linspace(start, stop, num))

    @classmethod
    def logspace(cls, start: float, stop: float, num: int) -> "Grid":
        """``num`` values log-uniform from ``start`` to ``stop`` (same sign, nonzero)."""
        if start == 0 or stop == 0 or (start < 0) != (stop < 0):
            raise ValueError(f"a log grid needs start and stop of one sign, nonzero; got {start}, {stop}")
        sign = -1.0 if start < 0 else 1.0
        return cls(sign * np.geomspace(abs(start), abs(stop), num))


@dataclass(frozen=True)
class Sample:
    """Uniform (or log-uniform) random values of one axis in [low, high] for a random scan."""

    low: float
    high: float
    log: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high)) or self.low > self.high:
            raise ValueError(f"a sample range needs finite low <= high; got [{self.low}, {self.high}]")
        if self.log and (self.low == 0 or self.high == 0 or (self.low < 0) != (self.high < 0)):
            raise ValueError(f"a log-uniform range needs low and high of one sign, nonzero; got [{self.low}, {self.high}]")

    def values(self, seed: int, axis: int, start: int, count: int) -> NDArray[np.float64]:
        """Points ``start .. start+count`` of this axis' stream (independent of how the scan is chunked)."""
        bits = np.random.Philox(key=np.array([seed, axis], dtype=np.uint64))
        bits.advance(start // 4)  # Philox yields 4 doubles' worth of bits per counter step
        rng = np.random.Generator(bits)
        rng.random(start % 4)
        u = rng.random(count)
        if not self.log:
            return self.low + (self.high - self.low) * u
        sign = -1.0 if self.low < 0 else 1.0
        lo, hi = sorted((math.log(abs(self.low)), math.log(abs(self.high))))
        return sign * np.exp(lo + (hi - lo) * u)


@dataclass(frozen=True)
class Plan:
    fixed: dict[str, float]
    varying: dict[str, Grid | Sample]
    mode: str  # "grid" or "random"
    points: int
    shape: tuple[int, ...]
    seed: int
    m21_per_mbb: float | None

    def parameters(self, start: int, stop: int) -> dict[str, NDArray[np.float64]]:
        """Axis values (not yet mapped mbb -> m21) of the points start..stop-1, flat."""
        n = stop - start
        out: dict[str, NDArray[np.float64]] = {}
        if self.mode == "grid" and self.varying:
            index = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)
            for (name, axis), ix in zip(self.varying.items(), index):
                assert isinstance(axis, Grid)
                out[name] = axis.values[ix]
        else:
            for k, name in enumerate(AXES):
                axis = self.varying.get(name)
                if axis is not None:
                    assert isinstance(axis, Sample)
                    out[name] = axis.values(self.seed, k, start, n)
        for name, value in self.fixed.items():
            out[name] = np.full(n, value)
        return out


def make_plan(axes: Mapping[str, Any], random: int | None, seed: int, m21_per_mbb: float | None) -> Plan:
    unknown = set(axes) - set(AXES)
    if unknown:
        raise ValueError(f"unknown scan axes {sorted(unknown)}; the axes are {list(AXES)}")
    if "m21" in axes and "mbb" in axes:
        raise ValueError("give |M21| either as m21 or as mbb (with a nuclide's scaling), not both")
    if "mbb" in axes and m21_per_mbb is None:
        raise ValueError("an mbb axis needs a nuclide with a known |M21| scaling (m21_per_mbb); or scan m21")
    for name in ("delta", "gamma"):
        if name not in axes:
            raise ValueError(f"{name} is required (a value, a Grid or a Sample)")
    if "m21" not in axes and "mbb" not in axes:
        raise ValueError("m21 (or mbb) is required (a value, a Grid or a Sample)")
    fixed: dict[str, float] = {}
    varying: dict[str, Grid | Sample] = {}
    for name in AXES:  # storage order
        if name not in axes:
            continue
        value = axes[name]
        if isinstance(value, (Grid, Sample)):
            varying[name] = value
        else:
            fixed[name] = _finite_float(name, value)
    fixed.setdefault("phase", 0.0)
    kinds = {type(v) for v in varying.values()}
    if len(kinds) > 1:
        raise ValueError("a scan is either a grid (all varying axes Grid) or a random sample (all Sample), not both")
    if Sample in kinds or random is not None:
        if Grid in kinds:
            raise ValueError("random scans take Sample ranges, not Grid values")
        if random is None or isinstance(random, bool) or int(random) != random or random < 1:
            raise ValueError(f"random (number of sample points) must be an integer >= 1; got {random!r}")
        return Plan(fixed, varying, "random", int(random), (int(random),), seed, m21_per_mbb)
    shape = []
    for name, axis in varying.items():
        assert isinstance(axis, Grid)
        values = np.asarray(axis.values, dtype=np.float64)
        if values.ndim != 1 or values.size == 0:
            raise ValueError(f"the {name} grid must be a non-empty 1-D array; got shape {values.shape}")
        if not np.isfinite(values).all():
            raise ValueError(f"the {name} grid holds non-finite values")
        varying[name] = Grid(values)
        shape.append(values.size)
    points = int(np.prod(shape, dtype=np.int64)) if shape else 1
    return Plan(fixed, varying, "grid", points, tuple(shape), seed, m21_per_mbb)


def _finite_float(name: str, value: Any) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a number, a Grid or a Sample; got {value!r}") from exc
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite; got {value!r}")
    return x


def physical(params: Mapping[str, NDArray[np.float64]], m21_per_mbb: float | None) -> dict[str, NDArray[np.float64]]:
    """Kernel arguments: m21 from mbb where the scan is over m_bb."""
    out = dict(params)
    if "mbb" in out:
        mbb = out.pop("mbb")
        if (mbb < 0).any():
            raise ValueError("mbb (|m_bb| in eV) must be >= 0")
        assert m21_per_mbb is not None
        out["m21"] = mbb * m21_per_mbb
    return out
