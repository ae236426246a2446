"""Proofs that the generated evaluation programs compute the exact forms.

The kernels of :mod:`atommix.numeric` are printed from the evaluation programs of the
registry, not from the exact forms, so those programs are what must be proven.  Every
proof here starts from the program's assignments as they stand (inlined symbol by
symbol), never from a hand-written restatement of what they mean, so a changed constant
or sign anywhere in a program makes a proof fail.

The eigensystem program (:func:`eigen_defects`) in three steps:

1. **the discriminant**: the radicand of ``r`` equals (z^2 + 4|M21|^2)/sigma^2 identically
   (any sigma > 0: the scale is free), with Im = 2 Re(zeta) Im(zeta) as a product;
2. **the branch**: for the principal root r = x + iy (x = Re r >= 0) of that radicand,
   Re(r zeta*) = Re(zeta) (x + Im(zeta)^2/x) whenever x > 0 (:func:`branch_sign_defect`),
   so every arm of the program's choice s = +-r has Re(s z*) >= 0 under its condition;
   x = 0 only where the radicand is real and <= 0, i.e. at Delta = 0 with Gamma >= 4|M21|,
   where r = i sqrt(Gamma^2/4 - 4|M21|^2) gives Re(r z*) = Im(r) Gamma/2 >= 0.  On the tie
   set (Delta = 0, Gamma < 4|M21|) the radicand is positive, r > 0: the upper eigenvalue,
   the limit Delta -> 0+ of the exact forms, which is how the exact forms are read there;
3. **the outputs**: with s the root so chosen (s^2 = z^2 + 4|M21|^2, Re(s z*) >= 0), each
   output minus the exact form reduces to 0 modulo s^2 = z^2 + 4|M21|^2 and its conjugate;
   the proximity measures, which hold odd powers of |.|, are compared through their squares
   (both sides are positive).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from ..quantities import SCALE, names
from . import eigensystem as es
from .eigensystem import EvaluationProgram, pow2_scale
from .functions import phi1
from .symbols import delta, gamma, m21, phase, z, z_conj

__all__ = [
    "inline", "SIGMA", "discriminant_defect", "branch_sign_defect", "branch_arm_checks",
    "eigen_defects", "mutations", "program_mutants", "amplitude_defects", "structural_time_checks",
    "closed_form_defect", "population_defects", "time_scale_defects", "hbar_constant_defects",
    "quadrature_exactness", "caught",
]

#: The free power-of-two scale of the programs: every identity must hold for any sigma > 0.
SIGMA = sp.Symbol("sigma_free", positive=True)

_s, _sb = sp.Symbol("s"), sp.Symbol("s_bar")  # the exact root and its conjugate (as in eigensystem)


def inline(program: EvaluationProgram, expr: sp.Expr, keep: frozenset[sp.Symbol] = frozenset()) -> sp.Expr:
    """``expr`` with every assignment of ``program`` substituted in (last first), except those in ``keep``.

    ``pow2_scale(...)`` becomes the free positive symbol :data:`SIGMA`.
    """
    for sym, rhs in reversed(program.assignments):
        if sym in keep or sym not in expr.free_symbols:
            continue
        rhs = rhs.replace(lambda e: isinstance(e, pow2_scale), lambda e: SIGMA)
        expr = expr.xreplace({sym: rhs})
    return expr


def _assignment(program: EvaluationProgram, name: str) -> tuple[sp.Symbol, sp.Expr]:
    for sym, rhs in program.assignments:
        if sym.name == name:
            return sym, rhs
    raise KeyError(f"the program has no assignment {name!r}")


def _radicand(program: EvaluationProgram) -> sp.Expr:
    """The inlined radicand of the program's square root ``r``."""
    _, rhs = _assignment(program, "r")
    if not (isinstance(rhs, sp.Pow) and rhs.exp == sp.Rational(1, 2)):
        raise AssertionError(f"r must be a square root; got {rhs}")
    return sp.expand(inline(program, rhs.base))


def discriminant_defect(program: EvaluationProgram | None = None) -> sp.Expr:
    """The program's radicand times sigma^2 minus (|Delta| + i Gamma/2)^2 + 4|M21|^2: 0 identically.

    The radicand depends on Delta through |Delta| only (also checked: its values at Delta and
    -Delta agree), so it is z^2 + 4|M21|^2 where Delta >= 0 and the conjugate of it where Delta < 0.
    """
    program = program or es.evaluation_program()
    radicand = _radicand(program)
    d = sp.Symbol("d", nonnegative=True)
    defect = sp.expand(radicand.subs(delta, d) * SIGMA**2 - ((d + sp.I * gamma / 2) ** 2 + 4 * m21**2))
    if defect != 0:
        return defect
    return sp.expand(radicand.subs(delta, -d) - radicand.subs(delta, d))


