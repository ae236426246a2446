"""The numeric layer: every public function of :mod:`atommix.numeric` with hostile inputs, arrays, the exceptional point.

The contract every call keeps is stated in :mod:`tests.fuzz_harness`.
"""


import inspect
import math
from typing import Any

import numpy as np
import pytest
from atommix.numeric import ExceptionalPointError
from hypothesis import assume, given
from hypothesis import strategies as st

from atommix import numeric as nu
from atommix import validation as va
from atommix.numeric import _paper_kernels
from atommix.numeric.evolution import zero_rates

from .fuzz_harness import (
    DELTA,
    EIGEN,
    EIGEN_KERNELS,
    F21_PARAMS,
    GAMMA,
    GD,
    LIGHTEST,
    N_ATOMS,
    NO,
    ORDERING,
    PHASE,
    SOURCE,
    SPOT_FWHM,
    SPOT_SHAPE,
    TIME_KERNELS,
    TINY,
    Param,
    Spec,
    _canonical_or_no,
    _mentions,
    _show,
    as_float64,
    assert_clear,
    assert_finite,
    assert_same,
    close,
    leaves,
    mp_untouched,
    run,
)
from .strategies import (
    EDGE_FLOATS,
    log_uniform,
    magnitudes,
    near_exceptional_points,
    valid_points,
)


def _time_scales_infinities(kwargs: dict[str, Any], out: Any) -> None:
    """tau_X = inf is documented where the rate is exactly 0 -- and only there."""
    d, g, m = (np.asarray(as_float64(kwargs[k], p)) for k, p in zip(("delta", "gamma", "m21"), EIGEN[:3]))
    d, g, m = np.broadcast_arrays(d, g, m)
    with np.errstate(over="ignore"):  # 4|M21| beyond the float64 range: Gamma >= it is False, rightly
        equal_energies = (d == 0) & (g >= 4 * m)  # E_L = E_S
    zero = {".tau_osc": equal_energies, ".tau_S": g == 0, ".tau_L": (g == 0) | (m == 0)}
    call = f"time_scales({_show((), kwargs)})"
    assert_finite(out, call, allow_inf=lambda path: zero[path])


def _off_resonance_infinity(kwargs: dict[str, Any], out: Any) -> None:
    """|Delta|/Gamma is inf exactly where Gamma = 0 (with Delta != 0), as documented."""
    g = np.broadcast_to(np.asarray(as_float64(kwargs["gamma"], GAMMA)), np.shape(out))
    assert_finite(out, f"off_resonance_factor({_show((), kwargs)})", allow_inf=lambda path: g == 0)


def _bounded(kwargs: dict[str, Any], out: Any) -> None:
    """Values finite (time scales: inf only where the rate is exactly 0, with bound 0), bounds >= 0 or inf."""
    call = f"bounds({_show((), kwargs)})"
    for path, b in leaves(out.bounds):
        if b is not None:
            assert np.all(np.asarray(b) >= 0), f"{call}: negative or NaN bound at {path}"
    if isinstance(out.values, nu.TimeScales):
        # inf only where the rate is exactly 0 (bound 0) or where the bound says the value has no digit
        d, g, m = (np.asarray(as_float64(kwargs[k], p)) for k, p in zip(("delta", "gamma", "m21"), EIGEN[:3]))
        zero = zero_rates(*np.broadcast_arrays(d, g, m))
        for name in nu.TimeScales._fields:
            v, b = np.asarray(getattr(out.values, name)), np.asarray(getattr(out.bounds, name))
            assert not np.isnan(v).any(), f"{call}: NaN {name}"
            assert np.all(~np.isinf(v) | np.broadcast_to(zero[name], v.shape) | np.isinf(b)), f"{call}: {name} inf, bound {b}"
        return
    assert_finite(out.values, call, allow_none=(".P_L", ".P_S"))


def _paper_form_is_a_kernel(kwargs: dict[str, Any], out: Any) -> None:
    """paper_form returns the generated NumPy function of the paper's form, which evaluates at 152Gd."""
    assert callable(out) and out.__name__ == f"{kwargs['name']}_paper"


