"""Hypothesis strategies for physical parameter points at the scales of real atoms."""

from __future__ import annotations

import math

from hypothesis import strategies as st


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(math.log10(lo), math.log10(hi)).map(lambda e: 10.0**e)


@st.composite
def eigen_points(draw, ratio=(1e-30, 1e-1), width=(1e-6, 1e6), delta_abs=(1e-3, 1e6)):
    """(delta, gamma, m21, phase) in eV: |M21|/|Delta + i Gamma/2| and Gamma/|Delta| log-uniform."""
    delta = draw(log_uniform(*delta_abs)) * draw(st.sampled_from([-1.0, 1.0]))
    gamma = abs(delta) * draw(log_uniform(*width))
    m21 = math.hypot(delta, gamma / 2) * draw(log_uniform(*ratio))
    phase = draw(st.floats(0.0, 2 * math.pi))
    return delta, gamma, m21, phase


@st.composite
def near_exceptional_points(draw):
    """(delta, gamma, m21, phase) next to Delta = 0, Gamma = 4|M21|, excluding the point itself."""
    gamma = draw(log_uniform(1e-3, 1e6))
    m21 = gamma / 4 * (1 + draw(st.sampled_from([-1.0, 1.0])) * draw(log_uniform(1e-15, 1e-1)))
    delta = draw(st.one_of(st.just(0.0), log_uniform(1e-16, 1e-1).map(lambda r: r * gamma)))
    delta *= draw(st.sampled_from([-1.0, 1.0]))
    phase = draw(st.floats(0.0, 2 * math.pi))
    return delta + 0.0, gamma, m21, phase


#: The 152Gd point of the paper (Sec. 4): Delta = 0.91 keV, Gamma = 23 eV, |M21| = 1e-24 eV.
GD152 = (910.0, 23.0, 1e-24, 0.0)
