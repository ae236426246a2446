"""Cross-references of the docstrings resolved as Python resolves names.

The docstrings refer to their neighbours by short or relative names (``:mod:`.eigensystem``` in
``atommix.derivations.ball_forms``, ``:class:`ExceptionalPointError``` in a module that imports
it), and a name a package exports is documented once, on the package's page.  Before Sphinx
resolves a reference it cannot place exactly, this looks the name up in the enclosing
module, then in each enclosing package in turn (so ``.eigensystem`` in
``atommix.derivations.channels`` is ``atommix.derivations.eigensystem``, not
``atommix.validation.eigensystem``), and last as the one documented object of that name.
"""

from __future__ import annotations

from typing import Any

from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["QualifyPythonReferences", "setup"]


class QualifyPythonReferences(SphinxPostTransform):
    """Rewrite the target of a Python reference to the full name it means, where one is documented."""

    default_priority = 5  # before ReferencesResolver (10)

    @property
    def shadowed(self) -> set[str]:
        return set(self.config.autosummary_context.get("atommix_shadowed", ()))

    def run(self, **kwargs: Any) -> None:
        domain = self.env.domains["py"]
        for node in self.document.findall(pending_xref):
            if node.get("refdomain") != "py":
                continue
            target = node["reftarget"].lstrip(".~")
            module = node.get("py:module") or ""
            # the names this role can point at: modules for :mod:, objects of a fitting type otherwise
            types = set(domain.objtypes_for_role(node["reftype"]) or ())
            known = set(domain.modules) if types == {"module"} else {
                name for name, entry in domain.objects.items() if entry.objtype in types and not entry.aliased}
            if target in known or f"{module}.{target}" in known:
                continue
            full = self._qualify(target, module, known)
            if full is None and types == {"module"}:
                hidden = self._qualify(target, module, self.shadowed)
                if hidden is not None:  # a module behind a function of its name: a link to its page
                    node["refdomain"], node["reftype"], node["refexplicit"] = "std", "doc", True
                    node["reftarget"] = f"/generated/modules/{hidden}"
                continue
            if full is not None:
                node["reftarget"] = full
                node["refspecific"] = False

    @staticmethod
    def _qualify(target: str, module: str, known: set[str]) -> str | None:
        parts = module.split(".") if module else []
        while parts:
            candidate = ".".join(parts) + "." + target
            if candidate in known:
                return candidate
            parts.pop()
        matches = sorted(name for name in known if name.endswith("." + target) and name.startswith("atommix."))
        return matches[0] if len(matches) == 1 else None


def setup(app: Sphinx) -> dict[str, object]:
    app.add_post_transform(QualifyPythonReferences)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

