"""Exhaustive accuracy sweep (slow: run with the benchmarks, deselected in CI by -m 'not slow')."""

import pytest
from atommix.validation.accuracy import eigen_errors, sample_eigen_parameters


@pytest.mark.slow
def test_weak_mixing_sweep_within_8_ulp():
    points = [p for p in sample_eigen_parameters(4000, seed=11) if p.strength < 0.25]
    worst = {}
    for p in points:
        for name, err in eigen_errors(p).items():
            worst[name] = max(worst.get(name, 0.0), err)
    assert max(worst.values()) <= 8, worst
