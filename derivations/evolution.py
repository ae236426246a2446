"""Time history of an initially pure parent atom |1> (Section 3, Eqs. 3.1-3.7).

With tau = t/hbar, z = Delta + i Gamma/2 and the root s = lambda_L - lambda_S
(s^2 = z^2 + 4|M21|^2), the evolution operator relative to M1 is

    exp(-i H tau) = exp(i z tau/2) [cos(s tau/2) 1 - i (H + z/2) tau sinc(s tau/2)],

an entire function of the parameters (only s^2 enters), so it exists at the
exceptional point too.  The amplitudes of |1(t)> are written, for evaluation,
through ``phi = (exp(i s tau) - 1)/(i s)`` (-> tau as s -> 0, no division by
lambda_L - lambda_S):

    A1 = <1|1(t)> = exp(-i lambda_L tau) (1 + i lambda_L phi),
    A2 = <2|1(t)> = -i M21 phi exp(-i lambda_L tau).

|2> decays to the daughter ground state at rate Gamma/hbar, so its population is

    P_gs(t) = Gamma/hbar int_0^t |A2|^2 dt'
            = Gamma |M21|^2/|s|^2 tau [phi1(-Gamma_L tau) + phi1(-Gamma_S tau) - 2 Re phi1(-(Gamma/2 + i w) tau)],

with phi1(x) = (e^x - 1)/x, w = E_L - E_S, and survival + appearance + P_gs = 1
(proved below).  The populations of the non-orthogonal eigenstates are defined
by the decomposition |1(t)> = c_L(t)|lambda_L> + c_S(t)|lambda_S> as the squared
norms of the two components, P_X = |c_X(t)|^2 <lambda_X|lambda_X>; they do not
add up to survival + appearance (the cross term 2 Re c_L* c_S <lambda_L|lambda_S>
is the non-orthogonality), and to leading order they are Eqs. (3.7a, b).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import sympy as sp

from ..literature import si_exact
from ..quantities import SCALE, TIME, names
from . import eigensystem as es
from .functions import phi1
from .symbols import KERNEL_ARGS, M21, delta, gamma, m21, float64_constant

if TYPE_CHECKING:
    from .registry import Derivation

__all__ = [
    "t",
    "hbar",
    "quadrature_truncation",
    "HBAR_EV_S",
    "evolution_operator",
    "evolution_defects",
    "conservation_defect",
    "ground_state_defects",
    "evolution_program",
    "exact_forms",
    "paper_forms",
    "regime_forms",
    "population_corrections",
    "TIME_NAMES",
    "SCALE_NAMES",
    "QUADRATURE_NODES",
    "derivations",
]

#: Elapsed time since the parent atom was produced (s).
t = sp.Symbol("t", nonnegative=True)
#: Reduced Planck constant (eV s), a symbol in the presentation forms.
hbar = sp.Symbol("hbar", positive=True)
#: hbar = h / (2 pi e) in eV s, exact from the SI defining constants h and e.
HBAR_EV_S = sp.Rational(si_exact("h")) / sp.Rational(si_exact("e")) / (2 * sp.pi)

#: Time-dependent results, per time point.
TIME_NAMES = names(TIME)
#: Time scales of Eq. (3.6), once per parameter point.
SCALE_NAMES = names(SCALE)

#: Gauss-Legendre nodes on [0, 1] for P_gs at short times (exact for polynomials of degree 39).
QUADRATURE_NODES = 20


# ----------------------------------------------------------------------------
# Presentation forms.  The eigen-quantities appear as symbols (lambda_L, ...)
# standing for the exact results of Section 2.
lam_L, lam_S = sp.symbols("lambda_L lambda_S")
E_L, E_S = sp.symbols("E_L E_S", real=True)
G_L, G_S = sp.symbols("Gamma_L Gamma_S", nonnegative=True)
alpha_sym, beta_sym = sp.symbols("alpha beta")

EIGEN_SYMBOL_LATEX = {
    lam_L: r"\lambda_L",
    lam_S: r"\lambda_S",
    E_L: "E_L",
    E_S: "E_S",
    G_L: r"\Gamma_L",
    G_S: r"\Gamma_S",
    alpha_sym: r"\alpha",
    beta_sym: r"\beta",
    t: "t",
    hbar: r"\hbar",
}


def exact_forms() -> dict[str, sp.Expr]:
    """Exact time-dependent results in presentation form (eigen-quantities as symbols)."""
    tau = t / hbar
    s = lam_L - lam_S
    omega = E_L - E_S
    A1 = (-lam_S * sp.exp(-sp.I * lam_L * tau) + lam_L * sp.exp(-sp.I * lam_S * tau)) / s
    A2 = M21 * (sp.exp(-sp.I * lam_L * tau) - sp.exp(-sp.I * lam_S * tau)) / s
    abs_s2 = omega**2 + (G_S - G_L) ** 2 / 4  # |lambda_L - lambda_S|^2
    appearance = sp.Abs(M21) ** 2 / abs_s2 * (
        sp.exp(-G_L * tau) + sp.exp(-G_S * tau) - 2 * sp.exp(-gamma * tau / 2) * sp.cos(omega * tau)
    )
    kappa = gamma / 2 + sp.I * omega
    P_gs = gamma * sp.Abs(M21) ** 2 / abs_s2 * (
        (1 - sp.exp(-G_L * tau)) / G_L
        + (1 - sp.exp(-G_S * tau)) / G_S
        - 2 * sp.re((1 - sp.exp(-kappa * tau)) / kappa, evaluate=False)
    )
    c_L2 = 1 / sp.Abs(1 + alpha_sym * sp.conjugate(beta_sym)) ** 2
    return {
        "survival": sp.Abs(A1) ** 2,
        "appearance": appearance,
        "depletion": 1 - sp.Abs(A1) ** 2,
        "P_gs": P_gs,
        "P_L": c_L2 * (1 + sp.Abs(alpha_sym) ** 2) * sp.exp(-G_L * tau),
        "P_S": c_L2 * sp.Abs(alpha_sym) ** 2 * (1 + sp.Abs(beta_sym) ** 2) * sp.exp(-G_S * tau),
        "tau_osc": 2 * sp.pi * hbar / sp.Abs(E_L - E_S),
        "tau_S": hbar / G_S,
        "tau_L": hbar / G_L,
    }


def paper_forms() -> dict[str, sp.Expr]:
    """The paper's forms: Eq. (3.1) for the appearance, Eq. (3.6) time scales, Eq. (3.7) populations."""
    mixing = sp.Abs(M21) ** 2 / (delta**2 + gamma**2 / 4)
    tau = t / hbar
    appearance = mixing * (1 + sp.exp(-gamma * tau) - 2 * sp.exp(-gamma * tau / 2) * sp.cos(delta * tau))
    return {
        "appearance": appearance,  # Eq. (3.1)
        "P_L": 1 - mixing * gamma * tau,  # Eq. (3.7a), Gamma_L = |alpha|^2 Gamma
        "P_S": sp.Integer(0),  # Eq. (3.7b)
        "P_gs": mixing * gamma * tau,  # Eq. (3.7c)
        "depletion": mixing * gamma * tau,  # 1 - P_L of Eq. (3.7a)
        "tau_osc": 2 * sp.pi * hbar / sp.Abs(delta),  # Eq. (3.6)
        "tau_S": hbar / gamma,
        "tau_L": hbar / (mixing * gamma),
    }


