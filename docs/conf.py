"""Sphinx configuration of the atommix documentation.

Build (warnings are errors):  python -m sphinx -W -b html docs docs/_build/html
The pages under ``generated/`` (one per registry entry, the audit, the gallery, the command
line's help, the quick accuracy sweep) are written at build time by ``_ext/atommix_pages.py``
from the installed package; they are not committed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import atommix  # noqa: E402  (the installed package documents itself)
from atommix.derivations.latex import macros  # noqa: E402

project = "atommix"
author = "The atommix developers"
copyright = "The atommix developers, BSD-3-Clause"  # noqa: A001  (Sphinx's name)
release = atommix.__version__
version = release

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "atommix_pages",
    "atommix_run",
    "atommix_docstrings",
    "atommix_xref",
    "atommix_api",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# generated/sections, accuracy.md, audit.md and data.md are parts of pages, read by {include}
exclude_patterns = ["_build", "_templates", "README.md", "generated/sections", "generated/accuracy.md",
                    "generated/audit.md", "generated/data.md"]
templates_path = ["_templates"]
highlight_language = "none"
pygments_style = "sphinx"

# MyST: $...$ and $$...$$ math, amsmath environments, ::: fences, anchors for headings.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
myst_dmath_double_inline = True

# Every cross-reference must resolve; references into other projects are not checked (there is
# no network at build time, so no intersphinx inventories), and neither are numpydoc's type words.
nitpicky = True
nitpick_ignore_regex = [
    # an application module named in the derivations' docstrings, outside this API reference
    (r"py:mod", r"atommix\.nuclides"),
    (r"py:.*", r"(importlib|numpy|np|sympy|sp|mpmath|flint|matplotlib|dask|pint|argparse|collections|typing|pathlib|os|io|enum)\b.*"),
    (r"py:.*", r"(int|float|complex|str|bool|bytes|dict|list|tuple|set|frozenset|object|None|callable|Callable|type|"
               r"Any|Iterable|Iterator|Sequence|Mapping|Path|ArrayLike|NDArray|array_like|array|ndarray|optional|"
               r"default|scalar|or|of|and|shape|Decimal|Fraction|Exception|ValueError|KeyError|TypeError|"
               r"RuntimeError|ArithmeticError|functools\..*|dataclasses\..*|abc\..*|decimal\..*|fractions\..*)"),
]

# autodoc / autosummary / numpydoc: one page per module, members in the order of the source.
autosummary_generate = True
autosummary_ignore_module_all = False
autosummary_imported_members = False
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # numpydoc's Parameters sections say the types
autodoc_default_options = {"members": True, "show-inheritance": True}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()


# Math: MathJax, with the macros of atommix.sty, so that the LaTeX `atommix derive` writes renders as is.
def _mathjax_macros() -> dict[str, object]:
    out: dict[str, object] = {}
    for name, nargs, body in re.findall(r"\\providecommand\\(\w+)(?:\[(\d)\])?\{(.*)\}\s*$", macros(), re.M):
        if name == "amxnote":  # a text paragraph, not math; the pages write it as text
            continue
        out[name] = [body, int(nargs)] if nargs else body
    return out


mathjax4_config = {"tex": {"macros": _mathjax_macros()}}

html_theme = "furo"
html_title = f"atommix {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