def branch_sign_defect() -> sp.Expr:
    """Re(r zeta*) - Re(zeta)(x + Im(zeta)^2/x) for r = x + iy with 2xy = 2 Re(zeta) Im(zeta): 0.

    With zeta = a + ib (a, b real) and the principal root's x = Re r > 0, the imaginary part
    of r^2 = zeta^2 + 4 mu^2 fixes y = ab/x; then Re(r zeta*) = xa + yb = a(x + b^2/x).
    """
    a, b = sp.symbols("a b", real=True)
    x = sp.Symbol("x", positive=True)
    y = a * b / x  # from Im(r^2) = 2xy = Im(zeta^2) = 2ab
    r = x + sp.I * y
    zeta = a + sp.I * b
    return sp.simplify(sp.expand(sp.re(r * sp.conjugate(zeta)) - a * (x + b**2 / x)))


def branch_arm_checks(program: EvaluationProgram | None = None) -> list[tuple[str, bool]]:
    """Each arm of the program's choice of s: (description, whether Re(s z*) >= 0 holds under its condition).

    With p the principal root of (z^2 + 4|M21|^2)/sigma^2, the program's r is p where Delta >= 0 and
    conj(p) where Delta < 0 (:func:`discriminant_defect`).  An arm must therefore be c r (c = +-1) on a
    region of Delta >= 0 and c conj(r) on a region of Delta < 0: it is c p, and Re(c p z*) = c Re(zeta)(x + ...)
    has the sign of c Delta (sigma > 0).  The conditions are read as SymPy relations on Delta; the
    fall-through arm holds where every earlier condition fails.
    """
    program = program or es.evaluation_program()
    _, choice = _assignment(program, "s_scaled")
    r_sym, _ = _assignment(program, "r")
    if not isinstance(choice, sp.Piecewise):
        raise AssertionError(f"s_scaled must be a Piecewise choice of +-r; got {choice}")
    checks = []
    earlier: list[sp.Basic] = []
    d = sp.Symbol("d", real=True)
    for value, cond in choice.args:
        region = sp.And(cond, *(sp.Not(c) for c in earlier)) if earlier else cond
        earlier.append(cond)
        where = region.subs(delta, d)
        if _implied(where, d >= 0, d):
            root = r_sym
        elif _implied(where, d < 0, d):
            root = sp.conjugate(r_sym)
        else:
            checks.append((f"arm {value} spans both signs of Delta", False))
            continue
        sign = sp.simplify(value / root)
        if sign not in (1, -1):
            checks.append((f"arm {value} is not +-p where {region}", False))
            continue
        # Re(s z*) = sign * Delta * (positive): nonnegative on the arm's region of Delta
        ok = _implied(where, sign * d >= 0, d)
        checks.append((f"s = {sign} p where {region}", ok))
    return checks


def _implied(region: sp.Basic, claim: sp.Basic, d: sp.Symbol) -> bool:
    """Whether ``claim`` holds for every real d in ``region`` (regions are intervals in d)."""
    where = sp.solveset(region, d, domain=sp.S.Reals) if region is not sp.true else sp.S.Reals
    fails = sp.solveset(sp.Not(claim), d, domain=sp.S.Reals)
    return sp.Intersection(where, fails) is sp.S.EmptySet


@cache
def eigen_defects() -> dict[str, sp.Expr]:
    """Each eigen-output of the program minus its exact form, reduced: 0 for all (proximity measures squared).

    Step 3 of the module docstring: s_scaled is replaced by s/sigma (steps 1 and 2 prove it
    is the exact root), every other assignment is inlined as it stands.
    """
    program = es.evaluation_program()
    s_scaled, _ = _assignment(program, "s_scaled")
    exact = es.exact_forms()
    proximity = es.proximity_forms()
    out = {}
    for name, expr in program.outputs.items():
        e = inline(program, expr.xreplace({s_scaled: _s / SIGMA}), keep=frozenset({s_scaled}))
        e = _generic_arm(e.xreplace({s_scaled: _s / SIGMA}))
        e = _conj_root(e)
        if name in proximity:
            ref = es.proximity_forms(_s)[name]
            out[name] = es._reduce_re_im(_squared_abs(e**2) - _squared_abs(ref**2))
            continue
        ref = exact[name].subs({es.root: _s, es.root_conj: _sb})
        out[name] = es._reduce_re_im(e - ref)
    return out


