"""The dependency rule of the layers (README, Layout), read off every import statement of the package.

Imports inside functions count as much as those at the top: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import atommix

ROOT = Path(__file__).resolve().parents[1]
#: Package folders of the one namespace ``atommix`` (pyproject's package-dir).
FOLDERS = {"atommix": ROOT / "atommix", "atommix.derivations": ROOT / "derivations",
           "atommix.numeric": ROOT / "numeric", "atommix.validation": ROOT / "validation"}

BOTTOM = {"atommix", "atommix.quantities", "atommix.literature", "atommix.errors"}


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for package, folder in FOLDERS.items():
        for path in folder.rglob("*.py"):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if package == "atommix" and parts and parts[0] in ("derivations", "numeric", "validation"):
                continue
            out[".".join([package, *parts])] = path
    return out


MODULES = _modules()


def layer(module: str) -> str:
    """The layer a module of the package belongs to."""
    if module in BOTTOM:
        return "bottom"
    if module == "atommix.__main__":  # python -m atommix: the command line
        return "cli"
    for name in ("derivations", "numeric", "validation", "cli"):
        if module == f"atommix.{name}" or module.startswith(f"atommix.{name}."):
            return name
    return "application"


def imports(module: str, path: Path) -> set[str]:
    """Absolute names of everything ``module`` imports, anywhere in its code."""
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - (node.level - 1)]
                target = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            out.add(target)
            # "from . import x" and "from .pkg import sub" may name submodules
            out |= {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES}
    return out


def _internal(names: set[str]) -> set[str]:
    return {n for n in names if n == "atommix" or n.startswith("atommix.")}


#: layer -> the layers of the package it may import.
ALLOWED = {
    "bottom": {"bottom"},
    "numeric": {"bottom", "numeric"},
    "validation": {"bottom", "validation"},
    "derivations": {"bottom", "derivations", "numeric"},
    "application": {"bottom", "derivations", "numeric", "validation", "application"},
    "cli": {"bottom", "derivations", "numeric", "validation", "application", "cli"},
}
#: Third-party packages a layer must not import.
FORBIDDEN = {"numeric": {"sympy", "mpmath", "flint"}, "validation": {"sympy"}, "bottom": {"sympy", "mpmath", "numpy", "flint"}}
#: The one module that compares the two sides: float64 kernels against the mpmath references.
ACCURACY = "atommix.validation.accuracy"


def test_every_module_is_found():
    assert {"atommix.quantities", "atommix.cli.evaluate", "atommix.numeric._kernels", "atommix.validation.eigensystem",
            "atommix.derivations.registry", "atommix.scan.run"} <= set(MODULES)
    assert len(MODULES) > 40


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_layers(module):
    own = layer(module)
    found = imports(module, MODULES[module])
    allowed = ALLOWED[own] | ({"numeric"} if module == ACCURACY else set())
    wrong = sorted(n for n in _internal(found) if layer(n) not in allowed)
    assert not wrong, f"{module} ({own}) imports {wrong}; it may import only {sorted(allowed)}"
    third_party = {n.split(".")[0] for n in found}
    banned = sorted(third_party & FORBIDDEN.get(own, set()))
    assert not banned, f"{module} ({own}) imports {banned}"


def test_the_rule_can_fail():
    """The checker sees a violation when there is one (a validation module importing the numeric layer)."""
    path = MODULES["atommix.validation.eigensystem"]
    found = imports("atommix.validation.eigensystem", path) | {"atommix.numeric.errors"}
    assert any(layer(n) == "numeric" for n in _internal(found))
    assert layer("atommix.cli.scan") == "cli" and layer("atommix.scan.run") == "application"
    assert atommix.__name__ == "atommix"


#: Units a hand-written table of quantity units would hold.
UNITS = {"1", "eV", "keV", "s", "1/s", "1/fs", "m^2", "rad"}


def _name_lists(path: Path) -> list[tuple[int, list[str]]]:
    """Literal tuples, lists and sets of three or more quantity names, and tables of their units, outside
    ``__all__``.  Dicts of names to expressions (or reasons) are what derivations attach to the names."""
    from atommix.quantities import QUANTITIES

    tree = ast.parse(path.read_text())
    skip = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant) and v.value in UNITS for v in node.values):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        names = [e.value for e in items if isinstance(e, ast.Constant) and e.value in QUANTITIES]
        if len(names) >= 3:
            found.append((node.lineno, names))
    return found


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "atommix.quantities"))
def test_quantity_names_are_not_retyped(module):
    """Names, units and order come from the quantity table; no module lists quantity names by hand."""
    assert not _name_lists(MODULES[module]), f"{module} lists quantity names by hand: {_name_lists(MODULES[module])}"


def test_retyped_names_are_seen(tmp_path):
    path = tmp_path / "m.py"
    path.write_text('NAMES = ("alpha", "beta", "mixing")\n__all__ = ["alpha", "beta", "gamma_L"]\n'
                    'UNITS = {"alpha": "1", "E_L": "eV", "E_S": "eV"}\nFORMS = {"alpha": a, "beta": b, "mixing": m}\n')
    assert _name_lists(path) == [(1, ["alpha", "beta", "mixing"]), (3, ["alpha", "E_L", "E_S"])]
