"""Several two-hole daughters at once: one parent atom mixing with N daughter channels, as JSON-ready records.

The domain functions behind ``--channel DELTA,GAMMA,M21[,PHASE]`` (``evaluate``, ``reference``)
and the audit of the single-channel sum:

- :func:`float64_channels`: float64 values (:mod:`atommix.numeric.channels`,
  :mod:`atommix.numeric.channel_evolution`) with their error bounds;
- :func:`reference_channels`: reference values at any precision, each with its checked digits
  (:mod:`atommix.validation.channels`, :mod:`atommix.validation.channel_evolution`);
- :func:`coupled_vs_single`: the exact coupled Gamma_L beside the sum of single-channel widths that
  the field uses, the relative difference, its leading term, and the pairs of daughters closer than
  their widths.

Records have ``inputs``, ``values``, ``units`` (and ``digits`` for references), like
:mod:`atommix.evaluation`: ``values`` holds ``lambda_L``, ``E_L``, ``gamma_L``, ``mixing_channels``
(|alpha_i|^2 in channel order), ``alpha_channels`` and ``condition``; with times, ``values["times"]``
has one record per time with ``survival``, ``appearance``, ``depletion``, ``P_gs`` (totals),
``appearance_channels`` and ``P_gs_channels``.  With one channel the values are the 2x2 ones.
Where lambda_L is not isolated (an exceptional point of the (N+1) x (N+1) matrix) the
eigen-quantities are ``None`` with the reason in ``absent``; the evolution still evaluates.

>>> rec = float64_channels([{"delta": 910.0, "gamma": 23.0, "m21": 1e-24}])     # one channel: 152Gd
>>> print(f"{rec['values']['gamma_L']:.12e} eV", [f"{x:.12e}" for x in rec["values"]["mixing_channels"]])
2.776998843018e-53 eV ['1.207390801312e-54']
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Mapping, Sequence

from .errors import ExceptionalPointError
from .quantities import PARAMETERS, unit, units

__all__ = [
    "CHANNEL_FIELDS",
    "EXCEPTIONAL_REASON",
    "float64_channels",
    "reference_channels",
    "coupled_vs_single",
    "checked_channels",
    "exact_channels",
]

#: The fields of one channel, in the order of ``--channel DELTA,GAMMA,M21[,PHASE]``.
CHANNEL_FIELDS = ("delta", "gamma", "m21", "phase")
EXCEPTIONAL_REASON = (
    "lambda_L is not isolated: an exceptional point of the (N+1) x (N+1) matrix H (or within rounding of one)"
)


def _fields(channels: Sequence[Mapping[str, Any]], option: str, width_matrix: Any) -> list[dict[str, Any]]:
    if isinstance(channels, (str, bytes, Mapping)) or not isinstance(channels, Sequence) or len(channels) < 1:
        raise ValueError(f"{option}: at least one daughter channel is needed (DELTA,GAMMA,M21[,PHASE]); got {channels!r}")
    out = []
    for k, ch in enumerate(channels, start=1):
        if not isinstance(ch, Mapping):
            raise TypeError(f"{option} {k}: a channel is a mapping of delta, gamma, m21[, phase]; got {ch!r}")
        unknown = sorted(set(ch) - set(CHANNEL_FIELDS))
        if unknown:
            raise ValueError(f"{option} {k}: unknown field(s) {unknown}; a channel has delta, gamma, m21[, phase]")
        needed = [f for f in CHANNEL_FIELDS[:3] if not (f == "gamma" and width_matrix is not None)]
        missing = [f for f in needed if f not in ch]
        if missing:
            raise ValueError(f"{option} {k}: missing {', '.join(missing)} (a channel is DELTA,GAMMA,M21[,PHASE])")
        out.append({"phase": 0, **dict(ch)})
    return out


def checked_channels(channels: Sequence[Mapping[str, Any]], *, option: str = "channel",
                     width_matrix: Any = None) -> list[dict[str, float]]:
    """Channels as float64 (eV, rad), each field checked; errors name ``option``, the channel and the field."""
    from .numeric.parameters import as_real_array

    out = []
    for k, ch in enumerate(_fields(channels, option, width_matrix), start=1):
        row = {}
        for name, value in ch.items():
            p = PARAMETERS[name]
            arr = as_real_array(f"{option} {k}: {name}", value, p.description, p.allowed, p.minimum)
            if arr.ndim:
                raise TypeError(f"{option} {k}: {name} must be one number; got {value!r}")
            row[name] = float(arr)
        out.append(row)
    return out


def exact_channels(channels: Sequence[Mapping[str, Any]], *, option: str = "channel", width_matrix: Any = None) -> Any:
    """The exact channel system of the reference layer; errors name ``option``, the channel and the field."""
    from .validation.channels import channel_system
    from .validation.exact import to_fraction

    rows = []
    for k, ch in enumerate(_fields(channels, option, width_matrix), start=1):
        rows.append({name: to_fraction(f"{option} {k}: {name}", value, what=PARAMETERS[name].description,
                                       minimum=None if PARAMETERS[name].minimum is None else Fraction(0))
                     for name, value in ch.items()})
    return channel_system(rows, width_matrix)


def _json(x: Any) -> Any:
    """float64 values for JSON: complex as {"re", "im"}, arrays as lists, signed zeros as 0.0."""
    import numpy as np

    arr = np.asarray(x)
    if arr.ndim:
        return [_json(v) for v in arr]
    if arr.dtype.kind == "c":
        return {"re": float(arr.real) + 0.0, "im": float(arr.imag) + 0.0}
    return float(arr) + 0.0


def _keys() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from .numeric.channel_evolution import CHANNEL_TIME_NAMES
    from .numeric.channels import CHANNEL_EIGEN_NAMES

    return CHANNEL_EIGEN_NAMES, CHANNEL_TIME_NAMES


def float64_channels(
    channels: Sequence[Mapping[str, Any]],
    times: Sequence[float] = (),
    *,
    width_matrix: Any = None,
    option: str = "channel",
) -> dict[str, Any]:
    """Float64 values of one parent and the given daughter channels, and at ``times`` (s).

    ``error_bounds`` holds the proved absolute bounds on ``lambda_L`` (normwise), ``E_L``,
    ``gamma_L`` and ``mixing_channels``.  Raises ``ValueError``/``TypeError`` naming ``option``, the
    channel and the field for bad input; ``FloatingPointError`` beyond float64.
    """
    import numpy as np

    from .numeric.channel_evolution import channel_evolution
    from .numeric.channels import channel_eigensystem

    rows = checked_channels(channels, option=option, width_matrix=width_matrix)
    cols = {f: [row[f] for row in rows] for f in CHANNEL_FIELDS}
    gamma = None if width_matrix is not None else cols["gamma"]
    eigen_keys, time_keys = _keys()
    values: dict[str, Any] = {}
    absent: dict[str, str] = {}
    bounds: dict[str, Any] | None = None
    try:
        es = channel_eigensystem(cols["delta"], gamma, cols["m21"], cols["phase"], width_matrix=width_matrix)
        values.update({k: _json(getattr(es, k)) for k in eigen_keys})
        bounds = {k: _json(getattr(es.bounds, k)) for k in es.bounds._fields}
    except ExceptionalPointError:
        if not times:
            raise
        values.update(dict.fromkeys(eigen_keys))
        absent.update(dict.fromkeys(eigen_keys, EXCEPTIONAL_REASON))
    if times:
        history = channel_evolution(cols["delta"], gamma, cols["m21"], cols["phase"], t=np.asarray(times, float),
                                    width_matrix=width_matrix)
        values["times"] = []
        for n, t in enumerate(times):
            row = {"t": float(t)}
            for k in time_keys:
                v = getattr(history, k)
                row[k] = None if v is None else _json(v[n])
            values["times"].append(row)
        if history.P_gs_channels is None:
            absent["P_gs_channels"] = "a full width block feeds the ground states as a whole, not channel by channel"
    inputs: dict[str, Any] = {"channels": rows}
    if width_matrix is not None:
        inputs["width_matrix"] = _json(np.asarray(width_matrix))
    if times:
        inputs["times"] = [float(t) for t in times]
    out: dict[str, Any] = {"inputs": inputs, "values": values,
                           "units": units(eigen_keys + (("t",) + time_keys if times else ()))}
    if bounds is not None:
        out["error_bounds"] = bounds
    if absent:
        out["absent"] = absent
    return out


def reference_channels(
    channels: Sequence[Mapping[str, Any]],
    times: Sequence[Any] = (),
    dps: int = 50,
    *,
    width_matrix: Any = None,
    option: str = "channel",
) -> dict[str, Any]:
    """Reference values to ``dps`` digits (decimal strings), each with its checked digits; inputs are exact."""
    from .evaluation import decimal_string
    from .validation.channel_evolution import channel_history
    from .validation.channels import channel_reference

    system = exact_channels(channels, option=option, width_matrix=width_matrix)
    eigen_keys, time_keys = _keys()
    values: dict[str, Any] = {}
    digits: dict[str, Any] = {}
    absent: dict[str, str] = {}
    working = 0
    try:
        ref = channel_reference(system, dps=dps)
        values.update(ref.as_strings())
        digits.update(ref.digits)
        working = ref.working_dps
    except ExceptionalPointError:
        if not times:
            raise
        values.update(dict.fromkeys(eigen_keys))
        digits.update(dict.fromkeys(eigen_keys))
        absent.update(dict.fromkeys(eigen_keys, EXCEPTIONAL_REASON))
    if times:
        hist = channel_history(system, list(times), dps=dps)
        values["times"] = [{"t": decimal_string(t, dps), **row} for t, row in zip(hist.times, hist.as_strings())]
        digits["times"] = hist.digits
        working = max(working, hist.working_dps)
        if system.width is not None:
            absent["P_gs_channels"] = "a full width block feeds the ground states as a whole, not channel by channel"
    inputs: dict[str, Any] = {
        "channels": [{f: decimal_string(getattr(c, f), dps) for f in CHANNEL_FIELDS} for c in system.channels]
    }
    if times:
        inputs["times"] = [decimal_string(t, dps) for t in hist.times]
    out: dict[str, Any] = {
        "inputs": inputs,
        "values": values,
        "units": units(eigen_keys + (("t",) + time_keys if times else ())),
        "digits": digits,
        "dps": dps,
        "working_dps": working,
    }
    if absent:
        out["absent"] = absent
    return out


def coupled_vs_single(
    channels: Sequence[Mapping[str, Any]],
    *,
    width_matrix: Any = None,
    dps: int | None = None,
    option: str = "channel",
) -> dict[str, Any]:
    """The exact coupled Gamma_L beside the sum of single-channel widths, for the audit (exact inputs).

    Each single-channel width is the exact 2x2 Gamma_L of that channel alone (with its own width
    Gamma_ii for a full block); their sum is what the field reports (at first order
    sum_i |alpha_i|^2 Gamma_i, also given).  The exact values come from the mpmath layer at
    ``dps`` digits (default: enough to resolve a relative difference of the size of sum |alpha_i|^2),
    so that a difference of 1e-54 is seen, not lost to float64.  ``cross_term`` is the leading
    neglected term of the series, -2 Im sum_{i != j} |M_i|^2 |M_j|^2/(z_i z_j^2), and
    ``close_pairs`` the daughters whose separation |Delta_i - Delta_j| is within their mean
    width: where a shared width block (daughters decaying to the same states) would make them
    interfere at first order.
    """
    import mpmath

    from .numeric import eigensystem as eigensystem_2x2
    from .numeric.channels import channel_eigensystem
    from .validation import reference_eigensystem
    from .validation.channels import channel_reference

    system = exact_channels(channels, option=option, width_matrix=width_matrix)
    rows = checked_channels([{f: float(getattr(c, f)) for f in CHANNEL_FIELDS} for c in system.channels], option=option)
    cols = {f: [row[f] for row in rows] for f in CHANNEL_FIELDS}
    gamma = None if width_matrix is not None else cols["gamma"]
    es = channel_eigensystem(cols["delta"], gamma, cols["m21"], cols["phase"], width_matrix=width_matrix)
    mixing_total = float(sum(es.mixing_channels))
    if dps is None:
        dps = 20 + (max(0, math.ceil(-math.log10(mixing_total))) if mixing_total > 0 else 0)
        dps = min(dps, 2000)
    ref = channel_reference(system, dps=dps)
    ctx = ref.context
    singles = [reference_eigensystem(c.delta, c.gamma, c.m21, c.phase, dps=dps) for c in system.channels]
    single_values = [ctx.mpf(s["gamma_L"]) for s in singles]
    total = ctx.fsum(single_values)
    coupled = ref["gamma_L"]
    def q(x: Fraction) -> Any:
        return ctx.mpf(x.numerator) / x.denominator

    w = [q(c.m21) ** 2 for c in system.channels]
    z = [ctx.mpc(q(c.delta), q(c.gamma) / 2) for c in system.channels]
    cross = -ctx.fsum(w[a] * w[b] / (z[a] * z[b] ** 2) for a in range(len(z)) for b in range(len(z)) if a != b)
    first_order = ctx.fsum(wi * q(c.gamma) / abs(zi) ** 2 for wi, zi, c in zip(w, z, system.channels))
    digits = min(ref.digits["gamma_L"], *(s.digits["gamma_L"] for s in singles))
    relative = (total - coupled) / coupled if coupled != 0 else None
    pairs = []
    for a in range(len(rows)):
        for b in range(a + 1, len(rows)):
            width = (rows[a]["gamma"] + rows[b]["gamma"]) / 2
            sep = abs(rows[a]["delta"] - rows[b]["delta"])
            if width > 0 and sep <= width:
                pairs.append({"channels": [a + 1, b + 1], "delta_separation": sep, "mean_width": width,
                              "separation_over_width": sep / width})

    def s(x: Any) -> str:
        return mpmath.nstr(x, min(dps, 20), min_fixed=0, max_fixed=0) if x is not None else "absent"

    two_by_two = [float(eigensystem_2x2(r["delta"], r["gamma"], r["m21"]).gamma_L) for r in rows]
    return {
        "inputs": {"channels": rows, "dps": dps},
        "values": {
            "gamma_L": s(coupled),
            "single_channel_gamma_L": [s(v) for v in single_values],
            "sum_single_channel": s(total),
            "first_order_sum": s(first_order),
            "relative_difference": None if relative is None else float(relative),
            "cross_term": float(-2 * ctx.im(cross)),
            "cross_term_relative": float(-2 * ctx.im(cross) / coupled) if coupled != 0 else None,
            "mixing_total": mixing_total,
            "close_pairs": pairs,
            "digits": digits,
            "float64": {"gamma_L": float(es.gamma_L), "gamma_L_bound": float(es.bounds.gamma_L),
                        "sum_single_channel": math.fsum(two_by_two)},
        },
        "units": dict.fromkeys(("gamma_L", "single_channel_gamma_L", "sum_single_channel", "first_order_sum",
                                "cross_term"), unit("gamma_L")),
        "note": (
            "sum of single-channel widths minus the coupled width, relative to the coupled width; with independent "
            "widths the daughters couple only through lambda_L, so the difference is of relative size sum |alpha_i|^2 "
            "whatever the spacing of the channels"
            + ("; the width block is shared: the daughters interfere at first order" if width_matrix is not None else "")
        ),
    }
