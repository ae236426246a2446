"""The audit's multi-channel section: the exact coupled Gamma_L beside the sum of single-channel rates.

The literature gives the rate of a parent atom with several allowed daughters (hole pairs, nuclear
levels) as the sum of the single-channel rates, each the 2x2 Gamma_L of Eq. (2.5) with that channel
alone.  :func:`channel_audit` takes sets of channels (plain lists: the caller decides where they come
from; :func:`atommix.candidate_channels.candidate_channel_sets` builds them from the shipped data)
and puts, for each set, the exact Gamma_L of the coupled (N+1) x (N+1) problem beside that sum,
both from the mpmath layer at enough digits to resolve their difference
(:func:`atommix.channels.coupled_vs_single`), with:

- the relative difference (sum - coupled)/coupled and the leading neglected term of the series
  (the cross terms -2 Im sum_{i != j} |M_i|^2 |M_j|^2/(z_i z_j^2), relative);
- where it would matter: the common |M_i| at which the difference would reach 1 %
  (it grows as |M|^2 while the mixing is weak), and the pairs of daughters closer than their
  mean width, |Delta_i - Delta_j| <= (Gamma_i + Gamma_j)/2 (with the closest pair in any case):
  with independent widths they still add, but a decay width shared between them (an
  off-diagonal Gamma_ij, which no shipped data give) enters Gamma_L at first order there.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from .channels import CHANNEL_FIELDS

__all__ = ["ONE_PERCENT", "channel_audit", "channel_set_audit"]

#: The relative difference at which the single-channel sum would visibly fail a rate estimate.
ONE_PERCENT = 1e-2


def _closest(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The pair of daughters with the smallest |Delta_i - Delta_j| relative to their mean width."""
    best = None
    for a in range(len(rows)):
        for b in range(a + 1, len(rows)):
            sep = abs(float(rows[a]["delta"]) - float(rows[b]["delta"]))
            width = (float(rows[a]["gamma"]) + float(rows[b]["gamma"])) / 2
            ratio = sep / width if width > 0 else math.inf
            if best is None or ratio < best["separation_over_width"]:
                best = {"channels": [a + 1, b + 1], "delta_separation": sep, "mean_width": width,
                        "separation_over_width": ratio}
    return best


def _verdict(relative: float | None, at_one_percent: float | None, close: list[Any]) -> str:
    parts = []
    if relative is not None:
        where = (f"; it would reach 1% only at |M_i| ~ {at_one_percent:.2g} eV (strong mixing)"
                 if at_one_percent is not None else "")
        parts.append(f"the sum of single-channel rates is exact to a relative {abs(relative):.2g}{where}")
    if close:
        pairs = ", ".join(f"#{p['channels'][0]} and #{p['channels'][1]}" for p in close)
        parts.append(f"daughters {pairs} lie within their width of each other: a shared decay width, absent from "
                     "the inputs, would make them interfere at first order")
    else:
        parts.append("no two daughters lie within their width of each other")
    return "; ".join(parts)


def channel_set_audit(name: str, channels: Sequence[Mapping[str, Any]], *, dps: int | None = None,
                      option: str = "channel") -> dict[str, Any]:
    """One set of channels: each channel with its single-channel Gamma_L, the coupled Gamma_L, their comparison.

    ``channels`` are mappings with ``delta``, ``gamma``, ``m21`` (eV) and optionally ``phase`` (rad),
    exact (Fraction, decimal string) or float; ``label`` and ``source`` are carried along.
    """
    from .channels import coupled_vs_single

    physics = [{k: ch[k] for k in CHANNEL_FIELDS if k in ch} for ch in channels]
    cmp = coupled_vs_single(physics, dps=dps, option=option)
    v = cmp["values"]
    rows = []
    for k, (ch, row, single) in enumerate(zip(channels, cmp["inputs"]["channels"], v["single_channel_gamma_L"]), 1):
        rows.append({"channel": k, "label": ch.get("label", f"#{k}"), **row,
                     "single_channel_gamma_L": single, "source": ch.get("source")})
    relative = v["relative_difference"]
    m21 = max(float(r["m21"]) for r in rows)
    couplings = {float(r["m21"]) for r in rows}
    at_one_percent = None
    if relative and len(couplings) == 1 and m21 > 0:
        at_one_percent = m21 * math.sqrt(ONE_PERCENT / abs(relative))  # the difference grows as |M|^2
    return {
        "name": name,
        "channels": rows,
        "gamma_L": v["gamma_L"],
        "sum_single_channel": v["sum_single_channel"],
        "relative_difference": relative,
        "cross_term_relative": v["cross_term_relative"],
        "mixing_total": v["mixing_total"],
        "m21_at_one_percent": at_one_percent,
        "close_pairs": v["close_pairs"],
        "closest_pair": _closest(rows),
        "digits": v["digits"],
        "dps": cmp["inputs"]["dps"],
        "verdict": _verdict(relative, at_one_percent, v["close_pairs"]),
    }


def channel_audit(channel_sets: Sequence[Mapping[str, Any]], *, dps: int | None = None,
                  assumptions: str = "", option: str = "channel") -> dict[str, Any]:
    """The section for several sets, each ``{"name", "channels"[, "missing"]}``: see :func:`channel_set_audit`.

    ``missing`` (what the data could not give for a set) is carried into the report beside it.
    """
    from .quantities import unit

    sets = []
    for s in channel_sets:
        if not s["channels"]:
            sets.append({"name": s["name"], "channels": [], "missing": list(s.get("missing", ())),
                         "verdict": "no channel with Delta and Gamma in the data"})
            continue
        report = channel_set_audit(s["name"], s["channels"], dps=dps, option=option)
        report["missing"] = list(s.get("missing", ()))
        sets.append(report)
    return {
        "sets": sets,
        "assumptions": assumptions,
        "units": {"delta": unit("delta"), "gamma": unit("gamma"), "m21": unit("m21"), "phase": unit("phase"),
                  "gamma_L": unit("gamma_L")},
        "note": ("exact values from the mpmath layer (coupled: eigenvalues of the (N+1) x (N+1) matrix; single: "
                 "of each 2x2 matrix), at enough digits to resolve a relative difference of the size of "
                 "sum |alpha_i|^2; 'digits' is the least number of checked digits among them"),
    }
