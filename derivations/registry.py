"""The registry of named results: the backbone that code generation, LaTeX and the CLI iterate over.

Each :class:`Result` carries its name, the paper's equation number, the exact
expression (presentation form), the paper's approximation, the condition under
which that approximation holds, and the stable evaluation form from which the
float64 kernel in :mod:`atommix.numeric` is generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Iterator

import sympy as sp

from . import eigensystem
from .symbols import KERNEL_ARGS, LATEX_NAMES, M21, to_kernel_args, z

__all__ = ["Result", "registry", "get", "names", "NUMPY_PRINTER_SETTINGS"]

#: Printer settings shared by code generation and run-time lambdify, so both print the same code.
NUMPY_PRINTER_SETTINGS = {
    "fully_qualified_modules": True,
    "inline": True,
    "user_functions": {"conjugate": "numpy.conjugate"},
}


@dataclass(frozen=True)
class Result:
    """One named result of the paper.

    Attributes
    ----------
    name : str
        Identifier used by the kernels, the CLI and JSON output.
    symbol : str
        LaTeX left-hand side.
    equation : str or None
        The paper's equation number, e.g. ``"2.3"``.
    section : str
        The paper's section.
    description : str
        One line of physics.
    unit : str
        ``"eV"`` or ``"1"`` (dimensionless).
    is_complex : bool
        Whether the value is complex.
    exact : sympy.Expr
        Exact expression, presentation form, in Delta, Gamma, M21 (energies relative to M1).
    approximation : sympy.Expr or None
        The form the paper uses.
    validity : sympy.Expr or None
        Small parameter of the approximation; it holds where this is << 1.
    validity_text : str
        The condition, in words.
    approximation_order : int or None
        The paper's approximation is the exact series truncated after this
        power of |M21|; the leading neglected term is the next one.
    program : EvaluationProgram
        Straight-line stable evaluation program shared by a family of results.
    """

    name: str
    symbol: str
    equation: str | None
    section: str
    description: str
    unit: str
    exact: sp.Expr
    program: eigensystem.EvaluationProgram = field(repr=False)
    is_complex: bool = False
    approximation: sp.Expr | None = None
    validity: sp.Expr | None = None
    validity_text: str = "exact"
    approximation_order: int | None = None
    args: tuple[sp.Symbol, ...] = KERNEL_ARGS
    neglected: sp.Expr | None = None
    kernel_name: str = ""
    base: str = ""

    @property
    def kernel_id(self) -> str:
        """Name of the generated function that evaluates this result (regime entries share one)."""
        return self.kernel_name or self.name

    @property
    def evaluation(self) -> sp.Expr:
        """Output expression of the stable evaluation program."""
        return self.program.outputs[self.kernel_id]

    def cse(self, exprs: sp.Expr) -> tuple[tuple[tuple[sp.Symbol, sp.Expr], ...], sp.Expr]:
        """The program's assignments as a ``cse`` callable for :func:`sympy.lambdify`."""
        return self.program.needed([exprs]), exprs

    def lambdify(self) -> Callable[..., object]:
        """The stable evaluation form compiled at run time, exactly as the committed kernel."""
        from sympy.printing.numpy import NumPyPrinter

        return sp.lambdify(
            self.args,
            self.evaluation,
            modules="numpy",
            cse=self.cse,
            printer=NumPyPrinter(NUMPY_PRINTER_SETTINGS),
            docstring_limit=0,
        )

    @property
    def kernel(self) -> Callable[..., object]:
        """The committed generated kernel, a function of ``args`` (delta, gamma, m21, phase[, t])."""
        from ..numeric import _kernels

        return getattr(_kernels, self.kernel_id)

    def exact_in_kernel_args(self) -> sp.Expr:
        """The exact form in (delta, gamma, m21, phase)."""
        return to_kernel_args(self.exact)

    def approximation_in_kernel_args(self) -> sp.Expr | None:
        """The paper's form in (delta, gamma, m21, phase)."""
        return None if self.approximation is None else to_kernel_args(self.approximation)

    def latex(self) -> str:
        """LaTeX of the exact form and, where the paper has one, its approximation."""
        exact = _latex(self.exact)
        text = f"{self.symbol} = {exact}"
        if self.approximation is not None:
            text += rf" \approx {_latex(self.approximation)}"
        if self.neglected is not None:
            text += rf" \quad\text{{(neglected: }} {_latex(self.neglected)}\text{{)}}"
        return text

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$"


def _latex(expr: sp.Expr) -> str:
    from .evolution import EIGEN_SYMBOL_LATEX
    from .neutrino_mass import LATEX_NAMES as MASS_NAMES
    from .mixing_amplitude import LATEX_NAMES as AMPLITUDE_NAMES
    from .observables import LATEX_NAMES as BEAM_NAMES

    names = LATEX_NAMES | EIGEN_SYMBOL_LATEX | MASS_NAMES | BEAM_NAMES | AMPLITUDE_NAMES
    return sp.latex(expr, symbol_names=names, imaginary_unit="ri")