def _conj_root(expr: sp.Expr) -> sp.Expr:
    """conjugate(s) as s_bar, so that the reduction knows both roots."""
    return expr.replace(lambda e: isinstance(e, sp.conjugate), lambda e: _conjugate(e.args[0]))


def _conjugate(q: sp.Expr) -> sp.Expr:
    return sp.conjugate(q).subs(sp.conjugate(_s), _sb).subs(sp.conjugate(_sb), _s)


def _squared_abs(expr: sp.Expr) -> sp.Expr:
    """|q|^2 -> q q* everywhere (both sides of a proximity identity are squared first)."""
    expr = sp.powsimp(sp.expand_power_base(expr, force=True), force=True)
    return expr.replace(
        lambda e: isinstance(e, sp.Pow) and isinstance(e.base, sp.Abs) and e.exp.is_even,
        lambda e: (e.base.args[0] * _conjugate(e.base.args[0])) ** (e.exp / 2),
    )


def mutations(expr: sp.Expr) -> list[sp.Expr]:
    """Every variant of ``expr`` with one constant perturbed (x 1.0001) or one term's sign flipped
    (outside regime conditions and the free scale: see :func:`program_mutants`)."""
    return _mutations_of(expr)


_ = (delta, gamma, phase, z_conj)  # symbols the docstrings speak of


# ----------------------------------------------------------------------------------------------
# The time program (Section 3).  The eigen-part is proven above; in what follows lambda_L, Gamma_L
# and Gamma_S of the program are replaced by their exact forms in s = a + ib (a, b real), which
# that proof justifies, and s_scaled by s/sigma.


def _time_setup() -> tuple[EvaluationProgram, dict[sp.Symbol, sp.Expr], sp.Symbol]:
    from . import evolution as ev

    program = ev.evolution_program()
    a, b = sp.symbols("a_s b_s", real=True)
    s = a + sp.I * b
    tau = sp.Symbol("tau_free", positive=True)
    sym = {name: _assignment(program, name)[0] for name in ("s_scaled", "lam_L", "tau_t")}
    rep = {sym["s_scaled"]: s / SIGMA, sym["lam_L"]: (s - z) / 2, sym["tau_t"]: tau}
    return program, rep, tau


def _prepared(program: EvaluationProgram, rep: dict[sp.Symbol, sp.Expr], expr: sp.Expr) -> sp.Expr:
    """``expr`` inlined, with the proven replacements, expm1(x) = e^x - 1 and the generic arm (s != 0) of
    the removable singularities (their s = 0 arms are the limits, checked on the ball grid at the EP)."""
    from sympy.codegen.cfunctions import expm1

    expr = inline(program, expr, keep=frozenset(rep)).xreplace(rep)
    expr = expr.replace(lambda e: isinstance(e, expm1), lambda e: sp.exp(e.args[0]) - 1)
    expr = expr.replace(lambda e: isinstance(e, phi1), lambda e: (sp.exp(e.args[0]) - 1) / e.args[0])
    return _generic_arm(expr)


def _generic_arm(expr: sp.Expr) -> sp.Expr:
    """``expr`` with each removable singularity Piecewise((limit, Eq(..)), (generic, True)) as its generic arm.

    The limit arms (no coupling, s = 0, x = 0) are checked on the ball grid, which takes every arm.
    """
    return expr.replace(lambda e: isinstance(e, sp.Piecewise) and len(e.args) == 2 and _is_equality(e.args[0][1]),
                        lambda e: e.args[-1][0])


def _is_equality(cond: sp.Basic) -> bool:
    """An equality, an Or of equalities, or an And holding an equality (a set of measure zero)."""
    if isinstance(cond, sp.Eq):
        return True
    if isinstance(cond, sp.Or):
        return all(_is_equality(c) for c in cond.args)
    return isinstance(cond, sp.And) and any(isinstance(c, sp.Eq) for c in cond.args)


