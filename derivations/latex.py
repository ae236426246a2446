"""LaTeX of the registry for papers, and the generated Python kernels for reading.

- :func:`latex_document`: a standalone document of every result (or the chosen ones),
  grouped by the paper's sections, each exact form beside the paper's approximation,
  tagged with the paper's equation number, with the condition and the leading
  neglected term below it, and each named intermediate (z, s, ...) defined where it
  is first used;
- :func:`latex_snippet`: just the chosen equations, for ``\\input`` in a paper that loads
  ``atommix.sty`` (:func:`macros`), with one where-line defining what they use;
- :func:`python_source`: the generated NumPy kernels.

The forms are those of :mod:`.presentation`, printed by :class:`.printing.PaperLatexPrinter`
and broken into lines by :mod:`.layout` so that nothing overflows a 345 pt column.
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

from ..literature import data_text
from .layout import TEXT_WIDTH, rhs_lines, width
from .presentation import Name, Presentation, leading_factors, names, presentations, symbol_names
from .printing import PaperLatexPrinter
from .registry import Result, get, registry

__all__ = ["latex_document", "latex_snippet", "latex_block", "macros", "python_source", "SECTION_TITLES"]

SECTION_TITLES = {
    "1": "Massive neutrinos",
    "2": "The evolution Hamiltonian",
    "3": "Natural time history of an initial parent atom",
    "4": "Observables",
    "N": "One parent, N daughter channels (beyond the paper)",
}

#: Room kept on the right of an equation for its tag, e.g. (3.7c).
_TAG_ROOM = 40.0
#: A result a snippet needs is written in its where-line up to this width (pt, text style), else displayed.
_INLINE_LIMIT = 0.9 * TEXT_WIDTH

_INTRO = r"""\noindent Energies are absolute: $M_1$ and $M_2$ are the masses of the parent atom $|1\rangle$
and of the two-hole daughter $|2\rangle$, $\Delta = M_1 - M_2$, $\Gamma$ is the width of $|2\rangle$
and $M_{21}$ the Majorana mixing (Eq.~2.1); $\hbar$ is kept (the paper sets $\hbar = 1$).
Each result is written exactly and, after $\approx$, in the form the paper uses, where $\alpha$
and $|\alpha|^2$ stand for their first-order forms (Eq.~2.3); below it, where that form holds and
the leading term it neglects.  Equation numbers are the paper's."""


def macros() -> str:
    """The macro file ``atommix.sty`` that documents and snippets use (``\\usepackage{atommix}``)."""
    return data_text("atommix.sty")


def _macro_body() -> str:
    text = macros()
    return text[text.index("%% begin macros") : text.index("%% end macros")].split("\n", 1)[1]


def _printer() -> PaperLatexPrinter:
    return PaperLatexPrinter({"symbol_names": symbol_names(), "macros": True, "leading": leading_factors()})


def _selected(selection: Iterable[str] | None) -> list[Result]:
    return list(registry().values()) if selection is None else [get(n) for n in dict.fromkeys(selection)]


# ---------------------------------------------------------------------------------------------
# One result.
def _lhs(result: Result, pres: Presentation) -> str:
    return pres.lhs if pres.lhs is not None else result.symbol


def _relations(pres: Presentation) -> list[tuple[str, sp.Expr]]:
    rels = [(r"\equiv", pres.identity), ("=", pres.exact), (r"\approx", pres.approximation)]
    return [(rel, expr) for rel, expr in rels if expr is not None]