_PERTURBATIVE = (
    2 * sp.Abs(M21) / sp.Abs(z),
    "2|M21| << |Delta + i Gamma/2| (first order of the series in M21; it converges for 2|M21| < |Delta + i Gamma/2|)",
)

_EIGEN_META = {
    # name: (LaTeX symbol, equation, description, unit, complex, order of the paper's form in |M21|)
    "alpha": (r"\alpha", "2.3", "component of |2> in |lambda_L> = |1> + alpha|2>", "1", True, 1),
    "beta": (r"\beta", "2.3", "component in |lambda_S> = |2> - beta*|1>", "1", True, 1),
    "overlap": (r"\langle\lambda_S|\lambda_L\rangle", "2.4", "overlap of the non-orthogonal eigenstates, alpha - beta", "1", True, 1),
    "mixing": (r"|\alpha|^2", "2.3", "mixing probability |alpha|^2", "1", False, 2),
    "lambda_L": (r"\lambda_L - M_1", "2.2", "eigenvalue of the long-lived state, E_L - i Gamma_L/2", "eV", True, 2),
    "lambda_S": (r"\lambda_S - M_1", "2.2", "eigenvalue of the short-lived state, E_S - i Gamma_S/2", "eV", True, 2),
    "E_L": (r"E_L - M_1", "2.5", "energy of the long-lived state", "eV", False, 1),
    "E_S": (r"E_S - M_1", "2.5", "energy of the short-lived state", "eV", False, 1),
    "gamma_L": (r"\Gamma_L", "2.5", "width of the long-lived state (Gamma_L = |alpha|^2 Gamma at first order)", "eV", False, 2),
    "gamma_S": (r"\Gamma_S", "2.5", "width of the short-lived state", "eV", False, 1),
}

_PROXIMITY_META = {
    # Not in the paper: how far the point is from the exceptional point, where the eigen-quantities fail.
    "ep_distance": (r"d_{\mathrm{EP}}", "distance to the exceptional point, |lambda_L - lambda_S| / (|z| + 2|M21|): 0 at it, 1 without mixing"),
    "condition": (r"\kappa", "condition number of the eigenvalues (1/sin of the angle between the eigenvectors): 1 for orthogonal, infinite at the exceptional point"),
}


@cache
def registry() -> dict[str, Result]:
    """All registered results, in the paper's order."""
    out: dict[str, Result] = _mass_results()
    exact = eigensystem.exact_forms()
    paper = eigensystem.paper_forms()
    program = eigensystem.evaluation_program()
    for name, (symbol, eq, description, unit, is_complex, order) in _EIGEN_META.items():
        out[name] = Result(
            name=name,
            symbol=symbol,
            equation=eq,
            section="2",
            description=description,
            unit=unit,
            is_complex=is_complex,
            exact=exact[name],
            approximation=paper[name],
            validity=_PERTURBATIVE[0],
            validity_text=_PERTURBATIVE[1],
            approximation_order=order,
            program=program,
        )
    for name, (symbol, description) in _PROXIMITY_META.items():
        out[name] = Result(name=name, symbol=symbol, equation=None, section="2", description=description,
                           unit="1", exact=exact[name], program=program)
    out.update(_time_results())
    out.update(_observable_results())
    return out


def _observable_results() -> dict[str, Result]:
    from . import evolution
    from . import observables as ob

    exact = ob.forms()
    paper = ob.paper_forms()
    program = ob.program()
    meta = {
        "spontaneous_rate": ("\\frac{dN_X}{dt}", None, "spontaneous X-ray rate Gamma_L N/hbar of N parent atoms", "1/s",
                             KERNEL_ARGS + (ob.n_atoms,)),
        "daughter_atoms": ("N_{\\mathrm{g.s.}}(t_0)", "3.7c", "daughter ground-state atoms N P_gs(t0) after a time t0", "1",
                           KERNEL_ARGS + (evolution.t, ob.n_atoms)),
        "gain": ("G", "4.5", "gain of stimulated over spontaneous emission in an X-ray beam", "1",
                 (ob.photon_energy, ob.photon_rate, ob.beam_area, ob.rel_bandwidth)),
        "stimulated_rate": ("G \\frac{dN_X}{dt}", "4.1", "stimulated X-ray rate, gain times the spontaneous rate", "1/s",
                            KERNEL_ARGS + (ob.n_atoms, ob.gain_factor)),
        "duty_fraction": ("f\\,\\delta t", None, "fraction of time a pulsed beam is on: pulses/s times pulse duration", "1",
                          (ob.pulse_rate, ob.pulse_duration)),
        "absorption_rate": ("W_{\\mathrm{abs}}", "4.6", "absorption rate per daughter atom in a laser beam, G/tau", "1/s",
                            (ob.photon_energy, ob.photon_rate, ob.beam_area, ob.rel_bandwidth, ob.lifetime)),
    }
    return {
        name: Result(
            name=name,
            symbol=symbol,
            equation=eq,
            section="4",
            description=description,
            unit=unit,
            exact=exact[name],
            approximation=paper.get(name),
            validity=_PERTURBATIVE[0] if name in paper else None,
            validity_text=_PERTURBATIVE[1] if name in paper else "exact",
            program=program,
            args=args,
        )
        for name, (symbol, eq, description, unit, args) in meta.items()
    }