@cache
def amplitude_defects() -> dict[str, sp.Expr]:
    """The program's amplitudes <1|1(t)>, <2|1(t)> (up to the phases they drop) minus the closed-form
    evolution operator's: 0.

    :func:`.evolution.evolution_defects` proves that closed form solves the Schroedinger equation.
    Also |<2|1(t)>|^2 as the program writes it (without a complex division) minus |A2|^2: 0.
    """
    from . import evolution as ev
    from .symbols import M21

    program, rep, tau = _time_setup()
    a1 = _prepared(program, rep, _assignment(program, "A1")[1])
    a2 = _prepared(program, rep, _assignment(program, "A2")[1])
    p2 = _prepared(program, rep, _assignment(program, "P2")[1])
    (a, b) = sorted((e for e in rep[_assignment(program, "s_scaled")[0]].free_symbols if e != SIGMA), key=str)
    s = a + sp.I * b
    U = ev.evolution_operator().subs({sp.Symbol("s"): s, ev._tau: tau}).subs(M21, m21 * sp.exp(sp.I * phase))
    # the program's amplitudes carry the phases e^{i E_L tau} (and e^{-i phase} for A2), which no output sees
    common = sp.exp(-sp.I * sp.re((s - z) / 2) * tau)
    return {
        "A1": sp.simplify((a1 * common - U[0, 0]).rewrite(sp.exp)),
        "A2": sp.simplify((a2 * common * sp.exp(sp.I * phase) - U[1, 0]).rewrite(sp.exp)),
        "appearance": sp.simplify(sp.expand_complex(p2 - a2 * sp.conjugate(a2))),
    }


def structural_time_checks() -> list[tuple[str, bool]]:
    """Program lines whose correctness is their form: |A1|^2 as Re^2 + Im^2, P_gs's last arm 1 - P1 - P2
    (probability conservation, :func:`.evolution.conservation_defect`), depletion = appearance + P_gs."""
    from . import evolution as ev

    program = ev.evolution_program()
    A1, P1 = _assignment(program, "A1")[0], _assignment(program, "P1")
    P2 = _assignment(program, "P2")[0]
    p_gs_sym, p_gs = _assignment(program, "P_gs_t")
    last = p_gs.args[-1]
    return [
        ("survival = Re(A1)^2 + Im(A1)^2", P1[1] == sp.re(A1) ** 2 + sp.im(A1) ** 2 and program.outputs["survival"] == P1[0]),
        ("appearance = P2", program.outputs["appearance"] == P2),
        ("P_gs's last arm = 1 - survival - appearance", last[0] == 1 - P1[0] - P2 and last[1] is sp.true),
        ("P_gs = the regime choice", program.outputs["P_gs"] == p_gs_sym),
        ("depletion = appearance + P_gs", program.outputs["depletion"] == P2 + p_gs_sym),
        ("conservation: d/dt(|psi1|^2 + |psi2|^2) + Gamma |psi2|^2 = 0", ev.conservation_defect() == 0),
    ]


def _eigen_symbols(s: sp.Expr, s_bar: sp.Expr) -> dict[sp.Symbol, sp.Expr]:
    """The presentation forms' eigen-symbols as exact forms in the root s (and its conjugate)."""
    from . import evolution as ev

    lam_L, lam_S = (s - z) / 2, -(z + s) / 2
    lam_L_bar, lam_S_bar = (s_bar - z_conj) / 2, -(z_conj + s_bar) / 2
    M = m21 * sp.exp(sp.I * phase)
    return {
        ev.lam_L: lam_L, ev.lam_S: lam_S,
        ev.E_L: (lam_L + lam_L_bar) / 2, ev.E_S: (lam_S + lam_S_bar) / 2,
        ev.G_L: sp.I * (lam_L - lam_L_bar), ev.G_S: sp.I * (lam_S - lam_S_bar),
        ev.alpha_sym: 2 * M / (z + s), ev.beta_sym: 2 * M / (z_conj + s_bar),
    }


@cache
def closed_form_defect() -> sp.Expr:
    """The closed-form arm of the program's P_gs minus the presentation form (proven the integral of
    Gamma |A2|^2/hbar by :func:`.evolution.ground_state_defects`): 0."""
    from . import evolution as ev
    from .symbols import M21

    program, rep, tau = _time_setup()
    s = rep[_assignment(program, "s_scaled")[0]] * SIGMA
    closed = _assignment(program, "P_gs_t")[1].args[1][0]
    mine = _prepared(program, rep, closed)
    ref = ev.exact_forms()["P_gs"].xreplace(_eigen_symbols(s, sp.conjugate(s)))
    ref = ref.subs({ev.t: tau * ev.hbar, M21: m21 * sp.exp(sp.I * phase)})
    return sp.simplify(sp.expand_complex(mine - ref))