# every result with a paper's form is a valid name; any other string is hostile
PAPER_FORMS = tuple(n.removesuffix("_paper") for n in _paper_kernels.__all__)

SPECS = [
    *(Spec(getattr(nu, n), GD, EIGEN) for n in ("eigensystem", *nu.EIGENSYSTEM_NAMES)),
    Spec(nu.decayed_fraction_L, GD | dict(t=3.15e7), (*EIGEN, Param("t", "nonneg", "s"))),
    Spec(nu.off_resonance_factor, dict(delta=910.0, gamma=23.0), (DELTA, GAMMA), check=_off_resonance_infinity),
    Spec(nu.paper_form, dict(name="appearance_short"),
         (Param("name", "choice", choices=PAPER_FORMS),), check=_paper_form_is_a_kernel),
    Spec(nu.time_scales, GD, EIGEN, check=_time_scales_infinities),
    Spec(nu.eigensystem_bounds, GD, EIGEN, check=_bounded),
    Spec(nu.time_scales_bounds, GD, EIGEN, check=_bounded),
    Spec(nu.evolution_bounds, GD | dict(t=1e-15, populations=True),
         (*EIGEN, Param("t", "nonneg", "s"), Param("populations", "flag")), check=_bounded),
    Spec(nu.resonance_suppression, GD, (DELTA, GAMMA, Param("m21", "pos", "eV"), PHASE)),
    Spec(nu.evolution, GD | dict(t=1e-15, populations=True), (*EIGEN, Param("t", "nonneg", "s"), Param("populations", "flag"))),
    Spec(nu.spontaneous_rate, GD | dict(n_atoms=6.02214076e23), (*EIGEN, N_ATOMS)),
    Spec(nu.daughter_atoms, GD | dict(t0=3.15e7, n_atoms=6.02214076e23), (*EIGEN, Param("t0", "nonneg", "s"), N_ATOMS)),
    Spec(nu.stimulated_rate, GD | dict(n_atoms=6.02214076e23, gain=3.5), (*EIGEN, N_ATOMS, Param("gain", "nonneg"))),
    Spec(nu.gain, dict(photon_energy=40e3, photons_per_s=1e25, spot_size=100e-9, rel_bandwidth=1.12e-3, spot_shape="square"),
         (Param("photon_energy", "pos", "eV"), Param("photons_per_s", "nonneg", "Hz"), Param("spot_size", "pos", "m"),
          Param("rel_bandwidth", "pos"), SPOT_SHAPE)),
    Spec(nu.beam_area, dict(spot_size=100e-9, spot_shape="disk"), (Param("spot_size", "pos", "m"), SPOT_SHAPE)),
    Spec(nu.duty_fraction, dict(pulses_per_s=1e4, pulse_duration=1e-13),
         (Param("pulses_per_s", "nonneg", "Hz"), Param("pulse_duration", "nonneg", "s"))),
    Spec(nu.laser_bandwidth, dict(photon_energy=1e3, pulse_duration=1e-12, time_bandwidth=0.441),
         (Param("photon_energy", "pos", "eV"), Param("pulse_duration", "pos", "s"), Param("time_bandwidth", "pos"))),
    Spec(nu.absorption_rate,
         dict(mean_power=1.0, pulse_rate=1e3, pulse_duration=1e-12, spot_fwhm=1e-6, level_energy=1e3, lifetime=1e-9,
              spot_shape="disk", time_bandwidth=0.441),
         (Param("mean_power", "nonneg", "W"), Param("pulse_rate", "pos", "Hz"), Param("pulse_duration", "pos", "s"),
          SPOT_FWHM, Param("level_energy", "pos", "eV"), Param("lifetime", "pos", "s"), SPOT_SHAPE,
          Param("time_bandwidth", "pos"))),
    Spec(nu.m21_from_mbb, dict(mbb=0.1, F21=2e23, M0nu=3.0),
         (Param("mbb", "nonneg", "eV"), Param("F21", "nonneg", "eV**4"), Param("M0nu", "real"))),
    Spec(nu.f21_for_m21, dict(m21=1e-24, mbb=0.1, M0nu=3.0), F21_PARAMS, broadcasts=False),
    Spec(nu.mbb, dict(lightest=0.01, ordering="NO", alpha21=0.3, alpha31=1.0, source="nufit52"),
         (LIGHTEST, ORDERING, Param("alpha21", "real", "rad"), Param("alpha31", "real", "rad"), SOURCE)),
    Spec(nu.mbb_band, dict(lightest=0.01, ordering="IO", source="pdg"), (LIGHTEST, ORDERING, SOURCE)),
    Spec(nu.neutrino_masses, dict(lightest=0.01, ordering="NO", source="nufit52"), (LIGHTEST, ORDERING, SOURCE)),
    Spec(nu.oscillation_parameters, dict(ordering="IO", source="nufit52"), (ORDERING, SOURCE)),
]
SPEC_IDS = [s.name for s in SPECS]
ARRAY_SPECS = [s for s in SPECS if s.array_params and s.broadcasts]
FLOAT_SPECS = [s for s in SPECS if s.array_params]


