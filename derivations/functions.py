"""Special functions of the evaluation programs, with their NumPy printing.

``phi1(x) = (e^x - 1)/x`` (1 at x = 0) is the function of the time program: the amplitudes are
``(e^{i s tau} - 1)/(i s) = tau phi1(i s tau)`` and P_gs's closed form is a sum of
``phi1(-Gamma_X tau)``.  As one primitive it has no removable singularity to branch on, no
complex division by a vanishing s (the exceptional point), and a simple error model
(:mod:`.rounding`): |phi1'(x)| <= e^{max(0, Re x)}/2, since phi1(x) = int_0^1 e^{x v} dv.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["phi1"]


class phi1(sp.Function):
    """(e^x - 1)/x, continued by 1 at x = 0; entire.

    Printed for NumPy as ``expm1(x)/x`` where x != 0 (NumPy's complex division, Smith's
    algorithm, for complex x), else 1.
    """

    nargs = 1

    @classmethod
    def eval(cls, x):  # type: ignore[no-untyped-def]
        """1 at x = 0 (the removable singularity); unevaluated elsewhere."""
        if x.is_zero:
            return sp.Integer(1)
        return None

    def _eval_rewrite_as_exp(self, x, **kwargs):  # type: ignore[no-untyped-def]
        return (sp.exp(x) - 1) / x

    def _eval_is_finite(self):  # type: ignore[no-untyped-def]
        return True

    def _numpycode(self, printer) -> str:  # type: ignore[no-untyped-def]
        x = printer._print(self.args[0])
        # the inner where keeps expm1(0)/0 from being evaluated (no warning, no NaN to select away)
        return f"numpy.where({x} == 0, 1.0, numpy.expm1({x})/numpy.where({x} == 0, 1.0, {x}))"

    def _latex(self, printer) -> str:  # type: ignore[no-untyped-def]
        return rf"\varphi_1\left({printer._print(self.args[0])}\right)"