@cache
def population_defects() -> dict[str, sp.Expr]:
    """P_L and P_S of the program minus their exact presentation forms: 0 (a few minutes of SymPy).

    The program's prefactors, with the common factor e^{-Gamma_X t/hbar} (Gamma_X proven above),
    reduce to the presentation's modulo s^2 = z^2 + 4|M21|^2.
    """
    from . import evolution as ev
    from .symbols import M21

    program = ev.evolution_program()
    sym = {name: _assignment(program, name)[0] for name in ("s_scaled", "tau_t", "g_L", "g_S")}
    tau = sp.Symbol("tau_free", positive=True)
    rep = {sym["s_scaled"]: _s / SIGMA, sym["tau_t"]: tau, sym["g_L"]: ev.G_L * tau, sym["g_S"]: ev.G_S * tau}
    eigen = _eigen_symbols(_s, _sb)
    exact = ev.exact_forms()
    out = {}
    for name, width in (("P_L", ev.G_L), ("P_S", ev.G_S)):
        mine = _conj_root(inline(program, program.outputs[name], keep=frozenset(rep)).xreplace(rep))
        ref = exact[name].subs(ev.t, tau * ev.hbar).subs(M21, m21 * sp.exp(sp.I * phase))
        decay = sp.exp(-width * tau)  # the same factor on both sides: compare what multiplies it
        prefactor = ref.xreplace({decay: 1}).xreplace(eigen)
        out[name] = es._reduce_re_im(_squared_abs(_conj_root(sp.expand(mine / decay - prefactor))))
    return out


def time_scale_defects() -> dict[str, sp.Expr]:
    """tau_osc, tau_S, tau_L of the program against 2 pi hbar/|E_L - E_S|, hbar/Gamma_S, hbar/Gamma_L: 0.

    The eigen-part is proven above, so s_scaled is s/sigma and lambda_L = (s - z)/2; the reciprocals'
    squares are compared (tau_osc holds a modulus) modulo s^2 = z^2 + 4|M21|^2.  hbar is the program's
    float64 value (see :func:`hbar_constant_defects`).  The infinite arm of tau_L (no coupling, or
    Gamma = 0) is checked on the ball grid.
    """
    from . import evolution as ev

    program = ev.evolution_program()
    rep = {_assignment(program, "s_scaled")[0]: _s / SIGMA, _assignment(program, "lam_L")[0]: (_s - z) / 2}
    hbar_value = _hbar_float(program)

    def with_symbol(e: sp.Expr) -> sp.Expr:  # the program's float hbar (and hbar/2, 2 hbar) as the symbol hbar
        return e.replace(lambda q: isinstance(q, sp.Float) and any(q == k * hbar_value for k in (sp.S.Half, 1, 2)),
                         lambda q: sp.nsimplify(q / hbar_value) * ev.hbar)

    symbolic = EvaluationProgram(tuple((s, with_symbol(e)) for s, e in program.assignments),
                                 {k: with_symbol(e) for k, e in program.outputs.items()})
    eigen = _eigen_symbols(_s, _sb)
    exact = ev.exact_forms()
    out = {}
    for name in names(SCALE):
        mine = _conj_root(_generic_arm(inline(symbolic, symbolic.outputs[name], keep=frozenset(rep)).xreplace(rep)))
        ref = exact[name].xreplace(eigen)
        out[name] = es._reduce_re_im(_squared_abs(sp.expand(1 / mine**2 - 1 / ref**2)))
    return out


def _hbar_float(program: EvaluationProgram) -> sp.Float:
    """The program's float64 hbar (the numerator of tau_S)."""
    num, _ = sp.fraction(program.outputs["tau_S"].args[-1][0])  # the finite arm
    return num


def hbar_constant_defects() -> dict[str, float]:
    """Relative distance of the time program's float64 constants from the exact ones they stand for (<= 2^-53)."""
    from . import evolution as ev

    program = ev.evolution_program()
    inverse = _assignment(program, "tau_t")[1].as_coeff_Mul()[0]
    # pi hbar/|omega/2| (the finite arm of tau_osc) prints hbar pi/|omega_half|; tau_L starts from hbar/(2|M21|)
    pi_hbar = program.outputs["tau_osc"].args[-1][0].as_coeff_Mul()[0]
    half_hbar = _assignment(program, "hbar_m21")[1].as_coeff_Mul()[0]
    exact = {"1/hbar": 1 / ev.HBAR_EV_S, "hbar": ev.HBAR_EV_S, "hbar (tau_osc)": ev.HBAR_EV_S,
             "hbar/2 (tau_L)": ev.HBAR_EV_S / 2}
    found = {"1/hbar": inverse, "hbar": _hbar_float(program), "hbar (tau_osc)": pi_hbar, "hbar/2 (tau_L)": half_hbar}
    return {k: float(abs((found[k] - exact[k]) / exact[k]).evalf(30)) for k in exact}