def test_every_public_numeric_function_is_fuzzed():
    functions = {n for n in nu.__all__ if inspect.isfunction(getattr(nu, n))}
    assert functions - set(SPEC_IDS) == {"weak_constants"}  # no inputs: see test_weak_constants


def test_every_public_validation_function_is_fuzzed():
    """Each has a test below (and EigenInputs.from_values: test_eigen_inputs_from_values); a new one needs one too."""
    functions = {n for n in va.__all__ if inspect.isfunction(getattr(va, n))}
    assert functions == {"reference_eigensystem", "reference_evolution", "private_context", "agreement_digits", "diagonalize",
                         "eigen_quantities", "ground_state_by_quadrature"}, functions


def test_weak_constants():
    gf, vud, ga = nu.weak_constants()
    assert all(math.isfinite(x) and x > 0 for x in (gf, vud, ga))


def call_spec(spec: Spec, kwargs: dict[str, Any]) -> tuple[Any, BaseException | None]:
    return run(spec.fn, **kwargs)


def check_result(spec: Spec, kwargs: dict[str, Any], out: Any) -> None:
    call = f"{spec.name}({_show((), kwargs)})"
    if spec.check is not None:
        spec.check(kwargs, out)
        return
    allow_none = (".P_L", ".P_S") if spec.name == "evolution" and not kwargs.get("populations", True) else ()
    assert_finite(out, call, allow_none=allow_none)


def _is_plain_float(value: Any) -> bool:
    return isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(value, (bool, np.bool_))


def contract(spec: Spec, kwargs: dict[str, Any], standing_for: dict[str, Any]) -> None:
    """The call raises clearly (naming a parameter at fault) or gives the value of the plain inputs.

    A plain number inside its domain may only be refused by an overflow (FloatingPointError naming the
    output) or at the exceptional point (a nonzero number below the float64 normal range is outside it,
    refused naming its parameter); any other value standing for a number may also be refused with a
    TypeError/ValueError that names its parameter.
    """
    call = f"{spec.name}({_show((), kwargs)})"
    bad = [n for n, v in standing_for.items() if v is NO]
    out, exc = call_spec(spec, kwargs)
    if bad:
        assert exc is not None, f"{call} accepted {', '.join(bad)} = {', '.join(repr(kwargs[n]) for n in bad)}: {out!r}"[:600]
    if exc is not None:
        unusual = [n for n in standing_for if not _is_plain_float(kwargs[n]) and spec.base.get(n) is not kwargs[n]]
        assert_clear(exc, bad or [n for n in unusual if standing_for[n] is not NO], call)
        return
    check_result(spec, kwargs, out)
    plain = {k: standing_for.get(k, v) for k, v in kwargs.items()}
    if any(plain[k] is not kwargs[k] for k in plain):
        ref, ref_exc = call_spec(spec, plain)
        assert ref_exc is None, f"{call} gave a value, but the plain inputs raise {ref_exc!r}"
        assert_same(out, ref, call)


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
@given(data=st.data())
def test_one_hostile_parameter(spec, data):
    """One parameter replaced by a hostile value: a clear error naming it, or the value of what it stands for."""
    p = data.draw(st.sampled_from(spec.params), label="parameter")
    plain_values = st.sampled_from(p.choices or (True, False)) if p.kind in ("choice", "flag") else _valid_value(p)
    value = data.draw(st.one_of(p.strategy(), p.strategy(), plain_values), label=p.name)
    kwargs = spec.base | {p.name: value}
    contract(spec, kwargs, {p.name: _canonical_or_no(value, p)})