def _mass_results() -> dict[str, Result]:
    from . import neutrino_mass as nm

    exact = nm.forms()
    program = nm.program()
    meta = {
        "mbb": (r"m_{\beta\beta}", "effective Majorana mass |sum_i U_ei^2 m_i|", nm.MBB_ARGS),
        "mbb_max": (r"m_{\beta\beta}^{\max}", "largest m_bb over the Majorana phases", nm.BAND_ARGS),
        "mbb_min": (r"m_{\beta\beta}^{\min}", "smallest m_bb over the Majorana phases", nm.BAND_ARGS),
    }
    from . import mixing_amplitude as ma

    out = {
        name: Result(
            name=name,
            symbol=symbol,
            equation="1.4",
            section="1",
            description=description,
            unit="eV",
            exact=exact[name],
            validity_text="exact (three light Majorana neutrinos)",
            program=program,
            args=args,
        )
        for name, (symbol, description, args) in meta.items()
    }
    out["m21_from_mbb"] = Result(
        name="m21_from_mbb",
        symbol=r"|M_{21}|",
        equation="1.6",
        section="1",
        description="|M21| from m_bb and the particle, atomic and nuclear factors",
        unit="eV",
        exact=ma.form(),
        validity_text="leading order in the weak interaction (the paper's 'good approximation')",
        program=ma.program(),
        args=ma.ARGS,
    )
    return out


_TIME_META = {
    # name: (LaTeX symbol, equation, description, unit)
    "survival": (r"|\langle 1|1(t)\rangle|^2", "3.1", "survival probability of the parent atom", "1"),
    "appearance": (r"|\langle 2|1(t)\rangle|^2", "3.1", "appearance probability of the two-hole daughter", "1"),
    "depletion": (r"1 - |\langle 1|1(t)\rangle|^2", "3.7", "depletion of the parent, appearance + P_gs", "1"),
    "P_gs": (r"P_{\mathrm{g.s.}}(t)", "3.7c", "population of the daughter ground state", "1"),
    "P_L": (r"P_L(t)", "3.7a", "population of the long-lived state |lambda_L>", "1"),
    "P_S": (r"P_S(t)", "3.7b", "population of the short-lived state |lambda_S>", "1"),
    "tau_osc": (r"\tau_{\mathrm{osc}}", "3.6", "period of atom oscillations, 2 pi hbar/|E_L - E_S|", "s"),
    "tau_S": (r"\tau_S", "3.6", "lifetime of |lambda_S>, hbar/Gamma_S", "s"),
    "tau_L": (r"\tau_L", "3.6", "lifetime of |lambda_L>, hbar/Gamma_L", "s"),
}


def _time_results() -> dict[str, Result]:
    from . import evolution

    exact = evolution.exact_forms()
    paper = evolution.paper_forms()
    corrections = evolution.population_corrections()
    program = evolution.evolution_program()
    out: dict[str, Result] = {}
    for name, (symbol, eq, description, unit) in _TIME_META.items():
        is_time = name in evolution.TIME_NAMES
        out[name] = Result(
            name=name,
            symbol=symbol,
            equation=eq,
            section="3",
            description=description,
            unit=unit,
            exact=exact[name],
            approximation=paper.get(name),
            validity=_PERTURBATIVE[0] if name in paper else None,
            validity_text=(
                _PERTURBATIVE[1] + ("; tau_S << t << tau_L" if name in ("P_L", "P_S", "P_gs", "depletion") else "")
                if name in paper
                else "exact"
            ),
            program=program,
            args=KERNEL_ARGS + ((evolution.t,) if is_time else ()),
            neglected=corrections.get(name),
        )
    for name, (eq, form, neglected, condition) in evolution.regime_forms().items():
        out[name] = Result(
            name=name,
            symbol=_TIME_META["appearance"][0],
            equation=eq,
            section="3",
            description=f"appearance probability, regime of Eq. ({eq})",
            unit="1",
            exact=exact["appearance"],
            approximation=form,
            validity_text=condition,
            program=program,
            args=KERNEL_ARGS + (evolution.t,),
            neglected=neglected,
            kernel_name="appearance",
            base="appearance",
        )
    return out


def get(name: str) -> Result:
    """The result called ``name``; raises ``KeyError`` naming the known ones."""
    reg = registry()
    if name not in reg:
        raise KeyError(f"unknown result {name!r}; known: {', '.join(reg)}")
    return reg[name]


def names() -> Iterator[str]:
    """Names of all registered results, in the paper's order."""
    return iter(registry())
