"""Public API hygiene: complete ``__all__`` everywhere, and the docstring examples run."""

import doctest
import importlib
import inspect
import pkgutil

import pytest

import atommix

MODULES = sorted(
    {m.name for m in pkgutil.walk_packages(atommix.__path__, "atommix.")}
    | {f"atommix.{sub}.{m.name}" for sub in ("derivations", "numeric", "validation")
       for m in pkgutil.iter_modules(importlib.import_module(f"atommix.{sub}").__path__)}
    | {"atommix.derivations", "atommix.numeric", "atommix.validation"}
)
MODULES = [m for m in MODULES if not m.endswith("__main__")]


@pytest.mark.parametrize("name", MODULES)
def test_all_lists_exactly_the_public_names(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    public = {
        n for n, obj in vars(module).items()
        if not n.startswith("_") and not inspect.ismodule(obj) and getattr(obj, "__module__", name) == name
        and (inspect.isfunction(obj) or inspect.isclass(obj))
    }
    assert public <= set(module.__all__), f"{name}: public but not in __all__: {public - set(module.__all__)}"
    for n in module.__all__:
        assert hasattr(module, n), f"{name}.__all__ names missing {n}"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
