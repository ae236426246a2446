"""The m_bb band of Eq. (1.4) at a lightest neutrino mass: the domain function behind ``atommix mbb``."""

from __future__ import annotations

from typing import Any

from .quantities import units

__all__ = ["mbb_report"]


def mbb_report(lightest: float, ordering: str, source: str = "nufit52", uncertainty: bool = False) -> dict[str, Any]:
    """The band edges over the Majorana phases and the three masses (eV), with their sources.

    With ``uncertainty``, the 16/50/84 % quantiles of the band edges under the 1-sigma
    uncertainties of the oscillation parameters of the same ``source`` as the central values
    (a ``ValueError`` where the shipped data of that source have none).
    """
    from .numeric import mbb_band, neutrino_masses, oscillation_parameters

    band = mbb_band(lightest, ordering, source)
    masses = neutrino_masses(lightest, ordering, source)
    params = oscillation_parameters(ordering, source)
    result: dict[str, Any] = {
        "inputs": {"ordering": ordering, "lightest": lightest, "source": source},
        "sources": {source: params.source},
        "values": {
            "mbb_min": float(band.min),
            "mbb_max": float(band.max),
            "m1": float(masses[0]),
            "m2": float(masses[1]),
            "m3": float(masses[2]),
        },
        "units": {**units(("mbb_min", "mbb_max")), "m1": "eV", "m2": "eV", "m3": "eV"},
    }
    if uncertainty:
        from .uncertainty import propagate_mbb_band

        b = propagate_mbb_band(lightest, ordering, source=source)
        result["values"]["uncertainties"] = {
            "mbb_min": dict(zip(("lo_16", "median", "hi_84"), b.min_quantiles)),
            "mbb_max": dict(zip(("lo_16", "median", "hi_84"), b.max_quantiles)),
        }
        result["sources"]["uncertainties"] = (
            f"from {source}, the source of the central values: its 1-sigma uncertainties, independent "
            "(Gaussian; split normal where the range is asymmetric)"
        )
    return result
