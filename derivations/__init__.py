"""Symbolic derivations (SymPy): what is true, proven, and the source of the generated code.

Each module holds the physics of one part of the paper and attaches its expressions to
the names of the quantity table (:mod:`atommix.quantities`) through ``derivations()``:
:mod:`.hamiltonian` (Eq. 2.1), :mod:`.eigensystem` (Eqs. 2.2-2.5), :mod:`.series`,
:mod:`.evolution` (Section 3), :mod:`.observables` (Section 4), :mod:`.neutrino_mass`
(Eq. 1.4), :mod:`.mixing_amplitude` (Eq. 1.6).  :mod:`.registry` joins table and
derivations; :mod:`.codegen`, :mod:`.latex` and :mod:`.ccode` print them.  This layer
may import :mod:`atommix.numeric` (to reach the committed kernels), never
:mod:`atommix.validation`.

>>> from atommix.derivations import get
>>> get("alpha").approximation
M21/(delta + I*gamma/2)
"""

from .latex import latex_document, python_source
from .registry import Result, get, names, registry

__all__ = ["Result", "get", "latex_document", "names", "python_source", "registry"]