def _mutable_nodes(expr: sp.Expr) -> set[sp.Basic]:
    """Nodes whose mutation changes a value: not inside a Piecewise's regime conditions (any arm is valid
    where it is chosen) nor inside pow2_scale (the scale is free)."""
    frozen: set[sp.Basic] = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Piecewise):
            for _, cond in node.args:
                frozen |= set(sp.preorder_traversal(cond))
        if isinstance(node, pow2_scale):
            for arg in node.args:
                frozen |= set(sp.preorder_traversal(arg))
    return set(sp.preorder_traversal(expr)) - frozen


def program_mutants(program: EvaluationProgram) -> list[tuple[str, EvaluationProgram]]:
    """Every program with one constant of an output or assignment perturbed, or one term's sign flipped."""
    out = []
    for name, expr in program.outputs.items():
        for m in _mutations_of(expr):
            out.append((f"output {name}: {m}", EvaluationProgram(program.assignments, {**program.outputs, name: m})))
    live = {sym for sym, _ in program.needed(list(program.outputs.values()))}
    for k, (sym, rhs) in enumerate(program.assignments):
        if sym not in live:  # not printed into any kernel (kept for a proof, or another family's)
            continue
        for m in _mutations_of(rhs):
            changed = program.assignments[:k] + ((sym, m),) + program.assignments[k + 1:]
            out.append((f"assignment {sym}: {m}", EvaluationProgram(changed, program.outputs)))
    return out


def _mutations_of(expr: sp.Expr) -> list[sp.Expr]:
    allowed = _mutable_nodes(expr)
    out: list[sp.Expr] = []
    for node in sp.preorder_traversal(expr):
        if node not in allowed:
            continue
        if isinstance(node, sp.Number) and node != 0 and node.is_real:
            out.append(expr.xreplace({node: node * sp.Rational(10001, 10000)}))
        if isinstance(node, sp.Add):
            for term in node.args:
                out.append(expr.xreplace({node: sp.Add(*(-t if t is term else t for t in node.args), evaluate=False)}))
    return [m for m in dict.fromkeys(out) if m != expr]


def caught(description: str, mutant: EvaluationProgram, results: list) -> bool:  # type: ignore[type-arg]
    """Whether the proofs (symbolic where the mutated line has one, else the ball grid) reject a mutant.

    Only the results whose evaluation depends on the mutated line are checked.
    """
    import dataclasses

    from .ball_check import grid_defects

    kind, _, rest = description.partition(" ")
    name = rest.split(":", 1)[0]
    try:
        if kind == "assignment" and name == "r" and discriminant_defect(mutant) != 0:
            return True
        if kind == "assignment" and name == "s_scaled" and not all(ok for _, ok in branch_arm_checks(mutant)):
            return True
        for result in results:
            if kind == "output" and result.kernel_id != name:
                continue
            if kind == "assignment" and name not in {s.name for s, _ in mutant.needed([mutant.outputs[result.kernel_id]])}:
                continue
            changed = dataclasses.replace(result, derivation=dataclasses.replace(result.derivation, program=mutant))
            if grid_defects(changed):
                return True
    except Exception:  # a mutant that no longer evaluates, or breaks a proof's structure, is rejected
        return True
    return False


def quadrature_exactness() -> float:
    """The largest |sum_k w_k x_k^j - 1/(j + 1)| over j <= 2n - 1 for the program's Gauss-Legendre rule on [0, 1].

    A rule of n nodes integrates polynomials of degree 2n - 1 exactly; with nodes and weights
    rounded to 17 digits the defect is at the 1e-17 level, and a changed node or weight shows.
    """
    from . import evolution as ev

    rule = ev._gauss_legendre()
    return max(
        float(abs(sum(w * x**j for x, w in rule) - sp.Rational(1, j + 1)))
        for j in range(2 * ev.QUADRATURE_NODES)
    )