def population_corrections() -> dict[str, sp.Expr]:
    """Leading terms that Eqs. (3.7a-c) drop, for tau_S << t << tau_L.

    P_gs: the constant offset |alpha|^2 (1 - Gamma^2/(Delta^2 + Gamma^2/4)) left by the
    transient of |A2|^2 (its linear growth starts late, or early, by that much), and the
    curvature -(Gamma_L t)^2/2 from the depletion of |lambda_L>; the offset dominates for
    t < hbar sqrt(2/(Gamma Gamma_L)) (0.04 s at 152Gd), the curvature after;
    P_L: P_L(0) - 1 = |alpha|^2 - 2 Re(alpha beta*) and the curvature (Gamma_L t)^2/2;
    P_S: |alpha|^2 e^{-Gamma t/hbar}, all of it.
    """
    z2 = delta**2 + gamma**2 / 4
    mixing = sp.Abs(M21) ** 2 / z2
    tau = t / hbar
    alpha_beta = sp.Abs(M21) ** 2 / (delta + sp.I * gamma / 2) ** 2  # alpha beta* at first order
    return {
        "P_gs": mixing * (1 - gamma**2 / z2) - (mixing * gamma * tau) ** 2 / 2,
        "depletion": mixing * (2 - gamma**2 / z2) - (mixing * gamma * tau) ** 2 / 2,
        "P_L": mixing - 2 * sp.re(alpha_beta) + (mixing * gamma * tau) ** 2 / 2,
        "P_S": mixing * sp.exp(-gamma * tau),
    }


