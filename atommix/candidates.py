"""The shipped candidate transitions ranked by resonant mixing: the domain function behind ``atommix candidates``.

One row per nuclear level: the captured subshell pair closest to resonance among those
angular momentum allows (:mod:`atommix.selection_rules`), with Delta and Gamma_2h published
(152Gd) or estimated (:mod:`atommix.two_hole`); beside it, the pair the literature names
when that is another one (e.g. 162Er K L1, which cannot reach the 2+ level).  Only allowed
rows are ranked, by |alpha|^2 at a common |M21| (the resonance factor |Delta + i Gamma/2|^-2):
the ranking does not include what else suppresses a pair (a parity change, a hole with
j > 1/2 that needs a higher partial wave, the nuclear matrix element), which each row states.

:func:`allowed_channels` gives, for one parent (or one of its levels), every (level, pair) that
angular momentum allows, with Delta and Gamma_2h as floats and their uncertainties: the daughter
channels of a multi-channel evaluation (:mod:`atommix.channels`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

__all__ = ["rank_candidates", "allowed_channels", "literature_pairs", "half_life_scaled", "implied_m21", "ASSUMPTION"]

#: What the ranking assumes.
ASSUMPTION = ("the same |M21| for every candidate: the ranking is by the resonance factor |Delta + i Gamma/2|^-2; "
              "parity change, higher partial waves and the nuclear matrix element are not in it")


def literature_pairs(shells: str, pairs: Sequence[Any]) -> list[Any]:
    """The estimated pairs matching the pair a source names: ``K L1`` exactly, ``K N`` every K-N subshell pair."""
    tokens = shells.split()
    if len(tokens) != 2:
        return []

    def match(token: str, name: str) -> bool:
        return name == token or (token.isalpha() and name.rstrip("0123456789") == token)

    a, b = tokens
    return [p for p in pairs if (match(a, p.pair[0]) and match(b, p.pair[1])) or (match(b, p.pair[0]) and match(a, p.pair[1]))]


def _parent(c: Any) -> str:
    return c.key.split("@")[0]


def _levels(nuclide: str) -> list[Any]:
    """The shipped rows of ``nuclide``: a parent (``Dy156`` or ``156Dy``, every level) or one level (``Dy156@1988.5``)."""
    from .literature import candidates
    from .nuclides import UnknownNuclideError

    rows = [c for c in candidates() if nuclide in (c.key, _parent(c), c.parent)]
    if not rows:
        parents = dict.fromkeys(_parent(c) for c in candidates())
        raise UnknownNuclideError(f"nuclide must be one of {', '.join(parents)} (a parent, every level) or a level key "
                                  f"such as Dy156@1988.5; got {nuclide!r}")
    return rows


def allowed_channels(nuclide: str, *, include_unknown_spin: bool = False) -> list[dict[str, Any]]:
    """Every (level, captured subshell pair) of ``nuclide`` that angular momentum allows, closest to resonance first.

    Parameters
    ----------
    nuclide
        A parent, ``Dy156`` or ``156Dy`` (all its shipped levels), or one level key, ``Dy156@1988.5``.
    include_unknown_spin
        Also return the pairs of levels whose J^pi no source gives (``allowed`` is then None).

    Returns
    -------
    list of dict
        One record per (level, pair), ordered by |Delta + i Gamma/2| (the resonance factor of Eq. 2.5), with
        ``nuclide`` (level key), ``parent``, ``daughter``, ``E_level_keV``, ``level_spin_parity``, ``shells``
        (``"K L1"``), ``pair_J``, ``allowed``, ``parity_match`` (None: parity unknown), ``suppression`` (words, or
        None), ``open`` (Delta > 0: the two-hole state lies below the parent), ``delta_eV``, ``delta_unc_eV`` (all
        parts in quadrature), ``gamma_eV``, ``gamma_unc_eV`` (None where no second width compilation tabulates both
        holes, or the source gives none), ``estimated`` (False only for a published Delta, 152Gd K L1) and
        ``sources``.  All numbers are floats in eV (keV for the level).  Pairs without a tabulated width, levels
        known only from an older compilation (integer keV) and, by default, levels without J^pi are left out:
        :func:`rank_candidates` says why for each.

    Raises
    ------
    UnknownNuclideError
        ``nuclide`` is not shipped (the message lists the parents).

    The records are the daughters of a multi-channel evaluation; |M21| of each pair is not known (it needs the
    nuclear matrix element of that level and the capture amplitudes of that pair) and is the caller's input:

    >>> from atommix.candidates import allowed_channels
    >>> from atommix.channels import float64_channels
    >>> rows = allowed_channels("Gd152")
    >>> rows[0]["shells"], rows[0]["delta_eV"], rows[0]["gamma_eV"], rows[0]["estimated"]
    ('K L1', 910.0, 23.0, False)
    >>> rec = float64_channels([{"delta": r["delta_eV"], "gamma": r["gamma_eV"], "m21": 1e-24} for r in rows[:3]])
    >>> len(rec["values"]["mixing_channels"])
    3
    """
    from .nuclides import level_pairs, nuclide_parameters

    out = []
    for c in _levels(nuclide):
        if c.level_status != "published":
            continue
        p = nuclide_parameters(c.key)
        published = p.delta is not None and not p.estimated
        named = literature_pairs(c.shells, level_pairs(c)) if published else []
        for pair in level_pairs(c):
            if pair.energy.gamma is None or not (pair.rule.allowed or (include_unknown_spin and pair.rule.allowed is None)):
                continue
            own = published and len(named) == 1 and pair is named[0]  # the pair the published Delta belongs to
            delta, delta_unc = (p.delta, p.delta_unc) if own else (pair.delta, pair.delta_unc)
            gamma, gamma_unc = (p.gamma, None) if own else (pair.energy.gamma, pair.energy.gamma_spread)
            out.append({
                "nuclide": c.key, "parent": c.parent, "daughter": c.daughter, "E_level_keV": float(c.E_level_keV),
                "level_spin_parity": c.level_spin_parity or None, "shells": pair.shells,
                "pair_J": list(pair.rule.couplings), "allowed": pair.rule.allowed, "parity_match": pair.rule.parity_match,
                "suppression": _suppression(pair, c.level_spin_parity), "open": delta > 0,
                "delta_eV": float(delta), "delta_unc_eV": None if delta_unc is None else float(delta_unc),
                "gamma_eV": float(gamma), "gamma_unc_eV": None if gamma_unc is None else float(gamma_unc),
                "estimated": not own, "sources": c.sources,
            })
    out.sort(key=lambda r: math.hypot(r["delta_eV"], r["gamma_eV"] / 2))
    return out


def half_life_scaled(t_half: Fraction, mbb_source: Fraction, mbb: Fraction) -> Fraction:
    """A half-life computed for m_bb = ``mbb_source`` at m_bb = ``mbb``: the rate goes as |M21|^2, i.e. m_bb^2 (Eq. 1.6)."""
    if mbb <= 0 or mbb_source <= 0:
        raise ValueError(f"mbb must be > 0 eV to scale a half-life; got {mbb} (source: {mbb_source})")
    return t_half * (mbb_source / mbb) ** 2


def _numbers(delta: float, delta_unc: float, gamma: float, m21: float, avogadro: float, year: float) -> dict[str, Any]:
    from . import numeric as nu

    point = (delta, gamma, m21)
    # |alpha|^2 over Delta +- its uncertainty: largest where Delta is closest to 0, smallest at the farther end
    low, high = delta - delta_unc, delta + delta_unc
    nearest = 0.0 if low <= 0 <= high else (low if low > 0 else high)
    farthest = high if abs(high) >= abs(low) else low
    es = nu.eigensystem(*point)
    tau_L = float(nu.time_scales(*point).tau_L)
    per_atom = float(nu.spontaneous_rate(*point, n_atoms=1.0))
    return {
        "mixing": float(es.mixing),
        "gamma_L_eV": float(es.gamma_L),
        "tau_L_s": tau_L if es.gamma_L > 0 else None,
        "rate_per_mole_per_s": float(nu.spontaneous_rate(*point, n_atoms=avogadro)),
        "half_life_yr": math.log(2) / per_atom / year if per_atom > 0 else None,
        "resonance_enhancement": float(nu.resonance_suppression(*point)),
        "mixing_range": [float(nu.mixing(farthest, gamma, m21)), float(nu.mixing(nearest, gamma, m21))],
    }


def implied_m21(t_half_yr: float, delta: float, gamma: float) -> float:
    """The |M21| (eV) whose X-ray rate ln2/T gives the half-life at this Delta, Gamma: the rate goes as |M21|^2
    (Eq. 2.5), so one kernel evaluation at a reference |M21| scales exactly up to relative O(|alpha|^2)."""
    from . import numeric as nu
    from .literature import si_exact

    year = float(si_exact("year"))
    reference = 1e-24
    rate = float(nu.spontaneous_rate(delta, gamma, reference, n_atoms=1.0))
    return reference * math.sqrt(math.log(2) / (t_half_yr * year) / rate)


def _suppression(pair: Any, spin_parity: str) -> str | None:
    """What suppresses the pair beyond the resonance factor, with an unknown parity said as such."""
    words = [pair.rule.suppression] if pair.rule.suppression else []
    if spin_parity and pair.rule.parity_match is None:
        words.append("parity of the level unknown")
    return "; ".join(words) or None


def _row(p: Any, pair: Any, m21: float, mbb: Fraction, constants: tuple[float, float], published: bool) -> dict[str, Any]:
    c = p.candidate
    avogadro, year = constants
    row: dict[str, Any] = {
        "nuclide": p.key,
        "transition": f"{c.parent} -> {c.daughter}",
        "Q_keV": float(c.Q_keV),
        "Q_unc_keV": float(c.Q_unc_keV),
        "E_level_keV": float(c.E_level_keV),
        "E_level_unc_keV": None if c.E_level_unc_keV is None else float(c.E_level_unc_keV),
        "level_status": c.level_status,
        "level_spin_parity": c.level_spin_parity or None,
        "shells": None if pair is None else pair.shells,
        "pair_J": None if pair is None else list(pair.rule.couplings),
        "pair_parity": None if pair is None else ("+" if pair.rule.parity > 0 else "-"),
        "allowed": None if pair is None else pair.rule.allowed,
        "parity_match": None if pair is None else pair.rule.parity_match,
        "suppression": None if pair is None else _suppression(pair, c.level_spin_parity),
        "sources": c.sources,
        "notes": [n for n in (c.note,) if n],
    }
    if published:
        row.update(delta_eV=float(p.delta), delta_unc_eV=float(p.delta_unc), delta_unc_parts_eV={"published": float(p.delta_unc)},
                   gamma_eV=float(p.gamma), gamma_unc_eV=None, estimated=[])
        if pair is not None:  # the estimate beside the published value: a check of the two-hole rules
            row.update(delta_estimate_eV=float(pair.delta), delta_estimate_unc_eV=float(pair.delta_unc))
    elif pair is not None:
        row.update(delta_eV=float(pair.delta), delta_unc_eV=float(pair.delta_unc),
                   delta_unc_parts_eV={k: float(v) for k, v in pair.uncertainty_parts.items()},
                   gamma_eV=None if pair.energy.gamma is None else float(pair.energy.gamma),
                   gamma_unc_eV=None if pair.energy.gamma_spread is None else float(pair.energy.gamma_spread),
                   estimated=["delta", "gamma"],
                   B_2h_eV={"sum_rule": float(pair.energy.sum_rule), "z_plus_1": float(pair.energy.z_plus_1)})
        row["notes"].append(f"Delta and Gamma estimated for {pair.shells}: B_2h = midpoint of the sum and Z+1 rules of "
                            "single-hole energies, Gamma_2h = sum of the single-hole widths (atommix.two_hole)")
    else:
        row.update(delta_eV=None, delta_unc_eV=None, delta_unc_parts_eV=None, gamma_eV=None, gamma_unc_eV=None, estimated=[])
    row["open"] = None if row["delta_eV"] is None else row["delta_eV"] > 0
    if row["delta_eV"] is None or row["gamma_eV"] is None:
        row.update(dict.fromkeys(("mixing", "gamma_L_eV", "tau_L_s", "rate_per_mole_per_s", "half_life_yr",
                                  "resonance_enhancement", "mixing_range")))
        row["missing"] = p.notes[-1] if pair is None else "no tabulated width for this pair"
    else:
        row.update(_numbers(row["delta_eV"], row["delta_unc_eV"], row["gamma_eV"], m21, avogadro, year))
    row.update(T_half_literature_yr=None, T_half_literature_mbb_eV=None, T_half_yr=None, m21_implied_eV=None)
    if c.T_half_yr is not None and c.T_half_mbb_eV is not None:
        t_lit, mbb_lit = Fraction(c.T_half_yr), Fraction(c.T_half_mbb_eV)
        t = float(half_life_scaled(t_lit, mbb_lit, mbb))
        row.update(T_half_literature_yr=float(t_lit), T_half_literature_mbb_eV=float(mbb_lit), T_half_yr=t)
        if row["mixing"] is not None:
            row["m21_implied_eV"] = implied_m21(t, row["delta_eV"], row["gamma_eV"])
    return row


def rank_candidates(m21: float, mbb: Fraction | str = Fraction(1, 10)) -> dict[str, Any]:
    """Every shipped candidate level at a common |M21| (eV): the pair closest to resonance that angular momentum allows,
    |alpha|^2, Gamma_L, tau_L, the rate per mole, the half-life, the suppression against exact resonance; the
    literature's own pair where it differs; literature half-lives scaled to m_bb = ``mbb`` (eV) with the |M21| they
    imply.  Allowed rows are ranked by |alpha|^2; rows without a Delta or Gamma say what is missing."""
    from .literature import si_exact
    from .nuclides import candidate_keys, level_pairs, nuclide_parameters

    mbb = Fraction(mbb)
    constants = (float(si_exact("N_A")), float(si_exact("year")))
    rows = []
    for key in candidate_keys():
        p = nuclide_parameters(key)
        c = p.candidate
        published = p.delta is not None and not p.estimated
        pairs = level_pairs(c) if c.level_status == "published" else ()
        named = literature_pairs(c.shells, pairs)
        main_pair = p.pair if not published else (named[0] if len(named) == 1 else None)
        main = _row(p, main_pair, m21, mbb, constants, published)
        if named and not published:
            main["literature_pairs"] = [{"shells": q.shells, "delta_eV": float(q.delta), "allowed": q.rule.allowed}
                                        for q in named]
        rows.append(main)
        if len(named) == 1 and main_pair is not None and named[0].pair != main_pair.pair:
            other = _row(p, named[0], m21, mbb, constants, False)
            other["notes"] = [f"the pair named by the literature ({c.shells}); the level's closest allowed pair is "
                              f"{main_pair.shells}", *other["notes"]]
            rows.append(other)
    ranked = [r for r in rows if r["allowed"] is True and r["mixing"] is not None]
    ranked.sort(key=lambda r: -r["mixing"])
    for rank, row in enumerate(ranked, 1):
        row["rank"] = rank
    rest = [r for r in rows if r not in ranked]
    for row in rest:
        row["rank"] = None
    return {
        "inputs": {"m21": m21, "mbb": float(mbb)},
        "values": {"candidates": ranked + rest},
        "units": {"Q_keV": "keV", "E_level_keV": "keV", "delta_eV": "eV", "delta_unc_eV": "eV", "gamma_eV": "eV",
                  "gamma_unc_eV": "eV",
                  "gamma_L_eV": "eV", "tau_L_s": "s", "rate_per_mole_per_s": "1/s", "half_life_yr": "yr",
                  "mixing": "1", "resonance_enhancement": "1", "T_half_yr": "yr", "m21_implied_eV": "eV"},
        "assumption": ASSUMPTION,
    }