@pytest.mark.parametrize("spec", FLOAT_SPECS, ids=[s.name for s in FLOAT_SPECS])
@given(data=st.data())
def test_any_floats_everywhere(spec, data):
    """Every numeric parameter any float at once (NaN, inf, subnormal, huge): error naming a culprit, or finite."""
    values = {p.name: data.draw(st.one_of(st.floats(), st.sampled_from(EDGE_FLOATS), magnitudes(signed=True)), label=p.name)
              for p in spec.array_params}
    kwargs = spec.base | values
    contract(spec, kwargs, {p.name: _canonical_or_no(values[p.name], p) for p in spec.array_params})


# --------------------------------------------------------------------------------------------------
# Arrays: the same values as scalar calls, 0-d and n-d shapes, empty arrays, non-broadcastable shapes
# --------------------------------------------------------------------------------------------------


def _valid_value(p: Param) -> st.SearchStrategy[float]:
    if p.name in ("t", "t0"):
        return st.one_of(st.just(0.0), log_uniform(1e-25, 1e18), magnitudes())
    if p.name in ("phase", "alpha21", "alpha31"):
        return st.one_of(st.floats(-10, 10), magnitudes(signed=True))
    return {
        "real": st.one_of(st.just(0.0), magnitudes(signed=True)),
        "nonneg": st.one_of(st.just(0.0), magnitudes()),
        "pos": magnitudes(),
        "nonzero": magnitudes(signed=True),
    }[p.kind]


@st.composite
def array_inputs(draw, spec: Spec, n: int):
    """n valid values for every array parameter (joint physical points for the eigen parameters)."""
    cols: dict[str, list[float]] = {p.name: [] for p in spec.array_params}
    for _ in range(n):
        point = dict(zip(("delta", "gamma", "m21", "phase"), draw(valid_points())))
        for p in spec.array_params:
            cols[p.name].append(point[p.name] if p.name in point else draw(_valid_value(p)))
    return cols


def _scalar_and_array_agree(spec: Spec, arrays: dict[str, np.ndarray], shape: tuple[int, ...]) -> None:
    kwargs = spec.base | arrays
    call = f"{spec.name}({_show((), kwargs)})"
    out, exc = call_spec(spec, kwargs)
    flat = {k: np.broadcast_to(v, shape) for k, v in arrays.items()}
    scalar_excs, scalars = set(), {}
    for idx in np.ndindex(*shape):
        point = spec.base | {k: float(v[idx]) for k, v in flat.items()}
        s, s_exc = call_spec(spec, point)
        if s_exc is not None:
            scalar_excs.add(type(s_exc))
        else:
            scalars[idx] = s
    if scalar_excs:
        assert exc is not None and type(exc) in scalar_excs, (
            f"{call}: scalar calls raise {sorted(e.__name__ for e in scalar_excs)}, the array call gives {exc!r}"
        )
        return
    assert exc is None, f"{call} raised {exc!r}, but every scalar call gives a value"
    check_result(spec, kwargs, out)
    for path, v in leaves(out):
        if v is None:
            continue
        assert np.shape(v) == shape, f"{call}: {path} has shape {np.shape(v)}, expected {shape}"
    for idx, s in scalars.items():
        for (path, v), (_, sv) in zip(leaves(out), leaves(s)):
            if v is None:
                continue
            a = np.asarray(v)[idx]
            # array kernels may use SIMD transcendental functions: allow a few ulp, absolute for probabilities
            atol = 4e-16 if spec.name == "evolution" else 0.0
            assert close(a, sv, rtol=1e-12, atol=atol), f"{call}: {path}{list(idx)} = {a!r}, the scalar call gives {sv!r}"