def regime_forms() -> dict[str, tuple[str, sp.Expr, sp.Expr, str]]:
    """Regimes of the appearance probability: (equation, form, leading neglected term, condition).

    Eq. (3.3) is a time average: the interference term it drops oscillates with
    amplitude 2|alpha|^2 e^{-Gamma t/2}, as large as what it keeps, and only its
    average over a resolution delta t >> tau_osc vanishes.
    """
    mixing = sp.Abs(M21) ** 2 / (delta**2 + gamma**2 / 4)
    tau = t / hbar
    return {
        "appearance_short": (
            "3.2",
            sp.Abs(M21) ** 2 * tau**2,
            -sp.Abs(M21) ** 2 * gamma * tau**3 / 2,
            "t << tau_osc: |Delta + i Gamma/2| t/hbar << 1",
        ),
        "appearance_intermediate": (
            "3.3",
            mixing * (2 - gamma * tau),
            -2 * mixing * sp.exp(-gamma * tau / 2) * sp.cos(delta * tau),
            "tau_osc << t << tau_S, averaged over a resolution delta t >> tau_osc",
        ),
        "appearance_long": (
            "3.4",
            mixing,
            mixing * (sp.exp(-gamma * tau) - 2 * sp.exp(-gamma * tau / 2) * sp.cos(delta * tau)),
            "t >> tau_S: Gamma t/hbar >> 1 (and t << tau_L)",
        ),
    }


# ----------------------------------------------------------------------------
# Proofs.
_s = sp.Symbol("s")
_tau = sp.Symbol("tau", nonnegative=True)


def evolution_operator() -> sp.Matrix:
    """exp(-i H tau) in closed form, in s with s^2 = z^2 + 4|M21|^2 (entire in s^2)."""
    from .hamiltonian import hamiltonian
    from .symbols import z

    H = hamiltonian()
    K = H + z / 2 * sp.eye(2)  # traceless part: K^2 = (s/2)^2
    x = _s * _tau / 2
    sinc = sp.sin(x) / x
    return sp.exp(sp.I * z * _tau / 2) * (sp.cos(x) * sp.eye(2) - sp.I * K * _tau * sinc)


def evolution_defects() -> list[sp.Expr]:
    """U' + i H U and U(0) - 1 for the closed form, reduced modulo s^2 = z^2 + 4|M21|^2: all 0."""
    from .hamiltonian import hamiltonian

    from .symbols import z

    U = evolution_operator()
    H = hamiltonian()
    residual = U.diff(_tau) + sp.I * H * U
    # cos, sin and the exponential as plain symbols: what remains is rational in s
    C, S, E = sp.symbols("C S E")
    plain = {sp.cos(_s * _tau / 2): C, sp.sin(_s * _tau / 2): S, sp.exp(sp.I * z * _tau / 2): E}
    out = [es._reduce(sp.together(sp.expand(entry.subs(plain)))) for entry in residual]
    at_zero = [sp.limit(entry, _tau, 0) for entry in (U - sp.eye(2))]
    return out + at_zero


