"""Symbolic derivations (SymPy): what is true, proven, and the source of the generated code.

>>> from atommix.derivations import get
>>> get("alpha").approximation
M21/(delta + I*gamma/2)
"""

from .latex import latex_document, python_source
from .registry import Result, get, names, registry

__all__ = ["Result", "get", "latex_document", "names", "python_source", "registry"]
