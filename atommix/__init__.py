"""atommix: resonant atom Majorana mixing, computed three ways that check each other.

The one namespace ``atommix`` holds, by layer (each imports only the layers below it):

- :mod:`atommix.cli` -- the command line, one module per subcommand; no physics;
- applications of the layers: :mod:`atommix.audit` (the paper's approximations and claims),
  :mod:`atommix.scan` (grids and samples streamed to files), :mod:`atommix.plots`,
  :mod:`atommix.nuclides` and :mod:`atommix.candidates` (the shipped candidate atoms),
  :mod:`atommix.uncertainty`, :mod:`atommix.evaluation`, :mod:`atommix.experiments`, :mod:`atommix.mbb`;
- :mod:`atommix.derivations` (SymPy) -- what is true, proven symbolically; generates the kernels and the LaTeX;
- :mod:`atommix.numeric` (NumPy) -- the generated float64 kernels, no SymPy or mpmath;
- :mod:`atommix.validation` (mpmath, python-flint) -- reference values from the matrix itself;
- the shared bottom: :mod:`atommix.quantities` (the table of named results), :mod:`atommix.literature`
  (shipped data and its loader), :mod:`atommix.errors`.
"""

__version__ = "0.1.0"
