"""Breaking display equations into lines that fit a column, before TeX sees them.

:func:`width` estimates the printed width of a formula of :mod:`.printing` in
points (Computer Modern at 10 pt, display style), from the widths of its
glyphs, fractions, scripts and the spacing TeX puts around operators and
relations; it errs on the wide side (``tests/test_latex_document.py`` compiles
every equation and holds the estimate against the width TeX measures).
:func:`rhs_lines` breaks a right-hand side that is too wide at the ``+`` and ``-``
of its outermost sum, or of the sum in its outermost bracket or modulus
(``|M21|^2/|s|^2 [ ... ]``, ``|a + b e^{i alpha21} + ...|``), into lines for
amsmath's ``split``.
"""

from __future__ import annotations

import re

import sympy as sp

from .printing import PaperLatexPrinter

__all__ = ["width", "rhs_lines", "TEXT_WIDTH"]

#: The column the equations are broken for: LaTeX's article class at 10 pt (345 pt),
#: the narrowest single column of the usual journal and proceedings classes.
TEXT_WIDTH = 345.0

# Widths of glyphs at 10 pt (cmmi10, cmr10, cmsy10), rounded up.
_LETTER = 5.6
_CAPITAL = 8.0
_WIDE = {"M": 9.8, "W": 11.0, "N": 8.2, "m": 8.8, "w": 7.2}
_DIGIT = 5.0
_BIN = 7.8 + 2 * 2.3  # +, - with medium spaces
_REL = 7.8 + 2 * 2.8  # =, \approx, \equiv, \ll with thick spaces
_COMMANDS = {
    r"\alpha": 6.5, r"\beta": 5.8, r"\lambda": 5.9, r"\tau": 4.5, r"\pi": 5.8, r"\omega": 6.3,
    r"\theta": 4.8, r"\nu": 5.2, r"\Gamma": 6.3, r"\Delta": 8.4, r"\hbar": 5.8, r"\langle": 3.9,
    r"\rangle": 3.9, r"\,": 1.7, r"\;": 2.8, r"\quad": 10.0, r"\qquad": 20.0, r"\infty": 10.0,
    r"\sum": 14.5, r"\max": 17.0, r"\cos": 15.0, r"\sin": 13.5, r"\amxi": 3.5, r"\amxRe": 14.0,
    r"\amxIm": 13.0, r"\bar": 0.0, r"\circ": 5.0, r"\square": 7.8, r"\beta\beta": 11.6,
}
_RELATIONS = {r"\approx", r"\equiv", r"\ll", r"\gg", r"\to", "=", "<", ">"}
_DELIMITERS = {r"\left": 1.5, r"\right": 1.5, r"\bigl": 1.5, r"\bigr": 1.5, r"\Bigl": 2.0, r"\Bigr": 2.0,
               r"\biggl": 3.0, r"\biggr": 3.0}
_OPENERS = {"(", "[", ",", r"\left", "&"} | _RELATIONS
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}^_]|\s+|.", re.S)


def _group(tokens: list[str], i: int) -> tuple[list[str], int]:
    """The tokens of the group (or single token) at ``i``, and the index after it."""
    if tokens[i] != "{":
        return [tokens[i]], i + 1
    depth, j = 0, i
    while True:
        if tokens[j] == "{":
            depth += 1
        elif tokens[j] == "}":
            depth -= 1
            if depth == 0:
                return tokens[i + 1 : j], j + 1
        j += 1


def _width(tokens: list[str], scale: float, display: bool) -> float:
    total, i = 0.0, 0
    script = scale < 1.0
    previous: str | None = None  # a sign after nothing, an opening bracket or a relation is unary
    tall_right: list[bool] = []  # for each open \left, whether it encloses a fraction
    while i < len(tokens):
        tok = tokens[i]
        if tok.isspace():
            i += 1
            continue
        if tok in (r"\frac", r"\tfrac"):
            num, i = _group(tokens, _skip(tokens, i + 1))
            den, i = _group(tokens, _skip(tokens, i))
            inner = scale if display and tok == r"\frac" else scale * 0.7
            total += max(_width(num, inner, False), _width(den, inner, False)) + 2.4 * scale
            continue
        if tok in ("^", "_"):
            group, i = _group(tokens, _skip(tokens, i + 1))
            script_width = _width(group, max(scale * 0.7, 0.5), False) + 0.6 * scale
            j = _skip(tokens, i)
            if j < len(tokens) and tokens[j] in ("^", "_") and tokens[j] != tok:
                # a subscript and a superscript stack: c_{12}^2 is as wide as the wider of the two
                other, i = _group(tokens, _skip(tokens, j + 1))
                script_width = max(script_width, _width(other, max(scale * 0.7, 0.5), False) + 0.6 * scale)
            total += script_width
            continue
        if tok == r"\sqrt":
            group, i = _group(tokens, _skip(tokens, i + 1))
            total += _width(group, scale, display) + 8.4 * scale
            continue
        if tok in (r"\text", r"\mathrm", r"\operatorname"):
            group, i = _group(tokens, _skip(tokens, i + 1))
            total += len("".join(group)) * 5.0 * scale + (3.4 * scale if tok == r"\operatorname" else 0.0)
            continue
        if tok in _DELIMITERS:
            tall = tok == r"\left" and _encloses_fraction(tokens, i)
            if tall:
                tall_right.append(True)
            elif tok == r"\left":
                tall_right.append(False)
            if tok == r"\right" and tall_right:
                tall = tall_right.pop()
            # a delimiter grows with what it encloses, a fraction's height makes it wider too
            total += (4.0 + _DELIMITERS[tok] + (3.0 if tall else 0.0)) * scale
            i += 2  # the delimiter itself
            continue
        if tok in ("{", "}"):
            i += 1
            continue
        unary = tok in ("+", "-") and (previous is None or previous in _OPENERS)
        total += (7.8 if unary else _glyph(tok, script)) * scale
        previous = tok
        i += 1
    return total


