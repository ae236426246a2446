"""Literature data, nuclides and uncertainty propagation with hostile inputs.

The contract every call keeps is stated in :mod:`tests.fuzz_harness`.
"""


import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from atommix import literature, nuclides, uncertainty

from .fuzz_harness import (
    HBAR,
    LIGHTEST,
    NO,
    Param,
    _canonical_or_no,
    as_exact,
    assert_clear,
    assert_finite,
    known_bug,
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


def _plain_number(value: Any) -> bool:
    """A real number of a scalar type NumPy digests (all that the unchecked functions below can handle)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, Fraction, Decimal, np.integer, np.floating)):
        return False
    return not isinstance(value, (int, Fraction)) or abs(value) < 2**63


def _numpy_number(value: Any) -> bool:
    """A real number np.isfinite accepts (Fractions and Decimals are object dtype to NumPy)."""
    return _plain_number(value) and not isinstance(value, (Fraction, Decimal))


@given(key=st.one_of(st.sampled_from(KEYS), hostile_choices(tuple(KEYS[:2]))),
       mbb=st.one_of(st.none(), st.sampled_from(["0.1", "0", "1e-3", Fraction(1, 20), 0.25, Decimal("0.05")]), hostile_reals()))
def test_nuclide_parameters(key, mbb):
    plain_key = key if isinstance(key, str) and key in KEYS else NO
    plain_mbb = None if mbb is None else as_exact(mbb, "nonneg", "eV")
    assume(isinstance(key, (str, type(None), int, float, bytes)))  # BUG: nuclide-key -- unhashable key: TypeError
    if plain_key == "Gd152" and mbb is not None:
        # BUG: nuclide-mbb -- mbb is not checked: negative -> negative |M21|, True accepted, NaN/inf/'abc'/Quantity
        #      raise Fraction's messages naming no parameter
        assume(plain_mbb is not NO and isinstance(mbb, (str, int, float, Fraction, Decimal)) and not isinstance(mbb, bool))
    else:
        plain_mbb = None  # documented: mbb only matters where a scaling of |M21| is known
    call = f"nuclide_parameters({key!r}, mbb={mbb!r})"
    p, exc = run(nuclides.nuclide_parameters, key, mbb=mbb)
    if plain_key is NO:
        assert exc is not None, f"{call} gave {p!r}"
    if exc is not None:
        assert_clear(exc, ["nuclide", "key"] if plain_key is NO else ["mbb"], call)
        return
    for name in ("delta", "gamma", "m21", "delta_unc"):
        v = getattr(p, name)
        assert v is None or isinstance(v, Fraction), f"{call}: {name} = {v!r}"
    assert p.gamma is None or p.gamma >= 0
    assert p.m21 is None or p.m21 >= 0, f"{call}: |M21| = {p.m21}"
    if plain_mbb is not None:
        assert p.m21 == Fraction(1, 10**24) * plain_mbb / Fraction(1, 10)


CENTRAL = dict(delta=910.0, gamma=23.0, m21=1e-24, phase=0.0, n_atoms=6.02214076e23, t=3.15e7)
PROP_KINDS = dict(delta="real", gamma="nonneg", m21="nonneg", phase="real", n_atoms="nonneg", t="nonneg")


def _linear_overflows(name: str, central: dict[str, Any]) -> bool:
    """The leading-order value behind Propagation.linear_value (or its square, in the variance) overflows."""
    try:
        d, g, m, n, t = (float(central[k]) for k in ("delta", "gamma", "m21", "n_atoms", "t"))
    except (TypeError, ValueError, OverflowError):
        return False
    with np.errstate(all="ignore"):
        d, g, m = np.float64(d), np.float64(g), np.float64(m)
        mix = 4 * m * m / (d * d + g * g / 4)
        value = {"mixing": mix, "gamma_L": mix * g, "spontaneous_rate": mix * g * n / HBAR,
                 "daughter_atoms": mix * g * n * t / HBAR}[name]
        return not (abs(value) < 1e100 and np.isfinite(mix * g * (1 + n) * (1 + t) / HBAR))


@given(data=st.data())
@settings(deadline=None)
def test_propagate(data):
    name = data.draw(st.sampled_from(uncertainty.QUANTITIES), label="name")
    central, sigma, n = dict(CENTRAL), {"delta": 180.0}, 100
    where = data.draw(st.sampled_from(["central", "sigma", "n", "name"]), label="where")
    key = data.draw(st.sampled_from(list(CENTRAL)), label="key")
    if where == "n":
        n = value = data.draw(hostile_counts(150), label="n")
        plain = value if isinstance(value, int) and not isinstance(value, bool) and value >= 100 else NO
    elif where == "name":
        name = value = data.draw(hostile_choices(uncertainty.QUANTITIES), label="name")
        assume(not isinstance(value, np.ndarray))  # BUG: propagate-name-array -- np.array(["mixing"]): 'unhashable type'
        plain = value if isinstance(value, str) and value in uncertainty.QUANTITIES else NO
    else:
        value = data.draw(st.one_of(hostile_reals(), magnitudes(signed=True)), label="value")
        # BUG: propagate-types -- central and sigma values are not checked: complex values and negative widths
        #      are folded by |x|, None/lists/strings reach NumPy (its messages name no parameter)
        assume(_plain_number(value))
        if where == "central":
            central[key] = value
            plain = _canonical_or_no(value, Param(key, PROP_KINDS[key]))
            assume(not (key in ("gamma", "m21", "n_atoms", "t") and plain is NO and float(value) < 0))  # BUG: propagate-types
        else:
            # BUG: propagate-types -- sigma=Fraction(1, 3): np.isfinite's TypeError; sigma=np.float16(2.0): the
            #      linear variance is summed in float16 (linear_sigma = 0.0 silently, or an overflow RuntimeWarning)
            assume(isinstance(value, (int, float)) and _numpy_number(value))
            sigma[key] = value
            plain = _canonical_or_no(value, Param(key, "nonneg"))
            # BUG: propagate-linear-inf -- the linear variance squares (derivative x sigma) in Python floats: a
            #      large sigma (or t, see _linear_overflows) gives a bare OverflowError (34, 'Numerical result out of range')
            assume(plain is NO or abs(float(plain)) < 1e100)
    assume(not (name in uncertainty.QUANTITIES and _linear_overflows(name, central)))  # BUG: propagate-linear-inf
    assume(known_bug("propagate", central) is None)  # BUG: see known_bug()
    call = f"propagate({name!r}, {central!r}, {sigma!r}, n={n!r})"
    out, exc = run(uncertainty.propagate, name, central, sigma, n=n)
    if plain is NO:
        assert exc is not None, f"{call} gave {out!r}"
    if exc is not None:
        assert_clear(exc, [key if where in ("central", "sigma") else where, f"sigma[{key!r}]"], call)
        return
    assert_finite(out, call)
    assert out.lo <= out.median <= out.hi
    # BUG: propagate-missing-key -- propagate("spontaneous_rate", dict(delta=910.0, gamma=23.0, m21=1e-24), {})
    #      raises KeyError('n_atoms') (likewise 't' for daughter_atoms, 'gamma' for a missing width)
    # BUG: propagate-delta0-gamma0 -- propagate("mixing", dict(delta=0.0, gamma=0.0, m21=1.0), {}) raises
    #      TypeError('Cannot convert complex to float') from SymPy
    # BUG: propagate-linear-inf -- propagate("mixing", dict(delta=910.0, gamma=23.0, m21=1e158), {}) gives
    #      linear_value = inf silently


@given(data=st.data())
def test_propagate_mbb_band(data):
    kwargs = dict(lightest=0.01, ordering="NO", n=100)
    which = data.draw(st.sampled_from(list(kwargs)), label="parameter")
    kwargs[which] = data.draw({
        "lightest": st.one_of(magnitudes(1e-300, 1e100), st.just(0.0), hostile_reals()),
        "ordering": hostile_choices(("NO", "IO")),
        "n": st.one_of(st.integers(1, 150), hostile_counts(150)),
    }[which], label=which)
    lightest, ordering, n = kwargs.values()
    # BUG: band-unchecked -- lightest and n are not checked: 1e200 -> RuntimeWarning overflow, "0.1"/None/arrays
    #      -> NumPy's messages, True accepted; n = 0 -> IndexError, n < 0 or 1.5 -> NumPy's messages
    assume(_numpy_number(lightest) and not (math.isfinite(float(lightest)) and float(lightest) > 1e150))
    assume(isinstance(n, int) and not isinstance(n, bool) and n >= 1)
    plain = _canonical_or_no(lightest, LIGHTEST)
    plain_ordering = ordering if isinstance(ordering, str) and ordering in ("NO", "IO") else NO
    call = f"propagate_mbb_band({lightest!r}, {ordering!r}, n={n!r})"
    out, exc = run(uncertainty.propagate_mbb_band, lightest, ordering, n=n)
    if plain is NO or plain_ordering is NO:
        assert exc is not None, f"{call} gave {out!r}"
    if exc is not None:
        assert_clear(exc, [which], call)
        return
    assert_finite(out, call)
    assert all(a <= b for q in (out.min_quantiles, out.max_quantiles) for a, b in zip(q, q[1:]))


@given(name=st.one_of(st.sampled_from(["h", "e", "c", "N_A", "year", "G_F", "g_A"]), hostile_choices(("h", "e"))))
def test_si_exact(name):
    assume(isinstance(name, str) and name in literature.constants())  # BUG: si-exact-keyerror -- KeyError otherwise
    out, exc = run(literature.si_exact, name)
    if exc is not None:
        assert "not exact" in str(exc) and name in str(exc)
    else:
        assert isinstance(out, Fraction) and out > 0


@pytest.mark.parametrize("name", ["constants.toml", "oscillation.toml", "candidates.csv", "atomic_levels.csv", "beams.toml"])
def test_data_text(name):
    assert literature.data_text(name).strip()
    # BUG: data-text-path -- literature.data_text("../literature.py") and data_text("/etc/hostname") read files
    #      outside the package data; data_text("nope") raises FileNotFoundError, data_text("") IsADirectoryError.