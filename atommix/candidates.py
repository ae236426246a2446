"""The shipped candidate transitions ranked by resonant mixing: the domain function behind ``atommix candidates``."""

from __future__ import annotations

from typing import Any

__all__ = ["rank_candidates"]

#: What the ranking assumes.
ASSUMPTION = "the same |M21| for every candidate: the ranking is by the resonance factor |Delta + i Gamma/2|^-2"


def rank_candidates(m21: float) -> dict[str, Any]:
    """Every shipped candidate at a common |M21| (eV): |alpha|^2, Gamma_L, tau_L, the rate per mole and the
    suppression against exact resonance, ranked by |alpha|^2; rows without a Delta or Gamma say what is missing."""
    from . import numeric as nu
    from .literature import si_exact
    from .nuclides import candidate_keys, nuclide_parameters

    avogadro = float(si_exact("N_A"))
    rows = []
    for key in candidate_keys():
        p = nuclide_parameters(key)
        row: dict[str, Any] = {
            "nuclide": key,
            "transition": f"{p.candidate.parent} -> {p.candidate.daughter}",
            "Q_keV": float(p.candidate.Q_keV),
            "E_level_keV": float(p.candidate.E_level_keV),
            "shells": p.candidate.shells or None,
            "delta_eV": None if p.delta is None else float(p.delta),
            "delta_unc_eV": None if p.delta_unc is None else float(p.delta_unc),
            "gamma_eV": None if p.gamma is None else float(p.gamma),
            "estimated": list(p.estimated),
            "notes": list(p.notes),
        }
        if p.delta is None or p.gamma is None:
            row.update(mixing=None, gamma_L_eV=None, tau_L_s=None, rate_per_mole_per_s=None, resonance_enhancement=None)
            row["missing"] = p.notes[-1]
        else:
            point = (float(p.delta), float(p.gamma), m21)
            es = nu.eigensystem(*point)
            tau_L = float(nu.time_scales(*point).tau_L)
            row.update(
                mixing=float(es.mixing),
                gamma_L_eV=float(es.gamma_L),
                tau_L_s=tau_L if es.gamma_L > 0 else None,
                rate_per_mole_per_s=float(nu.spontaneous_rate(*point, n_atoms=avogadro)),
                resonance_enhancement=float(nu.resonance_suppression(*point)),
            )
        rows.append(row)
    ranked = sorted(rows, key=lambda r: -(r["mixing"] or -1.0))
    for rank, row in enumerate(ranked, 1):
        row["rank"] = rank if row["mixing"] is not None else None
    return {
        "inputs": {"m21": m21},
        "values": {"candidates": ranked},
        "units": {"Q_keV": "keV", "E_level_keV": "keV", "delta_eV": "eV", "delta_unc_eV": "eV", "gamma_eV": "eV",
                  "gamma_L_eV": "eV", "tau_L_s": "s", "rate_per_mole_per_s": "1/s",
                  "mixing": "1", "resonance_enhancement": "1"},
        "assumption": ASSUMPTION,
    }
