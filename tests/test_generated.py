"""The committed kernels are what the registry generates, and the same functions lambdify builds."""

import subprocess
import sys

import numpy as np
import pytest
from atommix.derivations import codegen, registry
from atommix.numeric import _kernels


def test_committed_kernels_are_up_to_date():
    committed = codegen.kernels_module_path().read_text()
    assert committed == codegen.generate_kernels_module(), (
        "numeric/_kernels.py is stale: run  python -m atommix.derivations.codegen"
    )
    assert committed.startswith("# GENERATED FILE: DO NOT EDIT.")
    paper = codegen.paper_module_path().read_text()
    assert paper == codegen.generate_paper_module(), (
        "numeric/_paper_kernels.py is stale: run  python -m atommix.derivations.codegen"
    )
    assert paper.startswith("# GENERATED FILE: DO NOT EDIT.")
    bounded = codegen.bounded_module_path().read_text()
    assert bounded == codegen.generate_bounded_module(), (
        "numeric/_bounded.py is stale: run  python -m atommix.derivations.codegen"
    )
    assert bounded.startswith("# GENERATED FILE: DO NOT EDIT.")


@pytest.mark.parametrize("name", [n for n, r in registry().items() if r.generated])
def test_runtime_lambdify_is_the_committed_kernel(name):
    rng = np.random.default_rng(7)
    delta = 10 ** rng.uniform(-3, 6, 500) * rng.choice([-1, 1], 500)
    gamma = np.abs(delta) * 10 ** rng.uniform(-6, 6, 500)
    m21 = np.hypot(delta, gamma / 2) * 10 ** rng.uniform(-30, 0, 500)
    phase = rng.uniform(0, 2 * np.pi, 500)
    t = 10 ** rng.uniform(-25, 18, 500)
    result = registry()[name]
    samples = {"delta": delta, "gamma": gamma, "m21": m21, "phase": phase, "t": t,
               "m1": 10 ** rng.uniform(-4, 0, 500), "m2": 10 ** rng.uniform(-4, 0, 500), "m3": 10 ** rng.uniform(-4, 0, 500),
               "sin2_12": rng.uniform(0, 1, 500), "sin2_13": rng.uniform(0, 0.1, 500),
               "alpha21": phase, "alpha31": phase[::-1],
               "n_atoms": 10 ** rng.uniform(0, 30, 500), "gain": 10 ** rng.uniform(-3, 3, 500),
               "photon_energy": 10 ** rng.uniform(3, 5, 500), "photon_rate": 10 ** rng.uniform(20, 30, 500),
               "beam_area": 10 ** rng.uniform(-18, -8, 500), "rel_bandwidth": 10 ** rng.uniform(-5, -1, 500),
               "pulse_rate": 10 ** rng.uniform(0, 9, 500), "pulse_duration": 10 ** rng.uniform(-16, -9, 500),
               "lifetime": 10 ** rng.uniform(-9, -6, 500),
               "mbb_abs": 10 ** rng.uniform(-4, 0, 500), "G_F": np.full(500, 1.1663787e-23), "V_ud": np.full(500, 0.97417),
               "g_A": np.full(500, 1.2754), "F21": 10 ** rng.uniform(20, 26, 500), "M0nu": rng.uniform(-5, 5, 500),
               "spot_size": 10 ** rng.uniform(-9, -3, 500), "mean_power": 10 ** rng.uniform(-3, 3, 500),
               "time_bandwidth": rng.uniform(0.3, 1.0, 500)}
    args = tuple(samples[str(a)] for a in result.args)
    with np.errstate(all="ignore"):
        runtime = result.lambdify()(*args)
        committed = result.kernel(*args)
    np.testing.assert_array_equal(runtime, committed)  # bit for bit
    assert result.kernel is getattr(_kernels, result.kernel_id)


def test_combined_kernel_matches_single_kernels():
    args = (np.array([910.0, -3.0, 0.0]), np.array([23.0, 1e-3, 1.0]), np.array([1e-24, 0.5, 2.0]), np.array([0.0, 1.0, 2.0]))
    combined = _kernels.eigensystem(*args)
    for name, value in zip(codegen.EIGENSYSTEM_ORDER, combined):
        np.testing.assert_array_equal(value, getattr(_kernels, name)(*args))


def test_combined_evolution_kernel_matches_single_kernels():
    args = (np.array([910.0, 0.0, 3.0]), np.array([23.0, 4.0, 0.0]), np.array([1e-24, 1.0, 0.5]), 0.3, np.array([1e-16, 1e-15, 2e-15]))
    with np.errstate(all="ignore"):
        combined = _kernels.evolution(*args)
        for name, value in zip(codegen.EVOLUTION_ORDER, combined):
            single = getattr(_kernels, name)(*(args[:4] if name.startswith("tau") else args))
            np.testing.assert_array_equal(value, single)


def test_numeric_does_not_import_sympy():
    code = "import sys, atommix.numeric; sys.exit('sympy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_results_without_a_generated_kernel_say_so():
    """Results of iterative solvers (N daughter channels) are registered but have no kernel: a clear KeyError."""
    solved = [r for r in registry().values() if not r.generated]
    assert solved
    for r in solved:
        with pytest.raises(KeyError, match="no generated kernel"):
            r.kernel
        assert not hasattr(_kernels, r.name)
