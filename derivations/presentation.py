"""How each registered result is written in the paper: named intermediates and the forms in them.

Presentation only.  The registry's exact forms are what the code generator and the
proofs use; a paper writes the same results with named intermediates defined once
(z = Delta + i Gamma/2, s = sqrt(z^2 + 4|M21|^2), lambda_L, |alpha|^2, ...), with
absolute energies (lambda_L = M_1 + (s - z)/2, E_L ~ M_1 as in Eqs. 2.2 and 2.5),
with |alpha|^2 where the paper has it (Gamma_L ~ |alpha|^2 Gamma), and beside each of the
paper's approximations the leading term it neglects.  :func:`presentations` gives
that form for every result, :func:`names` the named intermediates with their
definitions; :func:`in_registry_terms` substitutes the definitions back, so that
``tests/test_latex_presentation.py`` checks every presentation against the
registry's forms (and each neglected term against the exact value).

In an approximation line a named result stands for the paper's form of it (|alpha|^2
there is |M21|^2/(Delta^2 + Gamma^2/4)), as in the paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from . import evolution as ev
from . import mixing_amplitude as amp
from . import neutrino_mass as nm
from . import observables as obs
from .eigensystem import paper_forms, root
from .printing import Frac, InOrder, Power, Spaced, plain
from .symbols import LATEX_NAMES, M21, delta, gamma, m21, z

__all__ = [
    "Name",
    "Presentation",
    "names",
    "presentations",
    "symbol_names",
    "leading_factors",
    "in_registry_terms",
    "M1",
    "M2",
]

I = sp.I
half = sp.Rational(1, 2)


@dataclass(frozen=True)
class Name:
    """A named intermediate of the presentation forms.

    Attributes
    ----------
    symbol : sympy.Symbol
        The symbol in the presentation forms.
    latex : str
        How it is written.
    definition : sympy.Expr or None
        Printed as ``latex \\equiv definition`` where the symbol is first used; None for a
        symbol defined by a result's own equation (``result``) or needing no definition.
    note : str
        LaTeX text after the definition (the branch of s, say).
    result : str or None
        The registered result whose equation defines the symbol.
    exact : sympy.Expr
        Its value in the registry's terms, for the checks.
    paper : sympy.Expr or None
        Its value in approximation lines (the paper's form), where that differs.
    """

    symbol: sp.Symbol
    latex: str
    definition: sp.Expr | None = None
    note: str = ""
    result: str | None = None
    exact: sp.Expr | None = None
    paper: sp.Expr | None = None


@dataclass(frozen=True)
class Presentation:
    """One result as the paper writes it.

    Attributes
    ----------
    exact : sympy.Expr or None
        The exact form in named intermediates; None where the left-hand side says it all
        (``1 - e^{-Gamma_L t/hbar}``) or the exact form is another result's (the regimes of Eq. 3.1).
    approximation, neglected : sympy.Expr or None
        The paper's form and the leading term it drops.
    condition : str
        LaTeX of where the approximation holds.
    lhs : str or None
        Left-hand side replacing the quantity table's symbol.
    identity : sympy.Expr or None
        A definition of the left-hand side printed after it (``lambda_L \\equiv E_L - (i/2) Gamma_L``).
    offset : sympy.Expr
        Presentation minus registry form: M_1 where the paper writes absolute energies.
    """

    exact: sp.Expr | None
    approximation: sp.Expr | None = None
    neglected: sp.Expr | None = None
    condition: str = ""
    lhs: str | None = None
    identity: sp.Expr | None = None
    offset: sp.Expr = sp.Integer(0)


# ---------------------------------------------------------------------------------------------
# Symbols of the presentation forms (names prefixed, so none equals a registry symbol).
def _sym(name: str, **assumptions: bool) -> sp.Symbol:
    return sp.Symbol(f"p:{name}", **assumptions)


M1 = sp.Symbol("M_1", real=True)
M2 = sp.Symbol("M_2", real=True)
Z = _sym("z")
S = _sym("z_s")  # named after z so that a sum prints z + s
Z0, S0 = _sym("z0"), _sym("z0_s")
C12, C13 = _sym("c12", nonnegative=True), _sym("c13", nonnegative=True)
ALPHA, BETA = _sym("alpha"), _sym("beta")
MIXING = _sym("mixing", nonnegative=True)
LAM_L, LAM_S = _sym("lambda_L"), _sym("lambda_S")
E_L, E_S = _sym("E_L", real=True), _sym("E_S", real=True)
G_L, G_S = _sym("Gamma_L", nonnegative=True), _sym("Gamma_S", nonnegative=True)
APPEARANCE, P_GS = _sym("appearance", nonnegative=True), _sym("P_gs", nonnegative=True)
P_GS_T0, T0 = _sym("P_gs_t0", nonnegative=True), _sym("t0", nonnegative=True)
MBB_MAX = _sym("mbb_max", nonnegative=True)
LUMINOSITY = _sym("luminosity", nonnegative=True)
LAM_I = _sym("lambda_L_i")  # lambda_L of daughter channel i alone

hbar, t = ev.hbar, ev.t

#: Section 3's forms hold the eigen-quantities as symbols; what each stands for.
_EIGEN_SYMBOLS = {
    ev.lam_L: "lambda_L", ev.lam_S: "lambda_S", ev.E_L: "E_L", ev.E_S: "E_S", ev.G_L: "gamma_L",
    ev.G_S: "gamma_S", ev.alpha_sym: "alpha", ev.beta_sym: "beta", sp.Symbol("P_gs"): "P_gs",
}

_BRANCH = (
    r"the root with $\amxRe(s z^*) > 0$, so that $\lambda_L$ is the eigenvalue nearer $M_1$; "
    r"at $\Delta = 0$, $\Gamma < 4|M_{21}|$, where $\amxRe(s z^*) = 0$, $s > 0$: "
    r"$\lambda_L$ is the upper level, the limit $\Delta \to 0^+$"
)


@cache
def names() -> dict[sp.Symbol, Name]:
    """Every named intermediate, in the order a where-line defines them."""
    from .registry import registry

    reg = registry()
    exact = {sym: reg[name].exact for sym, name in _EIGEN_SYMBOLS.items()}

    def result(symbol: sp.Symbol, latex: str, name: str, offset: sp.Expr = sp.Integer(0)) -> Name:
        paper = reg[name].approximation
        return Name(symbol, latex, result=name, exact=reg[name].exact + offset,
                    paper=None if paper is None else paper + offset)

    table = [
        Name(Z, "z", delta + I * gamma / 2, exact=z),
        Name(S, "s", sp.sqrt(Z**2 + 4 * sp.Abs(M21) ** 2), note=_BRANCH, exact=root),
        Name(M2, "M_2", M1 - delta, exact=M1 - delta),
        Name(Z0, "z_0", I * gamma / 2, note=r"$z$ at $\Delta = 0$", exact=z.subs(delta, 0)),
        Name(S0, "s_0", sp.sqrt(Z0**2 + 4 * sp.Abs(M21) ** 2), note=r"$s$ at $\Delta = 0$", exact=root.subs(delta, 0)),
        Name(C12, r"c_{12}^2", 1 - nm.sin2_12, exact=1 - nm.sin2_12),
        Name(C13, r"c_{13}^2", 1 - nm.sin2_13, exact=1 - nm.sin2_13),
        Name(LUMINOSITY, r"\frac{dN}{dt\,dS}", exact=obs.photon_rate / obs.beam_area,
             note=r"$dN/dt$ photons per unit time during a pulse, $dS$ the beam area, "
                  r"$d\omega/\omega$ the relative (FWHM) bandwidth"),
        result(ALPHA, r"\alpha", "alpha"),
        result(BETA, r"\beta", "beta"),
        result(MIXING, r"|\alpha|^2", "mixing"),
        result(LAM_L, r"\lambda_L", "lambda_L", M1),
        result(LAM_S, r"\lambda_S", "lambda_S", M1),
        result(E_L, "E_L", "E_L", M1),
        result(E_S, "E_S", "E_S", M1),
        result(G_L, r"\Gamma_L", "gamma_L"),
        result(G_S, r"\Gamma_S", "gamma_S"),
        result(APPEARANCE, r"|\langle 2|1(t)\rangle|^2", "appearance"),
        result(P_GS, r"P_{\mathrm{g.s.}}(t)", "P_gs"),
        Name(P_GS_T0, r"P_{\mathrm{g.s.}}(t_0)", result="P_gs", exact=reg["P_gs"].exact,
             paper=reg["P_gs"].approximation),
        Name(T0, "t_0", exact=t),
        result(MBB_MAX, r"m_{\beta\beta}^{\max}", "mbb_max"),
        Name(LAM_I, r"\lambda_L^{(i)}", note=r"$\lambda_L^{(i)}$ is $\lambda_L$ (Eq. 2.2) of channel $i$ alone: "
             r"$\Delta_i$, $\Gamma_i$, $M_i$ for $\Delta$, $\Gamma$, $M_{21}$", exact=_single_channel()),
    ]
    out = {n.symbol: n for n in table}
    # the eigen-symbols inside the registry's Section 3 forms, resolved by in_registry_terms
    out.update({sym: Name(sym, "", exact=value) for sym, value in exact.items()})
    return out


def symbol_names() -> dict[sp.Symbol, str]:
    """LaTeX of every symbol in the presentation forms."""
    from . import channels as ch

    table = LATEX_NAMES | ev.EIGEN_SYMBOL_LATEX | nm.LATEX_NAMES | obs.LATEX_NAMES | amp.LATEX_NAMES
    table |= ch.LATEX_NAMES | {obs.hbar_c: r"(\hbar c)", amp.V_ud: r"\cos\theta_C", m21: "|M_{21}|", M1: "M_1"}
    return table | {n.symbol: n.latex for n in names().values() if n.latex}


def leading_factors() -> tuple[sp.Expr, ...]:
    """Factors written first in a product, in this order: M21 |M21|^2, |alpha|^2 Gamma t."""
    return (M21, sp.Abs(M21), MIXING, obs.gain_factor, G_L, G_S, gamma, obs.n_atoms)


def in_registry_terms(expr: sp.Expr, *, paper: bool = False) -> sp.Expr:
    """``expr`` with every named intermediate replaced by what it stands for (``paper``: in an
    approximation line), then the eigen-symbols of Section 3 by their exact forms."""
    table = names()
    expr = plain(sp.sympify(expr))
    for _ in range(8):  # definitions refer to earlier ones; a few rounds reach the base symbols
        subs = {}
        for sym in expr.free_symbols & set(table):
            n = table[sym]
            subs[sym] = n.paper if paper and n.paper is not None else n.exact
        if not subs:
            return expr
        expr = expr.xreplace(subs)
    raise RuntimeError(f"named intermediates do not resolve: {expr.free_symbols & set(table)}")


# ---------------------------------------------------------------------------------------------
def _section_1() -> dict[str, Presentation]:
    a1 = InOrder(C12, C13, nm.m1)
    a2 = InOrder(nm.sin2_12, C13, nm.m2)
    a3 = InOrder(nm.sin2_13, nm.m3)
    terms = sp.Add(a1, InOrder(nm.sin2_12, C13, nm.m2, sp.exp(I * nm.alpha21)),
                   InOrder(nm.sin2_13, nm.m3, sp.exp(I * nm.alpha31)), evaluate=False)
    return {
        "mbb": Presentation(sp.Abs(terms, evaluate=False), lhs=r"m_{\beta\beta} = \Bigl|\sum_i U_{ei}^2 m_i\Bigr|"),
        "mbb_max": Presentation(sp.Add(a1, a2, a3, evaluate=False)),
        "mbb_min": Presentation(sp.Max(0, 2 * sp.Max(a1, a2, a3, evaluate=False) - MBB_MAX, evaluate=False)),
        "m21_from_mbb": Presentation(InOrder(
            amp.mbb_abs, Power(Frac(InOrder(amp.G_F, amp.V_ud), sp.sqrt(2)), 2, sp.false), amp.F21,
            Frac(amp.g_A**2, 2 * sp.pi), sp.Abs(amp.M0nu))),
    }


_WEAK = r"2|M_{21}| \ll |z|"


def _section_2() -> dict[str, Presentation]:
    zb, sb = sp.conjugate(Z), sp.conjugate(S)
    paper = paper_forms()
    below = sp.Add(delta, -I * gamma / 2, evaluate=False)  # the paper's [Delta - (i/2) Gamma]
    m4 = sp.Abs(M21) ** 4
    weak = {"condition": _WEAK}
    return {
        "alpha": Presentation(2 * M21 / (Z + S), paper["alpha"], -M21 * sp.Abs(M21) ** 2 / Z**3, **weak),
        "beta": Presentation(2 * M21 / (zb + sb), paper["beta"], -M21 * sp.Abs(M21) ** 2 / zb**3, **weak),
        "overlap": Presentation(ALPHA - BETA, paper["overlap"], -2 * I * M21 * sp.Abs(M21) ** 2 * sp.im(Z**-3, evaluate=False),
                                **weak),
        "mixing": Presentation(4 * sp.Abs(M21) ** 2 / sp.Abs(Z + S) ** 2, paper["mixing"],
                               -2 * MIXING**2 * (delta**2 - gamma**2 / 4) / (delta**2 + gamma**2 / 4), **weak),
        "lambda_L": Presentation(sp.Add(M1, sp.Mul(half, S - Z, evaluate=False), evaluate=False), sp.Add(M1, MIXING * below, evaluate=False), -m4 / Z**3,
                                 lhs=r"\lambda_L", identity=E_L - I * G_L / 2, offset=M1, **weak),
        "lambda_S": Presentation(sp.Add(M1, sp.Mul(-half, Z + S, evaluate=False), evaluate=False),
                                 sp.Add(M2, -I * gamma / 2, -MIXING * below, evaluate=False), m4 / Z**3,
                                 lhs=r"\lambda_S", identity=E_S - I * G_S / 2, offset=M1, **weak),
        "E_L": Presentation(sp.re(LAM_L), M1, MIXING * delta, lhs="E_L", offset=M1, **weak),
        "E_S": Presentation(sp.re(LAM_S), M2, -MIXING * delta, lhs="E_S", offset=M1, **weak),
        "gamma_L": Presentation(-2 * sp.im(LAM_L), MIXING * gamma, 2 * m4 * sp.im(Z**-3, evaluate=False), **weak),
        "gamma_S": Presentation(-2 * sp.im(LAM_S), gamma, -MIXING * gamma, **weak),
        "ep_distance": Presentation(sp.Abs(S) / sp.Add(sp.Abs(Z), 2 * sp.Abs(M21), evaluate=False)),
        "condition": Presentation(Frac(InOrder(1 + MIXING, sp.Abs(Z + S)), 2 * sp.Abs(S))),
    }


def _section_3() -> dict[str, Presentation]:
    tau = t / hbar
    ab = ALPHA * sp.conjugate(BETA)
    weak = {"condition": _WEAK}
    populations = {"condition": r"\tau_S \ll t \ll \tau_L"}
    ring = sp.Add(sp.exp(-G_L * tau), sp.exp(-G_S * tau),
                  -2 * sp.exp(-gamma * tau / 2) * sp.cos((E_L - E_S) * tau), evaluate=False)
    paper_ring = sp.Add(1, sp.exp(-gamma * tau), -2 * sp.exp(-gamma * tau / 2) * sp.cos(delta * tau), evaluate=False)
    cross = LAM_L - sp.conjugate(LAM_S)
    bracket = sp.Add((1 - sp.exp(-G_L * tau)) / G_L, (1 - sp.exp(-G_S * tau)) / G_S,
                     -2 * sp.im((1 - sp.exp(-I * cross * tau)) / cross, evaluate=False), evaluate=False)
    linear = MIXING * gamma * tau
    curvature = -(MIXING * gamma * tau) ** 2 / 2
    transient = MIXING * (1 - gamma**2 / (delta**2 + gamma**2 / 4))
    return {
        "survival": Presentation(
            sp.Abs(sp.Add(sp.exp(-I * LAM_L * tau), ab * sp.exp(-I * LAM_S * tau), evaluate=False)) ** 2
            / sp.Abs(1 + ab) ** 2),
        "appearance": Presentation(sp.Abs(M21) ** 2 / sp.Abs(S) ** 2 * ring, MIXING * paper_ring, **weak),
        "depletion": Presentation(sp.Add(APPEARANCE, P_GS, evaluate=False), linear,
                                  sp.Add(MIXING * (2 - gamma**2 / (delta**2 + gamma**2 / 4)), curvature, evaluate=False),
                                  **populations),
        "P_gs": Presentation(gamma * sp.Abs(M21) ** 2 / sp.Abs(S) ** 2 * bracket, linear,
                             sp.Add(transient, curvature, evaluate=False), **populations),
        "P_L": Presentation((1 + MIXING) / sp.Abs(1 + ab) ** 2 * sp.exp(-G_L * tau), 1 - linear,
                            sp.Add(MIXING, -2 * sp.re(ab, evaluate=False), -curvature, evaluate=False), **populations),
        "P_S": Presentation(MIXING * (1 + sp.Abs(BETA) ** 2) / sp.Abs(1 + ab) ** 2 * sp.exp(-G_S * tau), sp.Integer(0),
                            MIXING * sp.exp(-gamma * tau), **populations),
        "tau_osc": Presentation(2 * sp.pi * hbar / sp.Abs(E_L - E_S), 2 * sp.pi * hbar / sp.Abs(delta), **weak),
        "tau_S": Presentation(hbar / G_S, hbar / gamma, **weak),
        "tau_L": Presentation(hbar / G_L, hbar / (MIXING * gamma), **weak),
        "appearance_short": Presentation(None, sp.Abs(M21) ** 2 * tau**2, -sp.Abs(M21) ** 2 * gamma * tau**3 / 2,
                                         condition=r"t \ll \tau_{\mathrm{osc}}"),
        "appearance_intermediate": Presentation(
            None, MIXING * (2 - gamma * tau), -2 * MIXING * sp.exp(-gamma * tau / 2) * sp.cos(delta * tau),
            condition=r"\tau_{\mathrm{osc}} \ll t \ll \tau_S\text{, averaged over }\delta t \gg \tau_{\mathrm{osc}}"),
        "appearance_long": Presentation(
            None, MIXING,
            MIXING * sp.Add(sp.exp(-gamma * tau), -2 * sp.exp(-gamma * tau / 2) * sp.cos(delta * tau), evaluate=False),
            condition=r"t \gg \tau_S"),
    }


def _section_4() -> dict[str, Presentation]:
    weak = {"condition": _WEAK}
    gain = (hbar, obs.hbar_c**2, Frac(sp.pi**2, obs.photon_energy**3), LUMINOSITY,
            Power(obs.rel_bandwidth, -1, sp.true))
    rate = obs.n_atoms / hbar
    return {
        "spontaneous_rate": Presentation(G_L * rate, MIXING * gamma * rate, **weak),
        "daughter_atoms": Presentation(Spaced(obs.n_atoms, P_GS_T0), obs.n_atoms * MIXING * gamma * T0 / hbar,
                                       condition=r"\tau_S \ll t_0 \ll \tau_L"),
        "gain": Presentation(InOrder(*gain)),
        "stimulated_rate": Presentation(InOrder(obs.gain_factor, G_L * rate),
                                        InOrder(obs.gain_factor, MIXING * gamma * rate), **weak),
        "duty_fraction": Presentation(Spaced(obs.pulse_rate, obs.pulse_duration)),
        "absorption_rate": Presentation(InOrder(Frac(InOrder(*gain[:2]), obs.lifetime), *gain[2:])),
        "beam_area_square": Presentation(obs.spot_size**2),
        "beam_area_disk": Presentation(sp.pi * obs.spot_size**2 / 4),
        "laser_bandwidth": Presentation(
            Frac(Spaced(2 * sp.pi * hbar, obs.time_bandwidth), Spaced(obs.photon_energy, obs.pulse_duration))),
        "laser_photon_rate": Presentation(Frac(obs.mean_power, Spaced(
            obs.pulse_rate, obs.electron_charge, obs.photon_energy, obs.pulse_duration))),
        "resonance_suppression": Presentation(sp.Abs(Z0 + S0) ** 2 / sp.Abs(Z + S) ** 2,
                                              Frac(gamma**2 / 4, delta**2 + gamma**2 / 4), **weak),
        "decayed_fraction_L": Presentation(None, MIXING * gamma * t / hbar, **weak),
        "off_resonance_factor": Presentation(sp.Abs(M1 - M2) / gamma),
    }


def _single_channel() -> sp.Expr:
    from . import channels as ch

    return ch.single_channel_lambda_L(ch.i)


def _section_channels() -> dict[str, Presentation]:
    """Several daughter channels: written as derived (sums over i = 1..N), with the field's per-channel forms."""
    from . import channels as ch

    condition = r"\sum_i |M_i|^2 < \min_i |\Delta_i + \tfrac{i}{2}\Gamma_i|^2/4\text{, independent widths}"
    single = {_single_channel(): LAM_I}
    approx = {name: form.xreplace(single) for name, form in ch.approximations().items()}
    neglected = ch.neglected_terms()
    return {
        name: Presentation(form, approx.get(name), neglected.get(name), condition if name in approx else "")
        for name, form in ch.exact_forms().items()
    }


@cache
def presentations() -> dict[str, Presentation]:
    """Every registered result as the paper writes it, by name."""
    return _section_1() | _section_2() | _section_3() | _section_4() | _section_channels()