def conservation_defect() -> sp.Expr:
    """d/dtau (|psi_1|^2 + |psi_2|^2) + Gamma |psi_2|^2 for psi' = -i H psi: 0.

    With P_gs' = Gamma |A2|^2 / hbar this is survival + appearance + P_gs = 1 at all t.
    """
    from .hamiltonian import hamiltonian

    p1, p2 = sp.symbols("psi1 psi2")
    psi = sp.Matrix([p1, p2])
    dpsi = -sp.I * hamiltonian() * psi
    norm_rate = sum(sp.conjugate(a) * b + sp.conjugate(b) * a for a, b in zip(psi, dpsi))
    return sp.simplify(sp.expand(norm_rate + gamma * p2 * sp.conjugate(p2)))


def ground_state_defects() -> dict[str, sp.Expr]:
    """The closed form of P_gs: its t-derivative is Gamma |A2|^2 / hbar, and P_gs(0) = 0.

    Checked with E_L, E_S, Gamma_L, Gamma_S as free symbols constrained only by
    Gamma_L + Gamma_S = Gamma (the trace of H), so it holds for every eigensystem.
    """
    forms = exact_forms()
    trace = {G_S: gamma - G_L}
    P_gs = forms["P_gs"].subs(trace)
    appearance = forms["appearance"].subs(trace)
    P_gs = P_gs.replace(lambda e: isinstance(e, sp.re), lambda e: (e.args[0] + sp.conjugate(e.args[0])) / 2)
    rate = sp.diff(P_gs, t) - gamma / hbar * appearance
    rate = sp.simplify(sp.expand_complex(sp.expand(rate.rewrite(sp.exp))))
    return {"rate": rate, "initial": sp.simplify(sp.limit(P_gs, t, 0))}


# ----------------------------------------------------------------------------
# Stable evaluation program (extends the eigensystem program).  Times enter as st = sigma t/hbar,
# energies as multiples of sigma (the eigen-program's scale), so that |M21|^2 t^2/hbar^2 and the
# like are products of numbers of order 1 and of the result's own size: nothing under- or
# overflows while the result is representable.
_tau_s = sp.Symbol("tau_t", nonnegative=True)  # t / hbar (1/eV)
_st = sp.Symbol("st", nonnegative=True)  # sigma t / hbar
_aL = sp.Symbol("a_L")  # lambda_L / sigma
_xL = sp.Symbol("x_L")  # lambda_L t / hbar
_gLt = sp.Symbol("g_L", nonnegative=True)  # Gamma_L t / hbar
_gSt = sp.Symbol("g_S", nonnegative=True)  # Gamma_S t / hbar
_eL = sp.Symbol("e_L")  # exp(-i lambda_L t/hbar)
_ks = sp.Symbol("k_s")  # i s t / hbar (Re <= 0)
_p = sp.Symbol("p_t")  # phi1(i s t/hbar): (exp(i s tau) - 1)/(i s) = tau p
_A1 = sp.Symbol("A1")
_A2 = sp.Symbol("A2")
_P1 = sp.Symbol("P1", nonnegative=True)
_P2 = sp.Symbol("P2", nonnegative=True)
_omh = sp.Symbol("omega_half", real=True)  # (E_L - E_S)/2 (eV), which cannot overflow where E_L, E_S do not
_P_gs = sp.Symbol("P_gs_t", nonnegative=True)
_mst = sp.Symbol("m_st", nonnegative=True)  # |M21| t/hbar
_a2 = sp.Symbol("a2", nonnegative=True)  # |A2| e^{Gamma_L tau/2}
_ms = sp.Symbol("m_s", nonnegative=True)  # |M21|/|s|
_gs = sp.Symbol("g_sigma", nonnegative=True)  # Gamma/sigma
_pre = sp.Symbol("c_closed", nonnegative=True)  # |M21|^2 t/(hbar sigma |s|^2)
_hm = sp.Symbol("hbar_m21", positive=True)  # hbar/(2|M21|)
_tl = sp.Symbol("tau_L_1", nonnegative=True)  # hbar/(4 |M21| mu) = hbar/(4 sigma mu^2)
_wi = sp.Symbol("w2_im", nonnegative=True)  # |w|^2/Im w


