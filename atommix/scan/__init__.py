"""Scans at scale: grids or random samples of the parameters, streamed to CSV or NPZ in chunks.

A scan varies any of Delta, Gamma, |M21| (or m_bb through a nuclide's |M21|
scaling), the phase of M21 and the time t, and evaluates the chosen quantities
at every point: by the generated float64 kernels (default), by the mpmath
reference layer at ``dps`` digits in parallel over local processes, or by the
kernels on a dask.distributed cluster.  Points are produced and written chunk
by chunk, so memory stays bounded by the chunk size whatever the number of
points (10^8 points run in ~1 GiB).

Grid scans write NPZ arrays of the grid's shape (axes in the order
delta, gamma, m21/mbb, phase, t), with the axis values as 1-D arrays beside
them; CSV and random scans write one row per point.  Random samples are
reproducible: point i of axis k is the i-th number of a counter-based stream
(Philox) keyed by (seed, k), so the same seed gives the same points whatever
the chunk size, worker count or backend.

At the exceptional point (Delta = 0, Gamma = 4|M21|) the eigen-quantities and
P_L, P_S do not exist: they are written as NaN there, the boolean column
``exceptional_point`` marks those points, and the summary counts them.

>>> import numpy as np, tempfile, os
>>> from atommix.scan import Grid, scan
>>> out = os.path.join(tempfile.mkdtemp(), "gd.npz")
>>> summary = scan({"delta": Grid(np.linspace(-2000, 2000, 5)), "gamma": 23.0, "m21": 1e-24},
...                out, quantities=["mixing"], progress=False)
>>> data = np.load(out)
>>> data["mixing"].shape, f"{data['mixing'][0]:.4e}"
((5,), '2.4999e-55')
"""

from .axes import AXES, Grid, Sample
from .evaluate import EIGEN_QUANTITIES, SCALE_QUANTITIES, TIME_QUANTITIES, available_quantities, dask_backend, evaluate_float64
from .run import ScanSummary, scan

__all__ = [
    "Grid",
    "Sample",
    "ScanSummary",
    "AXES",
    "EIGEN_QUANTITIES",
    "TIME_QUANTITIES",
    "SCALE_QUANTITIES",
    "available_quantities",
    "evaluate_float64",
    "dask_backend",
    "scan",
]
