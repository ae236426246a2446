"""Daughter channels of a shipped candidate parent: every allowed two-hole state of every listed level.

A thin adapter from the candidate data to the multi-channel code, which takes plain lists of
channels (:mod:`atommix.channels`, :func:`atommix.channel_audit.channel_audit`): which
(level, captured subshell pair) a parent may reach, and its Delta and Gamma, are decided by
:func:`atommix.candidates.allowed_channels` (selection rules of :mod:`atommix.selection_rules`,
two-hole estimates of :mod:`atommix.two_hole`, the published 152Gd K L1 values); this module
only adds what those records do not hold (see :data:`ASSUMPTIONS`):

- **couplings**: one common |M_i| (and phase) for every channel.  The data hold no per-channel
  nuclear matrix element or capture amplitude, so the caller gives one |M21|, e.g. the paper's
  1e-24 eV of 152Gd K L1 at m_bb = 0.1 eV;
- **exact inputs**: Delta and Gamma are taken as the decimals the records print
  (``Fraction(repr(x))``): the published and estimated values are decimal sums of tabulated
  decimals, which the shortest float repr gives back;
- **labels** ``"K L1 @ 0 keV"``: pair and level energy; the channels keep the order of
  :func:`~atommix.candidates.allowed_channels` (closest to resonance first).

>>> sets = candidate_channel_sets(["152Gd"])
>>> [(c["label"], float(c["delta"]), float(c["gamma"])) for c in sets[0]["channels"]][:3]
[('K L1 @ 0 keV', 910.0, 23.0), ('K L2 @ 0 keV', 1375.05, 23.5), ('K M1 @ 0 keV', 7078.1, 32.2)]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

__all__ = [
    "DEFAULT_PARENTS",
    "ASSUMPTIONS",
    "channel_label",
    "nuclide_channels",
    "candidate_channel_sets",
    "candidates_channel_audit",
]

#: The audit's multi-channel candidates.
DEFAULT_PARENTS = ("152Gd", "156Dy")
ASSUMPTIONS = (
    "channels from atommix.candidates.allowed_channels: every (level, subshell pair) angular momentum allows with a "
    "tabulated width, levels with a published energy and J^pi; Delta and Gamma published (152Gd K L1) or estimated "
    "from single-hole data (atommix.two_hole); one common |M_i| for every channel (the data hold no per-channel "
    "nuclear or capture factors)"
)


def channel_label(record: dict[str, Any]) -> str:
    """``"K L1 @ 0 keV"``: the captured pair and the daughter level of an :func:`allowed_channels` record."""
    return f"{record['shells']} @ {record['E_level_keV']:g} keV"


def _source(record: dict[str, Any]) -> str:
    if not record["estimated"]:
        return "; ".join(record["sources"])
    how = ("estimated (atommix.two_hole): B_2h = midpoint of the sum and Z+1 rules, Gamma = sum of the single-hole "
           f"widths of {record['shells']}")
    return "; ".join([how, *(s for s in record["sources"] if s.startswith(("Q:", "level:")))])


def nuclide_channels(nuclide: str, m21: Fraction, phase: Fraction = Fraction(0)) -> list[dict[str, Any]]:
    """The allowed channels of ``nuclide`` (a parent ``Gd152``/``152Gd`` or a level key ``Dy156@1988.5``), exact.

    Each channel has ``label``, ``nuclide`` (the level key), ``delta``, ``gamma`` (eV), ``m21`` (eV, the common ``m21``), ``phase`` (rad),
    ``delta_unc``, ``gamma_unc`` (float eV, or None), ``estimated``, ``suppression`` and ``source``, in the order of
    :func:`atommix.candidates.allowed_channels`.  An empty list where angular momentum allows no pair with a
    tabulated width; ``UnknownNuclideError`` (a ``ValueError``) names the shipped parents for an unknown one.
    """
    from .candidates import allowed_channels

    out = []
    for r in allowed_channels(nuclide):
        out.append({
            "label": channel_label(r), "nuclide": r["nuclide"],
            "delta": Fraction(repr(r["delta_eV"])), "gamma": Fraction(repr(r["gamma_eV"])),
            "m21": Fraction(m21), "phase": Fraction(phase),
            "delta_unc": r["delta_unc_eV"], "gamma_unc": r["gamma_unc_eV"],
            "estimated": r["estimated"], "suppression": r["suppression"], "source": _source(r),
        })
    return out


def _missing(parent_rows: Sequence[Any], channels: Sequence[dict[str, Any]]) -> list[str]:
    """Why a level of the parent gives no channel, and how many allowed pairs lack a tabulated width."""
    from .nuclides import level_pairs

    out = []
    for c in parent_rows:
        where = f"level {Fraction(c.E_level_keV)} keV"
        if c.level_status != "published":
            out.append(f"{where}: energy only from an older compilation (integer keV), not evaluated")
            continue
        if not c.level_spin_parity:
            out.append(f"{where}: no J^pi in a source opened here")
            continue
        allowed = [p for p in level_pairs(c) if p.rule.allowed]
        no_width = [p.shells for p in allowed if p.energy.gamma is None]
        if no_width:
            out.append(f"{where}: {len(no_width)} allowed pair(s) without a tabulated width ({', '.join(no_width)})")
        if not allowed:
            out.append(f"{where}: no subshell pair reaches J^pi = {c.level_spin_parity}")
    return out


def candidate_channel_sets(parents: Sequence[str] = DEFAULT_PARENTS, m21: Fraction = Fraction(1, 10**24),
                           closest: int | None = None) -> list[dict[str, Any]]:
    """For each parent: its channels (:func:`nuclide_channels` at the common ``m21``) and what is missing.

    ``closest`` keeps only that many channels of each parent, the closest to resonance (default: all; the
    exact audit of 152Gd's 46 channels takes about 1.5 min, of 156Dy's 169 much longer).

    Raises ``ValueError`` naming the shipped parents for a parent that is not among them.
    """
    from .literature import candidates

    out = []
    for parent in parents:
        rows = [c for c in candidates() if c.parent == parent]
        if not rows:
            known = sorted({c.parent for c in candidates()})
            raise ValueError(f"parent must be one of {', '.join(known)}; got {parent!r}")
        channels = nuclide_channels(parent, m21)
        missing = _missing(rows, channels)
        if closest is not None and len(channels) > closest:
            missing.append(f"{len(channels) - closest} farther channel(s) left out (closest {closest} kept)")
            channels = channels[:closest]
        out.append({"name": f"{parent} -> {rows[0].daughter}", "parent": parent, "daughter": rows[0].daughter,
                    "channels": channels, "missing": missing})
    return out


def candidates_channel_audit(parents: Sequence[str] = DEFAULT_PARENTS, m21: Fraction = Fraction(1, 10**24),
                             dps: int | None = None, closest: int | None = None) -> dict[str, Any]:
    """The audit's multi-channel section (:func:`atommix.channel_audit.channel_audit`) at shipped candidates
    (``closest``: as in :func:`candidate_channel_sets`)."""
    from .channel_audit import channel_audit

    return channel_audit(candidate_channel_sets(parents, m21, closest), dps=dps, assumptions=ASSUMPTIONS)
