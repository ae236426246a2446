"""What the API pages document, and where: each object once, under the name users import.

- a package (``atommix.numeric``) documents the names of its ``__all__``;
- a module documents what it defines (docstring or ``#:`` comment), except the names its
  package exports, which are on the package's page;
- a module whose name a package attribute shadows (``atommix.numeric.eigensystem``, the module,
  behind the function ``atommix.numeric.eigensystem``) cannot be found by autosummary: its page
  is written here, under ``generated/modules/``.

The template ``_templates/autosummary/module.rst`` reads these through ``autosummary_context``.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

from sphinx.application import Sphinx
from sphinx.config import Config

__all__ = ["PACKAGES", "api_context", "module_page", "setup"]

#: The packages of the API reference, documented recursively.
PACKAGES = ("atommix.numeric", "atommix.validation", "atommix.derivations")


def _submodules(package: str) -> list[str]:
    pkg = importlib.import_module(package)
    return [info.name for info in pkgutil.iter_modules(pkg.__path__, package + ".")
            if not info.name.rsplit(".", 1)[1].startswith("_")]


def api_context() -> dict[str, object]:
    """``atommix_packages``, ``atommix_exclude`` (module -> names documented on its package's page),
    ``atommix_shadowed`` (modules hidden behind a package attribute of the same name) and
    ``atommix_hidden`` (package -> its shadowed modules)."""
    exclude: dict[str, list[str]] = {}
    shadowed: list[str] = []
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        for name in pkg.__all__:
            module = getattr(getattr(pkg, name), "__module__", None)
            if module and module.startswith(package + "."):
                exclude.setdefault(module, []).append(name)
        for module in _submodules(package):
            importlib.import_module(module)  # so that the package has it as an attribute unless shadowed
            if not isinstance(getattr(pkg, module.rsplit(".", 1)[1]), ModuleType):
                shadowed.append(module)
    hidden: dict[str, list[str]] = {}
    for module in shadowed:
        hidden.setdefault(module.rsplit(".", 1)[0], []).append(module)
    return {"atommix_packages": list(PACKAGES), "atommix_exclude": exclude, "atommix_shadowed": shadowed,
            "atommix_hidden": hidden}


def _members(name: str) -> list[tuple[str, str]]:
    """(directive, member) for what module ``name`` defines and documents, in source order."""
    import inspect

    from sphinx.pycode import ModuleAnalyzer

    module = importlib.import_module(name)
    analyzer = ModuleAnalyzer.for_module(name)
    analyzer.analyze()
    order = analyzer.tagorder
    data = {attr for (scope, attr) in analyzer.find_attr_docs() if scope == ""}
    out = []
    for member, value in vars(module).items():
        if member.startswith("_"):
            continue
        if getattr(value, "__module__", None) == name and (inspect.isclass(value) or inspect.isfunction(value)):
            out.append(("autoclass" if inspect.isclass(value) else "autofunction", member))
        elif member in data:
            out.append(("autodata", member))
    return sorted(out, key=lambda dm: order.get(dm[1], 0))


def module_page(name: str, exclude: list[str]) -> str:
    """The page of a module hidden behind a package attribute of the same name.

    Its name is the function's too, so it is not declared as a module (that would describe
    ``name`` twice); its members are documented under their full names all the same.
    """
    lines = [name, "=" * len(name), "", f".. automodule:: {name}", "   :no-index:", "", f".. currentmodule:: {name}", ""]
    for directive, member in _members(name):
        if member not in exclude:
            lines += [f".. {directive}:: {member}", ""]
    if exclude:
        lines += ["Also defined here, documented on the package's page: "
                  + ", ".join(f":obj:`{n}`" for n in exclude) + "."]
    return "\n".join(lines) + "\n"


def _configure(app: Sphinx, config: Config) -> None:
    config.autosummary_context = {**(config.autosummary_context or {}), **api_context()}


def _write_shadowed(app: Sphinx) -> None:
    context = api_context()
    out = Path(app.srcdir) / "generated" / "modules"
    out.mkdir(parents=True, exist_ok=True)
    for name in context["atommix_shadowed"]:  # type: ignore[union-attr]
        text = module_page(name, context["atommix_exclude"].get(name, []))  # type: ignore[union-attr]
        path = out / f"{name}.rst"
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _write_shadowed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