@cache
def _gauss_legendre() -> tuple[tuple[sp.Float, sp.Float], ...]:
    from sympy.integrals.quadrature import gauss_legendre

    nodes, weights = gauss_legendre(QUADRATURE_NODES, 20)
    # map [-1, 1] -> [0, 1]; 17 significant digits give the nearest doubles
    return tuple((sp.Float((x + 1) / 2, 17), sp.Float(w / 2, 17)) for x, w in zip(nodes, weights))


def evolution_program() -> es.EvaluationProgram:
    """Stable evaluation of every time quantity (arguments: delta, gamma, m21, phase, t in s)."""
    eig = es.evaluation_program()
    sig, mu, w, w2 = es._sigma, es._mu, es._w, es._w2
    hbar_value = float64_constant(HBAR_EV_S)
    tau = _tau_s
    nodes = []
    quadrature_terms = []
    for k, (xk, wk) in enumerate(_gauss_legendre()):
        phi_k = sp.Symbol(f"phi_{k}")
        nodes.append((phi_k, phi1(xk * _ks)))
        quadrature_terms.append(wk * xk**2 * (sp.re(phi_k) ** 2 + sp.im(phi_k) ** 2) * sp.exp(-xk * _gLt))
    # Gamma/hbar int_0^t |A2|^2 = Gamma tau int_0^1 |A2(x t)|^2 dx, |A2(x t)|^2 = (mu st x |phi1(x k_s)|)^2 e^{-x Gamma_L tau}
    quadrature = _gs * _st * _mst**2 * sp.Add(*quadrature_terms)
    abs_s = sp.Abs(es._s_scaled)
    closed = (
        _gs * _pre
        * (phi1(-_gLt) + phi1(-_gSt) - 2 * sp.re(phi1(-(gamma / (2 * sig) + sp.I * 2 * _omh / sig) * _st)))
    )
    assignments = eig.assignments + (
        (_tau_s, t * float64_constant(1 / HBAR_EV_S)),
        (_st, sig * _tau_s),
        (_aL, es._lam_L / sig),
        (_xL, _aL * _st),
        (_gLt, -2 * sp.im(_xL)),
        (_gSt, (es._G_S / sig) * _st),
        (_omh, delta / 2 + es._E_L),
        # |exp(-i lambda_L tau)| = e^{-Gamma_L tau/2}: the amplitudes below are <1|1(t)>, <2|1(t)> times the
        # phase e^{i E_L tau} (and <2|1(t)> times e^{-i phase} too), which no output depends on; so a phase
        # E_L t/hbar beyond float64's resolution costs no digit of the moduli (proofs.amplitude_defects)
        (_eL, sp.exp(sp.im(_xL))),
        (_ks, sp.I * es._s_scaled * _st),
        (_p, phi1(_ks)),
        # A1 = e^{-i lambda_L tau}(1 + i lambda_L (e^{i s tau} - 1)/(i s)), A2 = -i M21 (e^{i s tau} - 1)/(i s) e^{-i lambda_L tau}
        (_A1, _eL * (1 + sp.I * _xL * _p)),
        (_mst, mu * _st),
        (_A2, -sp.I * _mst * _p * _eL),
        (_P1, sp.re(_A1) ** 2 + sp.im(_A1) ** 2),
        # |A2|^2 squared as one number of the result's own size: no |M21|^2 t^2 to underflow
        (_a2, _mst * sp.Abs(_p)),
        (_P2, _a2**2 * sp.exp(-_gLt)),
        (_gs, gamma / sig),
        (_ms, mu / abs_s),
        # (m_s st) m_s, not m_s^2 st: m_s^2 may underflow where the product does not
        (_pre, (_ms * _st) * _ms),
        *nodes,
    )
    # P_gs by regime: Gauss-Legendre on Gamma|A2|^2 while sigma t/hbar <= 2 (no cancellation at
    # t -> 0); the closed form once |s| t/hbar >= 1, unless |s| < Gamma/4, where its three terms
    # cancel to (|s|/Gamma)^2; there (next to the exceptional point, where P_gs is O(1) once
    # sigma t/hbar > 2) 1 - P1 - P2.
    P_gs = sp.Piecewise(
        # |k_s| = |s| sigma t/hbar <= 2 too, so that the 20-node rule's truncation stays below
        # 1e-30 relative (:func:`quadrature_truncation`); beyond it the closed form is accurate
        (quadrature, (_st <= 2) & (abs_s * _st <= 2)),
        (closed, (abs_s * _st >= 1) & (4 * abs_s >= gamma / sig)),
        (1 - _P1 - _P2, True),
    )
    assignments = assignments + (
        (_P_gs, P_gs),
        # divided step by step: mu^2 may underflow where tau_L does not.  hbar/(2|M21|) first: it is
        # normal for every normal |M21| up to 1.5e292 eV (hbar/sigma is subnormal once sigma > 3e292 eV,
        # e.g. Gamma = 1e296 eV beside |M21| = 1 eV, where tau_L = 1.6e280 s), and
        # hbar/(4|M21| mu) = tau_L Im(w)/|w|^2 with |w| >= 1 overflows only where tau_L does
        (_hm, hbar_value / (2 * m21)),
        (_tl, _hm / (2 * mu)),
        (_wi, w2 / sp.im(w)),
    )
    # w2/|w^2 + 4 mu^2|^2 with w^2 + 4 mu^2 = 2 s w (s^2 = zeta^2 + 4 mu^2, w = zeta + s): no
    # cancellation next to the exceptional point, where w^2 ~ -4 mu^2
    c_weight = 1 / (4 * (sp.re(es._s_scaled) ** 2 + sp.im(es._s_scaled) ** 2))
    # hbar/Gamma_L with Gamma_L = 4 sigma mu^2 Im(w)/|w|^2 = 4 |M21| mu Im(w)/|w|^2, divided step by
    # step so that no intermediate leaves the normal range where tau_L is normal (for |M21| up to
    # 1.5e292 eV; beyond, hbar/(2|M21|) is subnormal and the bound counts it); infinite without coupling or decay
    # (decided on the inputs, exactly: Gamma_L = 0 if and only if |M21| = 0 or Gamma = 0)
    tau_L = sp.Piecewise((sp.oo, sp.Eq(m21, 0) | sp.Eq(gamma, 0)), (_tl * _wi, True))
    outputs = {
        "survival": _P1,
        "appearance": _P2,
        "P_gs": _P_gs,
        "depletion": _P2 + _P_gs,
        # |c_L|^2 <lambda_L|lambda_L> = |w|^2 (|w|^2 + 4 mu^2)/|w^2 + 4 mu^2|^2
        "P_L": c_weight * (w2 + 4 * mu**2) * sp.exp(-_gLt),
        # |alpha|^2 as (2 mu/|w|)^2, which underflows only where |alpha|^2 does
        "P_S": c_weight * es._alpha_abs**2 * (w2 + 4 * mu**2) * sp.exp(-_gSt),
        # infinite where the rate is exactly 0, decided on the inputs: E_L = E_S if and only if
        # Delta = 0 and Gamma >= 4|M21|; Gamma_S >= Gamma/2 vanishes only with Gamma
        # pi hbar/|(E_L - E_S)/2|: the half difference is representable wherever E_L and E_S are
        "tau_osc": sp.Piecewise((sp.oo, sp.Eq(delta, 0) & (gamma >= 4 * m21)), (sp.pi * hbar_value / sp.Abs(_omh), True)),
        "tau_S": sp.Piecewise((sp.oo, sp.Eq(gamma, 0)), (hbar_value / es._G_S, True)),
        "tau_L": tau_L,
    }
    return es.EvaluationProgram(assignments, outputs)


