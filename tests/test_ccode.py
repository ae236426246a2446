"""Generated C (double complex) compiled and run against the Python kernels, where a C compiler is present."""

import ctypes
import shutil
import subprocess

import numpy as np
import pytest
from atommix.derivations import registry
from atommix.derivations.ccode import c_source

CC = shutil.which("cc") or shutil.which("gcc")
pytestmark = pytest.mark.skipif(CC is None, reason="no C compiler")

SAMPLES = {
    "delta": [910.0, -3.0, 0.0, 1e-3], "gamma": [23.0, 1e-3, 5.0, 2.0], "m21": [1e-24, 0.5, 1.0, 1e-9],
    "phase": [0.0, 1.0, 2.0, 3.0], "t": [1e-16, 1e-14, 1e-13, 3.15e7],
    "m1": [1e-3, 0.01, 0.05, 0.1], "m2": [9e-3, 0.013, 0.06, 0.1], "m3": [0.05, 0.051, 0.07, 0.11],
    "sin2_12": [0.3] * 4, "sin2_13": [0.022] * 4, "alpha21": [0.0, 1.0, 3.0, 2.0], "alpha31": [0.5, 2.0, 1.0, 0.0],
    "n_atoms": [6e23] * 4, "gain": [3.5] * 4, "photon_energy": [4e4] * 4, "photon_rate": [1e25] * 4,
    "beam_area": [1e-14] * 4, "rel_bandwidth": [1.12e-3] * 4, "pulse_rate": [2.7e4] * 4, "pulse_duration": [1e-13] * 4,
    "lifetime": [1e-7] * 4, "mbb_abs": [0.1] * 4, "G_F": [1.1663787e-23] * 4, "V_ud": [0.97417] * 4,
    "g_A": [1.2754] * 4, "F21": [2e23] * 4, "M0nu": [3.0] * 4,
    "spot_size": [1e-7, 4e-5, 1e-9, 1e-3], "mean_power": [5.0, 0.1, 1e3, 1.0], "time_bandwidth": [0.441, 0.315, 1.0, 0.5],
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    results = {r.kernel_id: r for r in registry().values() if r.generated}
    wrappers = []
    for name, r in results.items():
        if r.is_complex:
            params = ", ".join(f"double {a}" for a in r.args)
            call = ", ".join(str(a) for a in r.args)
            wrappers.append(f"void wrap_{name}({params}, double *out) {{ double complex v = {name}({call}); "
                            f"out[0] = creal(v); out[1] = cimag(v); }}")
    src = c_source() + "\n" + "\n".join(wrappers) + "\n"
    d = tmp_path_factory.mktemp("c")
    (d / "k.c").write_text(src)
    subprocess.run([CC, "-O2", "-std=c99", "-shared", "-fPIC", "-o", str(d / "k.so"), str(d / "k.c"), "-lm"], check=True)
    return ctypes.CDLL(str(d / "k.so")), results


def test_c_kernels_match_python_kernels(library):
    lib, results = library
    for name, r in results.items():
        argsets = list(zip(*(SAMPLES[str(a)] for a in r.args)))
        for args in argsets:
            if {"delta", "gamma", "m21"} <= {str(a) for a in r.args}:
                d, g, m = args[0], args[1], args[2]
                if d == 0 and g == 4 * m:
                    continue
            with np.errstate(all="ignore"):
                expected = complex(np.asarray(r.kernel(*args)))
            if r.is_complex:
                out = (ctypes.c_double * 2)()
                fn = getattr(lib, f"wrap_{name}")
                fn.argtypes = [ctypes.c_double] * len(args) + [ctypes.POINTER(ctypes.c_double)]
                fn(*args, out)
                got = complex(out[0], out[1])
            else:
                fn = getattr(lib, name)
                fn.restype = ctypes.c_double
                fn.argtypes = [ctypes.c_double] * len(args)
                got = complex(fn(*args))
            if not np.isfinite(expected) and not np.isfinite(got):
                continue
            scale = abs(expected) if expected != 0 else 1e-300
            # the C library's complex functions round differently from numpy's: a few ulp
            assert abs(got - expected) <= 64 * np.finfo(float).eps * scale, (name, args, got, expected)
