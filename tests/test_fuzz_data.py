"""Literature data, nuclides and uncertainty propagation with hostile inputs.

The contract every call keeps is stated in :mod:`tests.fuzz_harness`.
"""


import math
import numbers
from decimal import Decimal
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from atommix import literature, nuclides, uncertainty

from .fuzz_harness import (
    LIGHTEST,
    NO,
    Param,
    _canonical_or_no,
    as_exact,
    assert_clear,
    assert_finite,
    close,
    run,
)
from .strategies import (
    hostile_choices,
    hostile_counts,
    hostile_reals,
    magnitudes,
)

# --------------------------------------------------------------------------------------------------
# nuclides, uncertainty, literature
# --------------------------------------------------------------------------------------------------

KEYS = nuclides.candidate_keys()


def _single_number(value: Any, p: Param) -> Any:
    """The float a value stands for where a single number is documented (arrays stand for none), or NO."""
    v = _canonical_or_no(value, p)
    return v if v is NO or np.ndim(v) == 0 else NO


def _count(value: Any, least: int) -> Any:
    """The integer a sample count stands for, or NO."""
    ok = isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)) and value >= least
    return int(value) if ok else NO


@given(key=st.one_of(st.sampled_from(KEYS), hostile_choices(tuple(KEYS[:2]))),
       mbb=st.one_of(st.none(), st.sampled_from(["0.1", "0", "1e-3", Fraction(1, 20), 0.25, Decimal("0.05")]), hostile_reals()))
@example(key=["Gd152"], mbb=None)  # unhashable keys
@example(key={"Gd152": 1}, mbb=None)
@example(key="Gd152", mbb=-0.1)  # would be a negative |M21|
@example(key="Gd152", mbb=True)
@example(key="Gd152", mbb=math.nan)
@example(key="Gd152", mbb=math.inf)
@example(key="Gd152", mbb="abc")
@example(key="Sm152", mbb=-1)  # checked for every key, not only where a scaling of |M21| is known
def test_nuclide_parameters(key, mbb):
    plain_key = key if isinstance(key, str) and key in KEYS else NO
    plain_mbb = None if mbb is None else as_exact(mbb, "nonneg", "eV")
    call = f"nuclide_parameters({key!r}, mbb={mbb!r})"
    p, exc = run(nuclides.nuclide_parameters, key, mbb=mbb)
    if plain_key is NO or plain_mbb is NO:
        assert exc is not None, f"{call} gave {p!r}"
    if exc is not None:
        assert_clear(exc, ["nuclide", "key"] if plain_key is NO else ["mbb"], call)
        return
    for name in ("delta", "gamma", "m21", "delta_unc"):
        v = getattr(p, name)
        assert v is None or isinstance(v, Fraction), f"{call}: {name} = {v!r}"
    assert p.gamma is None or p.gamma >= 0
    if plain_key == "Gd152" and plain_mbb is not None:
        # the paper's scaling (Sec. 4, ERRATA): |M21| = 1e-24 eV x (m_bb / 0.1 eV)
        assert p.m21 == Fraction(1, 10**24) * plain_mbb / Fraction(1, 10), f"{call}: |M21| = {p.m21}"
    else:
        assert p.m21 is None, f"{call}: |M21| = {p.m21} without m_bb or a known scaling"


CENTRAL = dict(delta=910.0, gamma=23.0, m21=1e-24, phase=0.0, n_atoms=6.02214076e23, t=3.15e7)
PROP_KINDS = dict(delta="real", gamma="nonneg", m21="nonneg", phase="real", n_atoms="nonneg", t="nonneg")
#: Powers of Gamma, N (with 1/hbar) and t that multiply |alpha|^2 in each propagated quantity.
POWERS = dict(mixing=(0, 0, 0), gamma_L=(1, 0, 0), spontaneous_rate=(1, 1, 0), daughter_atoms=(1, 1, 1))


def _leading_order(name: str, point: dict[str, float], sigma: dict[str, float]) -> tuple[float | None, float | None]:
    """The linear estimate by hand, at 50 digits: |alpha|^2 = |M21|^2 / (Delta^2 + Gamma^2/4) (Eq. 2.3) times
    Gamma (Gamma_L), N/hbar (the rate) and t (the daughter atoms), and its partial derivatives written out;
    hbar = h / (2 pi e) from the SI defining constants.  None where the value is not a finite float64."""
    a, b, c = POWERS[name]
    with mpmath.workdps(50):
        d, g, m, n, t = (mpmath.mpf(point[k]) for k in ("delta", "gamma", "m21", "n_atoms", "t"))
        den = d * d + g * g / 4
        if den == 0:
            return None, None  # diverges at Delta = Gamma = 0
        hbar = mpmath.mpf("6.62607015e-34") / (2 * mpmath.pi * mpmath.mpf("1.602176634e-19"))
        rest = g**a * (n / hbar) ** b * t**c
        value = m * m * rest / den
        derivative = {
            "delta": -2 * d * value / den,
            "m21": 2 * m * rest / den,
            "gamma": m * m * (n / hbar) ** b * t**c * (a / den - g**a * (g / 2) / den**2),
            "n_atoms": b * m * m * g * t**c / (hbar * den),
            "t": c * m * m * g * n / (hbar * den),
            "phase": 0,
        }
        spread = mpmath.sqrt(sum((derivative[k] * sigma[k]) ** 2 for k in sigma))
        as_float = [float(x) for x in (value, spread)]
    if not math.isfinite(as_float[0]):
        return None, None
    return as_float[0], (as_float[1] if math.isfinite(as_float[1]) else None)