def quadrature_truncation() -> tuple[sp.Symbol, int, tuple[sp.Expr, sp.Expr, sp.Expr]]:
    """Where the time program integrates by quadrature, and what bounds the rule's truncation.

    Returns the symbol of P_gs, the index of its quadrature arm, and (|k_s|, g_L, prefactor) in the
    program's symbols: the integrand of that arm is prefactor x^2 phi1(x k_s) phi1(x k_s*) e^{-x g_L}
    on [0, 1], entire in x, bounded on the Bernstein ellipse of parameter rho of [0, 1] (where
    |x| <= R = 1/2 + (rho + 1/rho)/4) by prefactor R^2 e^{R(2|k_s| + g_L)}; the n-node Gauss-Legendre
    error is then at most (32/15) M rho^{-2n}/(rho^2 - 1) (Trefethen, *Approximation Theory and
    Approximation Practice*, Thm. 19.3, halved for [0, 1]).  With |k_s| <= 2 and g_L <= 4 on the arm
    this is below 1e-30 of the prefactor; :func:`atommix.numeric.roundoff.gauss_legendre_truncation`
    evaluates it at each point.
    """
    program = evolution_program()
    p_gs = next(s for s, _ in program.assignments if s.name == "P_gs_t")
    return p_gs, 0, (sp.Abs(es._s_scaled) * _st, _gLt, _gs * _st * _mst**2)