@pytest.mark.parametrize("spec", ARRAY_SPECS, ids=[s.name for s in ARRAY_SPECS])
@given(data=st.data())
def test_arrays_agree_with_scalar_calls(spec, data):
    """1-d, n-d (broadcast) and 0-d arrays give, element by element, what scalar calls give."""
    n = data.draw(st.integers(1, 3), label="n")
    cols = data.draw(array_inputs(spec, n), label="values")
    layout = data.draw(st.sampled_from(["1d", "2d", "0d"]), label="layout")
    names = [p.name for p in spec.array_params]
    if layout == "1d":
        arrays, shape = {k: np.array(v) for k, v in cols.items()}, (n,)
    elif layout == "2d":  # the first parameter along axis 0, the others along axis 1: an (n, n) grid
        arrays = {k: np.array(v).reshape((n, 1) if k == names[0] else (1, n)) for k, v in cols.items()}
        shape = (n, n) if len(names) > 1 else (n, 1)
    else:
        arrays, shape = {k: np.array(v[0]) for k, v in cols.items()}, ()
    _scalar_and_array_agree(spec, arrays, shape)


@pytest.mark.parametrize("spec", ARRAY_SPECS, ids=[s.name for s in ARRAY_SPECS])
def test_empty_arrays_give_empty_results(spec):
    for p in spec.array_params:
        for empty in (np.array([]), np.empty((0, 3)), []):
            kwargs = spec.base | {p.name: empty}
            out, exc = call_spec(spec, kwargs)
            call = f"{spec.name}({_show((), kwargs)})"
            if exc is not None:
                assert_clear(exc, [p.name], call)
                continue
            for path, v in leaves(out):
                if v is not None and not isinstance(v, str):
                    assert np.shape(v) == np.shape(empty), f"{call}: {path} has shape {np.shape(v)}"
                    assert np.asarray(v).dtype.kind in "fc", f"{call}: {path} has dtype {np.asarray(v).dtype}"


BROADCAST_SPECS = [s for s in ARRAY_SPECS if len(s.array_params) > 1]


@pytest.mark.parametrize("spec", BROADCAST_SPECS, ids=[s.name for s in BROADCAST_SPECS])
@given(data=st.data())
def test_non_broadcastable_shapes_name_the_parameters(spec, data):
    p, q = data.draw(st.permutations(spec.array_params), label="pair")[:2]
    shapes = data.draw(st.sampled_from([((3,), (2,)), ((2, 3), (3, 2)), ((0,), (2,)), ((4, 1, 2), (3,))]), label="shapes")
    kwargs = spec.base | {p.name: np.full(shapes[0], spec.base[p.name]), q.name: np.full(shapes[1], spec.base[q.name])}
    _, exc = call_spec(spec, kwargs)
    assert isinstance(exc, (ValueError, TypeError)), f"{spec.name}: shapes {shapes} gave {exc!r}"
    assert _mentions(str(exc), p.name) or _mentions(str(exc), q.name), f"{spec.name}: {exc}"


# --------------------------------------------------------------------------------------------------
# The exceptional point Delta = 0, Gamma = 4|M21|
# --------------------------------------------------------------------------------------------------

NEEDS_EIGENSTATES = [s for s in SPECS if s.name in EIGEN_KERNELS - TIME_KERNELS]


@given(m=st.one_of(st.sampled_from([0.0, 5e-324, 1e-310, TINY, 1e-300, 1.0, 1e300, 2.0**1020]), magnitudes()),
       phase=st.floats(-10, 10))
