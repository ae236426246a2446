"""The table of named results: every quantity atommix computes, listed once.

Each :class:`Quantity` has its name (the identifier of the generated kernel, the
JSON key and the CLI column), its unit, whether it is complex, the paper's
equation and section, the family it belongs to, its LaTeX symbol and a one-line
description.  Every layer reads names, units and order from here:
:mod:`atommix.derivations` attaches the expressions to these names, the code
generator iterates over them, :mod:`atommix.numeric` builds its result tuples
from them, :mod:`atommix.validation` reports them, and the command line prints
their units.  This module imports nothing (no SymPy, no NumPy), so every layer
can read it.

>>> from atommix.quantities import QUANTITIES, names
>>> QUANTITIES["gamma_L"].unit, QUANTITIES["gamma_L"].equation
('eV', '2.5')
>>> names("time scale")
('tau_osc', 'tau_S', 'tau_L')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Quantity",
    "Parameter",
    "QUANTITIES",
    "PARAMETERS",
    "FAMILIES",
    "EIGEN",
    "TIME",
    "SCALE",
    "OBSERVABLE",
    "NEUTRINO",
    "CHANNEL",
    "CHANNEL_TIME",
    "names",
    "unit",
    "units",
    "get",
]

#: Families of results.
NEUTRINO = "neutrino input"
EIGEN = "eigen-quantity"
TIME = "time quantity"
SCALE = "time scale"
OBSERVABLE = "observable"
#: One parent coupled to N daughter channels (beyond the paper's 2x2): the eigenvalue connected to |1>
#: and per-channel results (values with a trailing channel axis), and the per-channel time history.
CHANNEL = "channel quantity"
CHANNEL_TIME = "channel time quantity"
#: Every family, in the order of the table.
FAMILIES = (NEUTRINO, EIGEN, TIME, SCALE, OBSERVABLE, CHANNEL, CHANNEL_TIME)


@dataclass(frozen=True)
class Quantity:
    """One named result.

    Attributes
    ----------
    name : str
        Identifier of the kernel, JSON key and column name.
    family : str
        One of :data:`FAMILIES`.
    unit : str
        ``"1"`` for dimensionless, else ``"eV"``, ``"s"``, ``"1/s"``, ``"m^2"``.
    section : str
        The paper's section ("1" to "4"); ``"N"`` for the results with N daughter channels,
        which extend Sections 2 and 3 beyond the paper.
    equation : str or None
        The paper's equation number, e.g. ``"2.3"``; None where the paper has no equation.
    symbol : str
        LaTeX left-hand side.
    description : str
        One line of physics.
    is_complex : bool
        Whether the value is complex.
    paper_order : int or None
        For eigen-quantities: the paper's form is the series in |M21| truncated after this power.
    base : str or None
        For the regime forms of a quantity (Eqs. 3.2-3.4): the quantity they approximate.
    """

    name: str
    family: str
    unit: str
    section: str
    equation: str | None
    symbol: str
    description: str
    is_complex: bool = False
    paper_order: int | None = None
    base: str | None = None


@dataclass(frozen=True)
class Parameter:
    """An input of the parameter point: unit, meaning, allowed range in words, and its lower bound."""

    name: str
    unit: str
    description: str
    allowed: str
    minimum: float | None


def _q(*args: object, **kwargs: object) -> Quantity:
    return Quantity(*args, **kwargs)  # type: ignore[arg-type]


_TABLE = (
    # Section 1: the neutrino inputs of the mixing.
    _q("mbb", NEUTRINO, "eV", "1", "1.4", r"m_{\beta\beta}", "effective Majorana mass |sum_i U_ei^2 m_i|"),
    _q("mbb_max", NEUTRINO, "eV", "1", "1.4", r"m_{\beta\beta}^{\max}", "largest m_bb over the Majorana phases"),
    _q("mbb_min", NEUTRINO, "eV", "1", "1.4", r"m_{\beta\beta}^{\min}", "smallest m_bb over the Majorana phases"),
    _q("m21_from_mbb", NEUTRINO, "eV", "1", "1.6", r"|M_{21}|",
       "|M21| from m_bb and the particle, atomic and nuclear factors"),
    # Section 2: the eigensystem of H (Eq. 2.1).
    _q("alpha", EIGEN, "1", "2", "2.3", r"\alpha", "component of |2> in |lambda_L> = |1> + alpha|2>", True, 1),
    _q("beta", EIGEN, "1", "2", "2.3", r"\beta", "component in |lambda_S> = |2> - beta*|1>", True, 1),
    _q("overlap", EIGEN, "1", "2", "2.4", r"\langle\lambda_S|\lambda_L\rangle",
       "overlap of the non-orthogonal eigenstates, alpha - beta", True, 1),
    _q("mixing", EIGEN, "1", "2", "2.3", r"|\alpha|^2", "mixing probability |alpha|^2", False, 2),
    _q("lambda_L", EIGEN, "eV", "2", "2.2", r"\lambda_L - M_1",
       "eigenvalue of the long-lived state, E_L - i Gamma_L/2", True, 2),
    _q("lambda_S", EIGEN, "eV", "2", "2.2", r"\lambda_S - M_1",
       "eigenvalue of the short-lived state, E_S - i Gamma_S/2", True, 2),
    _q("E_L", EIGEN, "eV", "2", "2.5", r"E_L - M_1", "energy of the long-lived state", False, 1),
    _q("E_S", EIGEN, "eV", "2", "2.5", r"E_S - M_1", "energy of the short-lived state", False, 1),
    _q("gamma_L", EIGEN, "eV", "2", "2.5", r"\Gamma_L",
       "width of the long-lived state (Gamma_L = |alpha|^2 Gamma at first order)", False, 2),
    _q("gamma_S", EIGEN, "eV", "2", "2.5", r"\Gamma_S", "width of the short-lived state", False, 1),
    # Not in the paper: how far the point is from the exceptional point, where the eigen-quantities fail.
    _q("ep_distance", EIGEN, "1", "2", None, r"d_{\mathrm{EP}}",
       "distance to the exceptional point, |lambda_L - lambda_S| / (|z| + 2|M21|): 0 at it, 1 without mixing"),
    _q("condition", EIGEN, "1", "2", None, r"\kappa",
       "condition number of the eigenvalues (1/sin of the angle between the eigenvectors): "
       "1 for orthogonal, infinite at the exceptional point"),
    # Section 3: the time history of an initially pure parent atom.
    _q("survival", TIME, "1", "3", "3.1", r"|\langle 1|1(t)\rangle|^2", "survival probability of the parent atom"),
    _q("appearance", TIME, "1", "3", "3.1", r"|\langle 2|1(t)\rangle|^2",
       "appearance probability of the two-hole daughter"),
    _q("depletion", TIME, "1", "3", "3.7", r"1 - |\langle 1|1(t)\rangle|^2", "depletion of the parent, appearance + P_gs"),
    _q("P_gs", TIME, "1", "3", "3.7c", r"P_{\mathrm{g.s.}}(t)", "population of the daughter ground state"),
    _q("P_L", TIME, "1", "3", "3.7a", r"P_L(t)", "population of the long-lived state |lambda_L>"),
    _q("P_S", TIME, "1", "3", "3.7b", r"P_S(t)", "population of the short-lived state |lambda_S>"),
    _q("tau_osc", SCALE, "s", "3", "3.6", r"\tau_{\mathrm{osc}}", "period of atom oscillations, 2 pi hbar/|E_L - E_S|"),
    _q("tau_S", SCALE, "s", "3", "3.6", r"\tau_S", "lifetime of |lambda_S>, hbar/Gamma_S"),
    _q("tau_L", SCALE, "s", "3", "3.6", r"\tau_L", "lifetime of |lambda_L>, hbar/Gamma_L"),
    _q("appearance_short", TIME, "1", "3", "3.2", r"|\langle 2|1(t)\rangle|^2",
       "appearance probability, regime of Eq. (3.2)", base="appearance"),
    _q("appearance_intermediate", TIME, "1", "3", "3.3", r"|\langle 2|1(t)\rangle|^2",
       "appearance probability, regime of Eq. (3.3)", base="appearance"),
    _q("appearance_long", TIME, "1", "3", "3.4", r"|\langle 2|1(t)\rangle|^2",
       "appearance probability, regime of Eq. (3.4)", base="appearance"),
    # Section 4: observables.
    _q("spontaneous_rate", OBSERVABLE, "1/s", "4", None, r"\frac{dN_X}{dt}",
       "spontaneous X-ray rate Gamma_L N/hbar of N parent atoms"),
    _q("daughter_atoms", OBSERVABLE, "1", "4", "3.7c", r"N_{\mathrm{g.s.}}(t_0)",
       "daughter ground-state atoms N P_gs(t0) after a time t0"),
    _q("gain", OBSERVABLE, "1", "4", "4.5", "G", "gain of stimulated over spontaneous emission in an X-ray beam"),
    _q("stimulated_rate", OBSERVABLE, "1/s", "4", "4.1", r"G \frac{dN_X}{dt}",
       "stimulated X-ray rate, gain times the spontaneous rate"),
    _q("duty_fraction", OBSERVABLE, "1", "4", None, r"f\,\delta t",
       "fraction of time a pulsed beam is on: pulses/s times pulse duration"),
    _q("absorption_rate", OBSERVABLE, "1/s", "4", "4.6", r"W_{\mathrm{abs}}",
       "absorption rate per daughter atom in a laser beam, G/tau"),
    _q("beam_area_square", OBSERVABLE, "m^2", "4", "4.5", r"dS_{\square}", "beam area of a square spot of side d"),
    _q("beam_area_disk", OBSERVABLE, "m^2", "4", "4.5", r"dS_{\circ}", "beam area of a disk spot of diameter d"),
    _q("laser_bandwidth", OBSERVABLE, "1", "4", "4.6", r"\frac{d\omega}{\omega}",
       "relative FWHM bandwidth of a pulse, time-bandwidth product / (frequency x duration)"),
    _q("laser_photon_rate", OBSERVABLE, "1/s", "4", "4.6", r"\frac{dN}{dt}",
       "photons per second during a laser pulse, mean power / (repetition rate x photon energy x duration)"),
    _q("resonance_suppression", OBSERVABLE, "1", "4", None, r"\frac{|\alpha|^2}{|\alpha|^2_{\Delta = 0}}",
       "|alpha|^2 at Delta over |alpha|^2 at exact resonance (same Gamma, |M21|): the rates scale with it"),
    _q("decayed_fraction_L", OBSERVABLE, "1", "4", "3.7a", r"1 - e^{-\Gamma_L t/\hbar}",
       "fraction of the metastable state |lambda_L> decayed after a time t"),
    _q("off_resonance_factor", OBSERVABLE, "1", "4", None, r"\frac{|\Delta|}{\Gamma}",
       "how far off resonance, |Delta|/Gamma"),
    # Beyond the paper: one parent |1> and N two-hole daughters |2_i> (Delta_i, Gamma_i, M_i = <2_i|H|1>).
    # Names ending in "_coupled" are reported under the 2x2 name without the suffix (lambda_L, E_L, ...).
    _q("lambda_L_coupled", CHANNEL, "eV", "N", None, r"\lambda_L - M_1",
       "eigenvalue connected to |1> with N daughter channels: the root of "
       "lambda = sum_i |M_i|^2/(lambda + Delta_i + i Gamma_i/2) continued from 0 as the couplings grow", True),
    _q("E_L_coupled", CHANNEL, "eV", "N", None, r"E_L - M_1", "energy of the long-lived state with N daughter channels"),
    _q("gamma_L_coupled", CHANNEL, "eV", "N", None, r"\Gamma_L",
       "width of the long-lived state with N daughter channels (the field adds the single-channel widths)"),
    _q("mixing_channels", CHANNEL, "1", "N", "2.3", r"|\alpha_i|^2",
       "mixing probability of each channel, |alpha_i|^2 in |lambda_L> = |1> + sum_i alpha_i |2_i>"),
    _q("alpha_channels", CHANNEL, "1", "N", "2.3", r"\alpha_i",
       "component of each daughter |2_i> in |lambda_L> = |1> + sum_i alpha_i |2_i>", True),
    _q("condition_coupled", CHANNEL, "1", "N", None, r"\kappa(\lambda_L)",
       "condition number of lambda_L as an eigenvalue of H, (1 + sum_i |alpha_i|^2)/|1 + sum_i |M_i|^2/"
       "(lambda_L + Delta_i + i Gamma_i/2)^2|: 1 without mixing, infinite where lambda_L is degenerate"),
    _q("appearance_channels", CHANNEL_TIME, "1", "N", "3.1", r"|\langle 2_i|1(t)\rangle|^2",
       "appearance probability of each two-hole daughter |2_i>"),
    _q("P_gs_channels", CHANNEL_TIME, "1", "N", "3.7c", r"P^{(i)}_{\mathrm{g.s.}}(t)",
       "daughter ground-state population fed by each channel, (Gamma_i/hbar) int_0^t |<2_i|1(t')>|^2 dt'"),
)

#: Every named result, in the paper's order.
QUANTITIES: dict[str, Quantity] = {q.name: q for q in _TABLE}

#: The inputs of a parameter point (energies relative to M1).
PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter("delta", "eV", "Delta = M1 - M2 in eV", "any finite real number", None),
        Parameter("gamma", "eV", "the two-hole width Gamma in eV", "a finite real number >= 0", 0.0),
        Parameter("m21", "eV", "the modulus |M21| in eV", "a finite real number >= 0 (give the phase separately)", 0.0),
        Parameter("phase", "rad", "the phase of M21 in radians", "any finite real number", None),
        Parameter("t", "s", "the time since the parent atom was produced, in s", "a finite real number >= 0", 0.0),
    )
}


def names(family: str, *, regimes: bool = False) -> tuple[str, ...]:
    """Names of one family, in table order; regime forms (``base`` set) only with ``regimes=True``."""
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}; got {family!r}")
    return tuple(q.name for q in _TABLE if q.family == family and (regimes or q.base is None))


def get(name: str) -> Quantity:
    """The quantity called ``name``; ``KeyError`` naming the known ones otherwise."""
    try:
        return QUANTITIES[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown result {name!r}; known: {', '.join(QUANTITIES)}") from None


def unit(name: str) -> str:
    """The unit of a quantity or a parameter."""
    if name in PARAMETERS:
        return PARAMETERS[name].unit
    return get(name).unit


def units(quantity_names: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``{name: unit}`` for the given names, in their order."""
    return {n: unit(n) for n in quantity_names}