def derivations() -> dict[str, Derivation]:
    """The registry's attachments of Section 3: time quantities, time scales and the regimes of Eq. (3.1)."""
    from .registry import BALL_GRID, Derivation

    exact, paper, corrections = exact_forms(), paper_forms(), population_corrections()
    program = evolution_program()
    validity, condition = es.PERTURBATIVE
    with_time = KERNEL_ARGS + (t,)
    out: dict[str, Derivation] = {}
    proofs = {name: f"{text}; and {BALL_GRID}" for name, text in _PROOFS.items()}
    for name in TIME_NAMES + SCALE_NAMES:
        args = with_time if name in TIME_NAMES else KERNEL_ARGS
        if name not in paper:
            out[name] = Derivation(exact[name], program, args, proof=proofs[name])
            continue
        # Eqs. (3.7a-c) also need the transient over and the metastable state intact.
        text = condition + ("; tau_S << t << tau_L" if name in corrections else "")
        out[name] = Derivation(exact[name], program, args, approximation=paper[name], validity=validity,
                               validity_text=text, neglected=corrections.get(name), proof=proofs[name])
    for name, (_, form, neglected, regime) in regime_forms().items():
        out[name] = Derivation(exact["appearance"], program, with_time, approximation=form,
                               validity_text=regime, neglected=neglected, proof=proofs["appearance"])
    return out


#: How each time program output is proven (derivations.proofs), before the ball grid that checks them all.
_PROOFS = {
    "survival": "symbolic: <1|1(t)> of the program is the closed-form e^{-iHt/hbar} (proofs.amplitude_defects), "
                "which solves the Schroedinger equation (evolution_defects); |.|^2 as Re^2 + Im^2",
    "appearance": "symbolic: <2|1(t)> is the closed form's, and the program's |.|^2 without a complex division "
                  "equals |<2|1(t)>|^2 (proofs.amplitude_defects)",
    "depletion": "structural: appearance + P_gs (proofs.structural_time_checks), both proven",
    "P_gs": "the closed-form arm symbolic (proofs.closed_form_defect; the form is the integral of Gamma|A2|^2/hbar "
            "by ground_state_defects); the last arm is 1 - survival - appearance, exact by probability "
            "conservation; the Gauss-Legendre arm (sigma t/hbar <= 2) is a 20-node quadrature, an approximation: "
            "checked against the exact integral in ball arithmetic on the grid to 1e-14 relative",
    "P_L": "symbolic: modulo s^2 = z^2 + 4|M21|^2 (proofs.population_defects, a slow test)",
    "P_S": "symbolic: modulo s^2 = z^2 + 4|M21|^2 (proofs.population_defects, a slow test)",
    "tau_osc": "symbolic (proofs.time_scale_defects), with the float64 hbar within 2^-53 of the exact one",
    "tau_S": "symbolic (proofs.time_scale_defects), with the float64 hbar within 2^-53 of the exact one",
    "tau_L": "symbolic (proofs.time_scale_defects), with the float64 hbar within 2^-53 of the exact one",
}