def _equation_body(lhs: str, relations: list[tuple[str, sp.Expr]], printer: PaperLatexPrinter) -> str:
    """``lhs = ... \\approx ...`` on one line if it fits, else a ``split`` with one relation a line,
    each broken further where it is still too wide."""
    avail = TEXT_WIDTH - _TAG_ROOM
    printed = [(rel, printer.doprint(expr)) for rel, expr in relations]
    one_line = " ".join([lhs] + [f"{rel} {tex}" for rel, tex in printed])
    if width(one_line) <= avail:
        return one_line
    indent = width(lhs)
    lines: list[str] = []
    current, broken = "", False
    for rel, expr in relations:
        first = avail - indent - width(rel)
        pieces = rhs_lines(printer, expr, first, first - width(r"\quad"))
        segment = f"&{rel} {pieces[0]}"
        joinable = current and not broken and len(pieces) == 1
        if joinable and width(current + segment) <= avail - indent + width("&"):
            current += " " + segment.lstrip("&")
        else:
            if current:
                lines.append(current)
            current = segment
        broken = len(pieces) > 1
        for piece in pieces[1:]:
            lines.append(current)
            current = rf"&\quad {piece}"
    lines.append(current)
    lines[0] = f"{lhs} {lines[0]}"
    if len(lines) == 1:  # nothing to break: the relation that did not fit alone cannot be broken either
        return lines[0].replace("&", "", 1)
    return "\\begin{split}\n" + " \\\\\n".join(lines) + "\n\\end{split}"


def _equation(result: Result, pres: Presentation, printer: PaperLatexPrinter, *, paper_tags: bool) -> str:
    """The equation environment; ``paper_tags``: numbered as in the paper (a document of the paper's
    results), else through the macros a paper may redefine (a snippet)."""
    if paper_tags:
        tag = rf"\tag{{{result.equation}}}" if result.equation else r"\notag"
    else:
        tag = rf"\amxtag{{{result.equation}}}" if result.equation else r"\amxnotag"
    body = _equation_body(_lhs(result, pres), _relations(pres), printer)
    return f"\\begin{{equation}}{tag}\\label{{amx:{result.name}}}\n{body}\n\\end{{equation}}\n"


def _note(result: Result, pres: Presentation, printer: PaperLatexPrinter) -> str:
    """Where the paper's form holds and what it neglects, as a sentence."""
    if pres.approximation is None:
        return ""
    text = f"Holds for ${pres.condition}$"
    if pres.exact is None and result.quantity.base is not None:
        text += rf" (exact: Eq.~\eqref{{amx:{result.quantity.base}}})"
    if pres.neglected is not None:
        text += rf"; leading neglected term ${printer.inline(pres.neglected)}$"
    return f"\\amxnote{{{text}.}}\n"


def latex_block(result: Result, *, paper_tags: bool = True) -> str:
    """One result: its equation, tagged with the paper's number (``\\tag``, or with ``paper_tags=False``
    the macro ``\\amxtag`` of atommix.sty), and the line on its approximation."""
    printer = _printer()
    pres = presentations()[result.name]
    equation = _equation(result, pres, printer, paper_tags=paper_tags)
    return f"% {result.name}: {result.description}\n" + equation + _note(result, pres, printer)


# ---------------------------------------------------------------------------------------------
# Named intermediates.
def _used(name: str) -> list[Name]:
    """The named intermediates result ``name`` uses, in the order of :func:`.presentation.names`.

    Not those of its identity (lambda_L = E_L - (i/2) Gamma_L is what defines E_L and Gamma_L); a
    regime of Eq. (3.1), written without its exact form, uses the result whose exact form it is.
    """
    pres = presentations()[name]
    exprs = [e for e in (pres.exact, pres.approximation, pres.neglected) if e is not None]
    symbols = set().union(*(e.free_symbols for e in exprs)) if exprs else set()
    base = get(name).quantity.base if pres.exact is None else None
    return [n for sym, n in names().items()
            if n.latex and ((sym in symbols and (n.definition is not None or n.note or n.result))
                            or (base is not None and n.result == base))]


def _closure(start: list[Name]) -> list[Name]:
    """``start`` with everything their definitions use, in the order of :func:`.presentation.names`."""
    seen: set[sp.Symbol] = set()
    todo = list(start)
    while todo:
        n = todo.pop()
        if n.symbol in seen:
            continue
        seen.add(n.symbol)
        if n.result is not None:
            todo.extend(_used(n.result))
        elif n.definition is not None:
            todo.extend(m for m in names().values() if m.symbol in n.definition.free_symbols and m.latex)
    return [n for sym, n in names().items() if sym in seen]


