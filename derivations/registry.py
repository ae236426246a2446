"""The registry of named results: the backbone that code generation, LaTeX and the CLI iterate over.

The names, units, equations and families come from the quantity table
(:mod:`atommix.quantities`); this module attaches to each name what the
derivations prove about it: the exact expression (presentation form), the
paper's approximation, the condition under which that approximation holds, the
leading term it neglects, and the stable evaluation program from which the
float64 kernel in :mod:`atommix.numeric` is generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Iterator

import sympy as sp

from ..quantities import QUANTITIES, Quantity
from .eigensystem import EvaluationProgram
from .symbols import KERNEL_ARGS, LATEX_NAMES, to_kernel_args

__all__ = ["Derivation", "Result", "registry", "get", "names", "latex_expr", "NUMPY_PRINTER_SETTINGS", "BALL_GRID"]

#: Printer settings shared by code generation and run-time lambdify, so both print the same code.
NUMPY_PRINTER_SETTINGS = {
    "fully_qualified_modules": True,
    "inline": True,
    "user_functions": {"conjugate": "numpy.conjugate"},
}


#: Every entry's program is also checked against its exact form in ball arithmetic on the grid of
#: :mod:`.ball_check` (tests/test_proofs.py); this is the whole proof where nothing else is said.
BALL_GRID = "ball arithmetic on the documented grid (derivations.ball_check.GRID): program and exact form agree"


@dataclass(frozen=True)
class Derivation:
    """What a derivation module attaches to a quantity name.

    Attributes
    ----------
    exact : sympy.Expr
        Exact expression, presentation form (energies relative to M1).
    program : EvaluationProgram or None
        Straight-line stable evaluation program shared by a family of results; None for results
        computed by an iterative solver (N daughter channels), which have no generated kernel.
    args : tuple of sympy.Symbol
        Arguments of the generated kernel, in order.
    approximation : sympy.Expr or None
        The form the paper uses.
    validity : sympy.Expr or None
        Small parameter of the approximation; it holds where this is << 1.
    validity_text : str
        The condition, in words.
    neglected : sympy.Expr or None
        The leading term the paper's form drops (where it is not the next term of the series in M21).
    proof : str
        How the evaluation program is shown to compute the exact form (:mod:`.proofs`, :mod:`.ball_check`).
    """

    exact: sp.Expr
    program: EvaluationProgram | None = field(repr=False)
    args: tuple[sp.Symbol, ...] = KERNEL_ARGS
    approximation: sp.Expr | None = None
    validity: sp.Expr | None = None
    validity_text: str = "exact"
    neglected: sp.Expr | None = None
    proof: str = BALL_GRID


@dataclass(frozen=True)
class Result:
    """One named result of the paper: its entry of the quantity table and its derivation."""

    quantity: Quantity
    derivation: Derivation = field(repr=False)

    # The quantity table's fields.
    @property
    def name(self) -> str:
        return self.quantity.name

    @property
    def symbol(self) -> str:
        return self.quantity.symbol

    @property
    def equation(self) -> str | None:
        return self.quantity.equation

    @property
    def section(self) -> str:
        return self.quantity.section

    @property
    def description(self) -> str:
        return self.quantity.description

    @property
    def unit(self) -> str:
        return self.quantity.unit

    @property
    def is_complex(self) -> bool:
        return self.quantity.is_complex

    @property
    def approximation_order(self) -> int | None:
        return self.quantity.paper_order

    # The derivation's fields.
    @property
    def exact(self) -> sp.Expr:
        return self.derivation.exact

    @property
    def program(self) -> EvaluationProgram:
        if self.derivation.program is None:
            raise KeyError(
                f"{self.name} has no generated kernel: it is computed by an iterative solver "
                "(atommix.numeric.channels, atommix.numeric.channel_evolution)"
            )
        return self.derivation.program

    @property
    def generated(self) -> bool:
        """Whether the result has a straight-line evaluation program and a generated kernel."""
        return self.derivation.program is not None

    @property
    def args(self) -> tuple[sp.Symbol, ...]:
        return self.derivation.args

    @property
    def approximation(self) -> sp.Expr | None:
        return self.derivation.approximation

    @property
    def validity(self) -> sp.Expr | None:
        return self.derivation.validity

    @property
    def validity_text(self) -> str:
        return self.derivation.validity_text

    @property
    def neglected(self) -> sp.Expr | None:
        return self.derivation.neglected

    @property
    def proof(self) -> str:
        return self.derivation.proof

    @property
    def kernel_id(self) -> str:
        """Name of the generated function that evaluates this result (regime entries share their base's)."""
        return self.quantity.base or self.name

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

        self.program  # noqa: B018  (a clear KeyError for results without a generated kernel)
        return getattr(_kernels, self.kernel_id)

    def exact_in_kernel_args(self) -> sp.Expr:
        """The exact form in (delta, gamma, m21, phase)."""
        return to_kernel_args(self.exact)

    def approximation_in_kernel_args(self) -> sp.Expr | None:
        """The paper's form in (delta, gamma, m21, phase)."""
        return None if self.approximation is None else to_kernel_args(self.approximation)

    def latex(self) -> str:
        """LaTeX of the exact form and, where the paper has one, its approximation."""
        exact = latex_expr(self.exact)
        text = f"{self.symbol} = {exact}"
        if self.approximation is not None:
            text += rf" \approx {latex_expr(self.approximation)}"
        if self.neglected is not None:
            text += rf" \quad\text{{(neglected: }} {latex_expr(self.neglected)}\text{{)}}"
        return text

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$"


def latex_expr(expr: sp.Expr) -> str:
    """LaTeX of an expression of the derivations, with the package's symbol names."""
    from .channels import LATEX_NAMES as CHANNEL_NAMES
    from .evolution import EIGEN_SYMBOL_LATEX
    from .mixing_amplitude import LATEX_NAMES as AMPLITUDE_NAMES
    from .neutrino_mass import LATEX_NAMES as MASS_NAMES
    from .observables import LATEX_NAMES as BEAM_NAMES

    names = LATEX_NAMES | EIGEN_SYMBOL_LATEX | MASS_NAMES | BEAM_NAMES | AMPLITUDE_NAMES | CHANNEL_NAMES
    return sp.latex(expr, symbol_names=names, imaginary_unit="ri")


def _derivations() -> dict[str, Derivation]:
    """Every derivation module's attachments, by name."""
    from . import channels, eigensystem, evolution, mixing_amplitude, neutrino_mass, observables

    out: dict[str, Derivation] = {}
    for module in (neutrino_mass, mixing_amplitude, eigensystem, evolution, observables, channels):
        attached = module.derivations()
        clash = set(out) & set(attached)
        if clash:
            raise RuntimeError(f"{module.__name__} attaches names already attached: {sorted(clash)}")
        out.update(attached)
    return out


@cache
def registry() -> dict[str, Result]:
    """All registered results, in the order of the quantity table (the paper's order)."""
    attached = _derivations()
    missing = [n for n in QUANTITIES if n not in attached]
    unknown = [n for n in attached if n not in QUANTITIES]
    if missing or unknown:
        raise RuntimeError(f"quantity table and derivations disagree: without derivation {missing}, not in the table {unknown}")
    return {name: Result(quantity, attached[name]) for name, quantity in QUANTITIES.items()}


def get(name: str) -> Result:
    """The result called ``name``; raises ``KeyError`` naming the known ones."""
    reg = registry()
    if name not in reg:
        raise KeyError(f"unknown result {name!r}; known: {', '.join(reg)}")
    return reg[name]


def names() -> Iterator[str]:
    """Names of all registered results, in the paper's order."""
    return iter(registry())
