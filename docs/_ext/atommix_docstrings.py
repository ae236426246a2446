"""Docstrings read as the plain text they are written in.

The package's docstrings write physics in plain text: ``|M21|``, ``|alpha|^2``, ``||H||``.  In
reStructuredText ``|name|`` is a substitution reference, so every such bar is escaped before
the docstring is parsed, except inside inline literals, roles, interpreted text, literal blocks
and doctest examples, where it means what it says already.  What a module imports from other
projects is skipped before its docstring is read.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from sphinx.application import Sphinx

__all__ = ["escape_bars", "setup"]

#: Inline markup whose content is not parsed further: ``literal``, :role:`text`, `interpreted`.
_KEEP = re.compile(r"(``.+?``|:[\w:.-]+:`[^`]*`|`[^`]+`_{0,2})")


def _escape_line(line: str) -> str:
    pieces = _KEEP.split(line)
    return "".join(p if i % 2 else p.replace("|", r"\|") for i, p in enumerate(pieces))


def escape_bars(lines: list[str]) -> list[str]:
    """``lines`` with every bar of the text escaped (see the module docstring)."""
    out: list[str] = []
    literal_indent: int | None = None  # indentation of the paragraph that opened a literal block
    in_doctest = False
    for line in lines:
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if literal_indent is not None:
            if not stripped or indent > literal_indent:
                out.append(line)
                continue
            literal_indent = None
        if stripped.startswith(">>>"):
            in_doctest = True
        elif not stripped:
            in_doctest = False
        if in_doctest or stripped.startswith(".. math::"):
            out.append(line)
            if stripped.startswith(".. math::"):
                literal_indent = indent
            continue
        out.append(_escape_line(line))
        if stripped.endswith("::"):
            literal_indent = indent
    return out


def _process(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    lines[:] = escape_bars(lines)


def _skip_foreign(app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any) -> bool | None:
    """Skip what a module imports from another project (sympy's ``expm1`` in
    ``atommix.derivations.evolution``) before autodoc reads its docstring, in that project's style."""
    if what != "module" or not (inspect.isclass(obj) or inspect.isroutine(obj)):
        return None  # a value (a Fraction, an array) has its type's __module__: not where it was defined
    module = getattr(obj, "__module__", None)
    return True if isinstance(module, str) and module.split(".")[0] != "atommix" else None


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("autodoc-process-docstring", _process, priority=600)
    app.connect("autodoc-skip-member", _skip_foreign)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