def _definition(n: Name, printer: PaperLatexPrinter) -> str:
    if n.definition is None:
        return n.note
    tex = rf"${n.latex} \equiv {printer.inline(n.definition)}$"
    return f"{tex} ({n.note})" if n.note else tex


def _inline_result(n: Name, printer: PaperLatexPrinter) -> str:
    assert n.result is not None
    result, pres = get(n.result), presentations()[n.result]
    rels = " ".join(f"{rel} {printer.inline(e)}" for rel, e in _relations(pres) if rel != r"\equiv")
    return f"${_lhs(result, pres)} {rels}$"


def _where(items: list[str]) -> str:
    if not items:
        return ""
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return f"\\amxnote{{where {listed}.}}\n"


# ---------------------------------------------------------------------------------------------
def latex_document(selection: Iterable[str] | None = None) -> str:
    """A standalone LaTeX document of the selected results (all by default), grouped by section.

    Its preamble holds the macros of ``atommix.sty``; each named intermediate is defined
    in a where-line after the first equation that uses it.
    """
    from .. import __version__

    printer = _printer()
    results = _selected(selection)
    parts = [
        "\\documentclass{article}\n"
        f"% the macros of atommix.sty (`atommix derive --macros`), which snippets need\n{_macro_body()}"
        "\\allowdisplaybreaks\n"
        "\\title{Resonant atom Majorana mixing: exact results and the paper's approximations}\n"
        f"\\author{{Generated by atommix {__version__}}}\n\\date{{}}\n"
        f"\\begin{{document}}\n\\maketitle\n{_INTRO}\n"
    ]
    defined: set[sp.Symbol] = set()
    for section in dict.fromkeys(r.section for r in results):
        parts.append(f"\\section*{{{section}. {SECTION_TITLES.get(section, '')}}}\n")
        for result in (r for r in results if r.section == section):
            pres = presentations()[result.name]
            new = [n for n in _closure(_used(result.name)) if n.result is None and n.symbol not in defined]
            defined |= {n.symbol for n in new}
            # the where-line right under the equation, then the line on its approximation
            equation = _equation(result, pres, printer, paper_tags=True)
            where = _where([_definition(n, printer) for n in new])
            parts.append(f"% {result.name}: {result.description}\n{equation}{where}{_note(result, pres, printer)}")
    parts.append("\\end{document}\n")
    return "\n".join(parts)


def latex_snippet(selection: Iterable[str]) -> str:
    """Just the selected equations, for ``\\input`` in a paper that loads ``atommix.sty``.

    A where-line after them defines every named intermediate they use; a result they use
    (lambda_L in Gamma_L = -2 Im lambda_L) is written there too, or, when it is too long for
    a line (P_g.s. in N P_g.s.), displayed before them.
    """
    printer = _printer()
    results = _selected(selection)
    chosen = {r.name for r in results}
    needed = _closure([n for r in results for n in _used(r.name)])
    inline: list[str] = []
    shown: list[str] = []
    for n in needed:
        if n.result is None:
            inline.append(_definition(n, printer))
        elif n.result not in chosen and n.result not in shown:
            text = _inline_result(n, printer)
            if width(text.strip("$"), display=False) <= _INLINE_LIMIT:
                inline.append(text)
            else:
                shown.append(n.result)
    supporting = [r for r in registry().values() if r.name in shown]
    blocks = [latex_block(r, paper_tags=False) for r in supporting + results]
    header = "% atommix derive " + " ".join(r.name for r in results) + r"  (needs \usepackage{atommix})" + "\n"
    return header + "\n".join(blocks) + _where([i for i in inline if i])


def python_source(selection: Iterable[str] | None = None) -> str:
    """The generated NumPy kernels (stable evaluation forms) of the selected results."""
    from .codegen import _single_kernel

    chosen = [r for r in registry().values() if r.generated] if selection is None else _selected(selection)
    kernels = {r.kernel_id: get(r.kernel_id) for r in chosen}  # a regime entry prints its base's kernel
    return "import numpy\n\n\n" + "\n\n".join(_single_kernel(r) for r in kernels.values())
