"""The reference's second engine: a contradiction is reported, a lack of digits is not one.

mpmath's eigensolver recomputes every value the certified balls prove.  These tests break that
engine on purpose (a relative 1e-12 on Gamma_L) to see the reference refuse to give a value, and the
command line exit with status 1 and both values; and they show the point where the engine's first
precision (a guess from the scale gap) is too short for alpha - beta, which a second run above the
certificate's working precision settles.
"""

from __future__ import annotations

import pytest

import atommix.validation.eigensystem as es
from atommix.cli import main
from atommix.errors import EngineDisagreement
from atommix.validation import EigenInputs, reference_eigensystem


@pytest.fixture
def lying_engine(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """mpmath's eigensolver with Gamma_L moved by 1e-12 relative, at every precision; records the precisions."""
    honest = es.eigen_quantities
    calls: list[int] = []

    def lying(ctx, inputs, *, left=True):  # type: ignore[no-untyped-def]
        calls.append(ctx.dps)
        values = honest(ctx, inputs, left=left)
        values["gamma_L"] = values["gamma_L"] * (1 + ctx.mpf("1e-12"))
        return values

    monkeypatch.setattr(es, "eigen_quantities", lying)
    return calls


def test_a_contradicting_engine_stops_the_reference(lying_engine: list[int]) -> None:
    with pytest.raises(EngineDisagreement, match=r"gamma_L: the certified ball 2\.776998843.* mpmath's eigensolver"):
        reference_eigensystem("910", "23", "1e-24", dps=20)
    assert len(lying_engine) == 2 and lying_engine[1] > lying_engine[0]  # the second, longer run contradicts too
    # the same engine at 11 digits claimed agrees: 1e-12 is beyond them
    assert reference_eigensystem("910", "23", "1e-24", dps=11).digits["gamma_L"] == 11


def test_the_command_line_exits_1_with_both_values(lying_engine: list[int], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["reference", "--delta", "910eV", "--gamma", "23eV", "--m21", "1e-24eV", "--dps", "20"])
    assert stop.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("atommix reference: error: the reference's engines disagree")
    assert "2.776998843017764642" in err[0] and "2.77699884302054" in err[0]  # the ball and the moved value


def test_an_engine_short_of_digits_runs_again_above_the_certificate() -> None:
    """At the float64 inputs Delta = -10 eV, Gamma = 1e-220 eV, |M21| = 1e-91 eV, the overlap alpha - beta (1e-313) cancels 221
    digits of alpha; the first precision guessed from the scale gap leaves it 1.15e-20 off, past the 20
    digits claimed.  Found by the randomized extreme-magnitude sweep."""
    point = (-10.0, 1e-220, 1e-91, 0.0)  # the float64 inputs (their binary values), as found
    ref = reference_eigensystem(*point, dps=20, cross_check=False)
    inputs = EigenInputs.from_values(*point)
    first = max(es.initial_working_dps(inputs, 20), ref.working_dps - 2 * inputs.scale_digits() // 3)
    ctx = ref.context
    with ctx.workdps(first):
        short = es.eigen_quantities(ctx, inputs, left=False)
    with pytest.raises(EngineDisagreement, match="overlap"):
        es.check_agreement("overlap", short["overlap"], ref["overlap"], ctx.mpf(0), ref.digits["overlap"], "short")
    checked = reference_eigensystem(*point, dps=20)
    assert checked.cross_check_dps > first and checked.as_strings() == ref.as_strings()


def test_a_width_five_thousand_decades_below_the_coupling() -> None:
    """|M21| = 1e5000 eV beside Delta = 1 eV, Gamma = 0.5 eV: maximal mixing, so Gamma_L = Gamma_S = Gamma/2
    up to O(Delta/|M21|) = 1e-5000, and E_L = |M21| - Delta/2 + O(1e-5000).  The certificate needs
    ~5000 digits to see Gamma below ||H||; its ceiling covers the inputs' span (it stopped at 4124
    digits and blamed the exceptional point)."""
    ref = reference_eigensystem("1", "0.5", "1e5000", dps=6)
    assert ref.as_strings()["gamma_L"] == "2.50000e-1" and ref.digits["gamma_L"] == 6
    assert ref.as_strings()["E_L"] == "1.00000e+5000"