def _encloses_fraction(tokens: list[str], i: int) -> bool:
    """Whether the \\left at ``i`` and its \\right enclose a fraction or a sum."""
    depth = 0
    for tok in tokens[i:]:
        if tok == r"\left":
            depth += 1
        elif tok == r"\right":
            depth -= 1
            if depth == 0:
                return False
        elif tok in (r"\frac", r"\sum"):
            return True
    return False


def _skip(tokens: list[str], i: int) -> int:
    while i < len(tokens) and tokens[i].isspace():
        i += 1
    return i


def _glyph(tok: str, script: bool) -> float:
    if tok in _RELATIONS:
        return 7.8 if script else _REL
    if tok in ("+", "-"):
        return 7.8 if script else _BIN
    if tok == ",":
        return 2.8 + (0.0 if script else 1.7)
    if tok in "()[]|.*/":
        return 3.9
    if tok in _COMMANDS:
        return _COMMANDS[tok]
    if tok.startswith("\\"):
        return 7.0
    if tok.isdigit():
        return _DIGIT
    if tok in _WIDE:
        return _WIDE[tok]
    return _CAPITAL if tok.isupper() else _LETTER


#: Glyph sums run up to 5 % short of TeX's boxes on long formulas (kerning, delimiter sizes); 7 % on top.
_SAFETY = 1.07


def width(tex: str, *, display: bool = True) -> float:
    """Estimated width of the math ``tex`` in points (display or text style, 10 pt), on the wide side."""
    return _SAFETY * _width(_TOKEN.findall(tex), 1.0, display)


def _terms(printer: PaperLatexPrinter, expr: sp.Expr) -> list[tuple[str, str]] | None:
    """(sign, LaTeX) of the terms of a sum as the printer writes them; None if it writes a factored form."""
    return None if printer._factored(expr) is not None else printer.add_terms(expr)


def _pack(terms: list[tuple[str, str]], first: float, rest: float) -> list[str]:
    """Terms greedily onto lines of the given widths (the first line may be shorter)."""
    lines: list[str] = []
    current, room = "", first
    for sign, tex in terms:
        piece = f" {sign} {tex}" if sign and current else (f"{sign} {tex}" if sign else tex)
        if current and width(current + piece) > room:
            lines.append(current)
            current, room = f"{sign} {tex}", rest
        else:
            current += piece
    lines.append(current)
    return lines


def _wrapped(printer: PaperLatexPrinter, expr: sp.Expr) -> tuple[str, sp.Expr, str, str] | None:
    """(prefix, sum, left, right) where ``expr`` is a factor times one bracketed sum, or |sum|^k."""
    if isinstance(expr, sp.Abs) and expr.args[0].is_Add:
        return "", expr.args[0], r"\Bigl|", r"\Bigr|"
    if expr.is_Pow and isinstance(expr.base, sp.Abs) and expr.base.args[0].is_Add:
        return "", expr.base.args[0], r"\Bigl|", rf"\Bigr|^{{{printer._print(expr.exp)}}}"
    if expr.is_Mul and not expr.could_extract_minus_sign():
        coeff, lead, trail, den = printer._split_product(expr)
        sums = [f for f in trail if f.is_Add]
        if len(sums) == 1 and len(trail) == 1:
            prefix = printer._print(sp.Mul(coeff, *lead, *(d**-1 for d in den), evaluate=False))
            return prefix, sums[0], r"\biggl[", r"\biggr]"
    return None


def rhs_lines(printer: PaperLatexPrinter, expr: sp.Expr, first: float, rest: float) -> list[str]:
    """``expr`` printed on as many lines as it needs: the first ``first`` points wide, the others ``rest``.

    A sum is broken between its terms; a factor times a bracketed sum, or the modulus
    of a sum, inside the bracket (with delimiters that may span lines).  Anything else
    is returned whole, on one line.
    """
    whole = printer._print(expr)
    if width(whole) <= first:
        return [whole]
    if expr.is_Add:
        terms = _terms(printer, expr)
        return [whole] if terms is None else _pack(terms, first, rest)
    wrapped = _wrapped(printer, expr)
    terms = None if wrapped is None else _terms(printer, wrapped[1])
    if wrapped is None or terms is None:
        return [whole]
    prefix, _, left, right = wrapped
    head = f"{prefix} {left} " if prefix else f"{left} "
    lines = _pack(terms, first - width(head), rest - width(right))
    lines[0] = head + lines[0]
    lines[-1] = lines[-1] + f" {right}"
    return lines