def test_exceptional_point_raises_where_eigenstates_are_needed(m, phase):
    if 0 < m < TINY:  # outside the float64 domain: refused by name before the exceptional point is looked at
        with pytest.raises(FloatingPointError, match="gamma.*smallest normal float64"):
            nu.eigensystem(0.0, 4 * m, m, phase)
        return
    for spec in NEEDS_EIGENSTATES:
        kwargs = spec.base | dict(delta=0.0, gamma=4 * m, m21=m, phase=phase)
        out, exc = call_spec(spec, kwargs)
        if spec.name == "resonance_suppression" and m == 0:  # documented: a ratio of mixings needs |M21| > 0
            assert isinstance(exc, ValueError) and _mentions(str(exc), "m21"), repr(exc)
            continue
        assert isinstance(exc, ExceptionalPointError), f"{spec.name}({_show((), kwargs)}) gave {out!r} / {exc!r}"
        assert "exceptional point" in str(exc)
    with pytest.raises(ExceptionalPointError, match="exceptional point"):
        nu.evolution(-0.0, 4 * m, m, phase, t=1e-15)
    with pytest.raises(ExceptionalPointError, match=r"index \(1, 0\)"):
        nu.eigensystem(np.array([[1.0], [-0.0]]), 4 * m, m, phase)


@given(m=st.one_of(st.sampled_from([0.0, 5e-324, 1e-300, 1.0, 1e300]), magnitudes()),
       t=st.one_of(st.just(0.0), log_uniform(1e-25, 1e18), magnitudes()), phase=st.floats(-10, 10))
def test_evolution_through_the_exceptional_point(m, t, phase):
    """The evolution is entire: finite at Delta = 0, Gamma = 4|M21| without populations, daughters = N P_gs."""
    kwargs = dict(delta=0.0, gamma=4 * m, m21=m, phase=phase, t=t, populations=False)
    h, exc = run(nu.evolution, **kwargs)
    if exc is not None:
        assert_clear(exc, [], f"evolution({_show((), kwargs)})")
        return
    assert h.P_L is None and h.P_S is None
    assert_finite(h, "evolution at the exceptional point", allow_none=(".P_L", ".P_S"))
    for v in (h.survival, h.appearance, h.depletion, h.P_gs):
        assert -1e-15 <= v <= 1 + 1e-15
    n, n_exc = run(nu.daughter_atoms, 0.0, 4 * m, m, phase, t0=t, n_atoms=2.0)
    assert n_exc is None and n == 2 * h.P_gs


@pytest.mark.parametrize("m, t", [
    (1.0, 1e-15),
    (1e-3, 3e-13),
    (2.5e-18, 1e2),
    (0.0, 1.0),  # H = 0: nothing happens
    (1e-300, 1e284),  # |M21|^2 t^2/hbar^2 ~ 1e-1: no product underflows or overflows
    (1e250, 1e-266),
])
def test_evolution_at_the_exceptional_point_matches_mpmath(m, t):
    h = nu.evolution(0.0, 4 * m, m, 0.3, t=t, populations=False)
    with mp_untouched("reference_evolution"):
        ref = va.reference_evolution(0, 4 * m, m, 0.3, times=(t,), dps=16)
    assert ref.absent["P_L"] and ref.values[0]["P_L"] is None
    for name in ("survival", "appearance", "depletion", "P_gs"):
        exact = float(ref.values[0][name])
        assert close(getattr(h, name), exact, rtol=1e-10, atol=1e-300), (name, getattr(h, name), exact)


@given(point=near_exceptional_points())
def test_next_to_the_exceptional_point_everything_is_finite(point):
    for spec in NEEDS_EIGENSTATES:
        kwargs = spec.base | dict(zip(("delta", "gamma", "m21", "phase"), point))
        out, exc = call_spec(spec, kwargs)
        assert exc is None, f"{spec.name}({_show((), kwargs)}) raised {exc!r}"
        check_result(spec, kwargs, out)