@given(data=st.data())
@settings(deadline=None)
def test_propagate(data):
    name = data.draw(st.sampled_from(uncertainty.QUANTITIES), label="name")
    central, sigma, n = dict(CENTRAL), {"delta": 180.0}, 100
    where = data.draw(st.sampled_from(["central", "sigma", "n", "name"]), label="where")
    key = data.draw(st.sampled_from(list(CENTRAL)), label="key")
    if where == "n":
        n = value = data.draw(hostile_counts(150), label="n")
        plain = _count(value, 100)
    elif where == "name":
        name = value = data.draw(hostile_choices(uncertainty.QUANTITIES), label="name")
        plain = value if isinstance(value, str) and value in uncertainty.QUANTITIES else NO
    else:
        value = data.draw(st.one_of(hostile_reals(), magnitudes(signed=True)), label="value")
        if where == "central":
            central[key] = value
            plain = _single_number(value, Param(key, PROP_KINDS[key]))
        else:
            sigma[key] = value
            plain = _single_number(value, Param(key, "nonneg"))
    call = f"propagate({name!r}, {central!r}, {sigma!r}, n={n!r})"
    out, exc = run(uncertainty.propagate, name, central, sigma, n=n)
    if plain is NO:
        assert exc is not None, f"{call} gave {out!r}"
    if exc is not None:
        assert_clear(exc, [key if where in ("central", "sigma") else where, f"sigma[{key!r}]"], call)
        return
    assert_finite(out, call, allow_none=(".linear_value", ".linear_sigma"))
    assert out.lo <= out.median <= out.hi and out.samples == n
    point = {k: float(plain if (where, k) == ("central", key) else v) for k, v in central.items()}
    widths = {k: float(plain if (where, k) == ("sigma", key) else v) for k, v in sigma.items()}
    value, spread = _leading_order(name, point, widths)
    for label, got, expected in (("linear_value", out.linear_value, value), ("linear_sigma", out.linear_sigma, spread)):
        assert (got is None) == (expected is None), f"{call}: {label} = {got!r}, by hand {expected!r}"
        assert got is None or close(got, expected, rtol=5e-16, atol=1e-323), f"{call}: {label} = {got!r}, by hand {expected!r}"


@given(data=st.data())
def test_propagate_mbb_band(data):
    kwargs = dict(lightest=0.01, ordering="NO", n=100)
    which = data.draw(st.sampled_from(list(kwargs)), label="parameter")
    kwargs[which] = data.draw({
        "lightest": st.one_of(magnitudes(1e-300, 1e100), st.just(0.0), hostile_reals(), magnitudes(1e150, 1e307)),
        "ordering": hostile_choices(("NO", "IO")),
        "n": st.one_of(st.integers(1, 150), hostile_counts(150)),
    }[which], label=which)
    lightest, ordering, n = kwargs.values()
    plain = _single_number(lightest, LIGHTEST)
    plain_ordering = ordering if isinstance(ordering, str) and ordering in ("NO", "IO") else NO
    plain_n = _count(n, 1)
    call = f"propagate_mbb_band({lightest!r}, {ordering!r}, n={n!r})"
    out, exc = run(uncertainty.propagate_mbb_band, lightest, ordering, n=n)
    if plain is NO or plain_ordering is NO or plain_n is NO:
        assert exc is not None, f"{call} gave {out!r}"
    if exc is not None:
        assert_clear(exc, [which], call)
        return
    assert_finite(out, call)
    assert all(a <= b for q in (out.min_quantiles, out.max_quantiles) for a, b in zip(q, q[1:]))
    # the largest m_bb is a weighted mean of the masses (weights |U_ei|^2, summing to 1), each >= lightest
    assert out.max_quantiles[0] >= float(plain) * (1 - 1e-12)
    if type(lightest) is not float or type(n) is not int:  # what a hostile value stands for gives the same
        assert out == uncertainty.propagate_mbb_band(float(plain), str(ordering), n=plain_n), call


#: The SI defining constants (2019) and the Julian year, as the SI brochure states them.
SI = dict(h="6.62607015e-34", e="1.602176634e-19", c="299792458", N_A="6.02214076e23", year="31557600")


@given(name=st.one_of(st.sampled_from(["h", "e", "c", "N_A", "year", "G_F", "g_A"]), hostile_choices(("h", "e"))))
@example(name="nope")
@example(name=["h"])
@example(name=None)
def test_si_exact(name):
    out, exc = run(literature.si_exact, name)
    call = f"si_exact({name!r})"
    if isinstance(name, str) and name in SI:
        assert exc is None and out == Fraction(SI[name]), f"{call} gave {out!r} / {exc!r}"
    elif isinstance(name, str) and name in literature.constants():  # measured, with an uncertainty
        assert isinstance(exc, ValueError) and "not exact" in str(exc) and name in str(exc), f"{call} gave {out!r} / {exc!r}"
    else:
        assert exc is not None, f"{call} gave {out!r}"
        assert_clear(exc, ["name"], call)


@pytest.mark.parametrize("name", ["constants.toml", "oscillation.toml", "candidates.csv", "atomic_levels.csv", "beams.toml"])
def test_data_text(name):
    assert literature.data_text(name).strip()


@pytest.mark.parametrize("name", ["../literature.py", "/etc/hostname", "../../pyproject.toml", "./constants.toml",
                                  "data/constants.toml", "nope", "", ".", None, b"constants.toml", ["constants.toml"]])
def test_data_text_reads_only_the_shipped_files(name):
    out, exc = run(literature.data_text, name)
    assert exc is not None, f"data_text({name!r}) read {out[:60]!r}"
    assert_clear(exc, ["name"], f"data_text({name!r})")
