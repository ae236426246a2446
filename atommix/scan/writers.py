"""Writing scan chunks as they come, and any output file atomically.

Every file is written under a temporary name in the target's folder and renamed onto
the target only when complete (:func:`atomic_path`): an interrupted or failed run
leaves the previous file, if any, untouched and no partial file behind.

CSV: one header line, then one row per point, written in blocks; the scan's
description (inputs, units, fixed values, counts) goes to a sidecar ``FILE.csv.json``,
so that ``csv.DictReader``, ``pandas.read_csv`` and spreadsheets read the CSV as is.
NPZ: columns written in place into scratch ``.npy`` files and zipped (stored) at the end.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import tempfile
import uuid
import zipfile
from typing import Any, Iterator, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["complex_columns", "atomic_path", "temporary_path", "csv_block", "CsvWriter", "NpzWriter", "sidecar_path"]


def complex_columns(values: Mapping[str, NDArray[np.generic]]) -> dict[str, NDArray[np.generic]]:
    """Complex quantities as _re and _im columns."""
    out: dict[str, NDArray[np.generic]] = {}
    for name, v in values.items():
        if np.iscomplexobj(v):
            out[name + "_re"], out[name + "_im"] = v.real, v.imag
        else:
            out[name] = v
    return out


def temporary_path(path: str | os.PathLike[str]) -> str:
    """A new, empty file beside ``path`` (same folder, so that the final rename is atomic).

    Created with the usual permissions (0666 less the umask), unlike ``tempfile.mkstemp``'s 0600,
    since it becomes the output file.
    """
    path = os.fspath(path)
    folder, base = os.path.split(os.path.abspath(path))
    while True:
        tmp = os.path.join(folder, f".{base}.{uuid.uuid4().hex[:12]}.partial")
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` if the block succeeds, else remove it.

    Interruptions (``KeyboardInterrupt``) count as failures: the target is never left partial.
    """
    tmp = temporary_path(path)
    try:
        yield tmp
        os.replace(tmp, os.fspath(path))
    except BaseException:
        _remove(tmp)
        raise


def sidecar_path(path: str | os.PathLike[str]) -> str:
    """Where a CSV scan's description goes: ``FILE.csv.json``."""
    return os.fspath(path) + ".json"


def _csv_fallback(cols: Sequence[NDArray[Any]]) -> bytes:
    """Any columns (decimal strings of the mpmath scans, non-finite values) through the csv module."""
    buf = io.StringIO()
    lists = [(c.astype(np.int8) if c.dtype == np.bool_ else c).tolist() for c in cols]
    csv.writer(buf, lineterminator="\n").writerows(zip(*lists))
    return buf.getvalue().encode("utf-8")


def _field(x: float) -> bytes:
    import orjson

    return orjson.dumps(x) if np.isfinite(x) else repr(x).encode()


def csv_block(cols: Sequence[NDArray[Any]]) -> bytes:
    """Rows of a block of equal-length columns as CSV text (no header).

    Floats are written in their shortest form that reads back to the same float64
    (orjson's; ``1.7947119757558955e-9``), ``nan``/``inf`` where not finite, booleans as 0/1.
    Float blocks whose last column is boolean (the scan layout) are formatted by orjson in
    one call, ~20x faster than the csv module; anything else (the decimal strings of
    mpmath scans) goes through the csv module.
    """
    if not cols or len(cols[0]) == 0:
        return b""
    numeric = all(c.dtype.kind == "f" for c in cols[:-1]) and cols[-1].dtype == np.bool_
    if not numeric:
        return _csv_fallback(cols)
    import orjson

    matrix = np.empty((len(cols[0]), len(cols)), dtype=np.float64)
    for i, c in enumerate(cols):
        matrix[:, i] = c
    finite = np.isfinite(matrix).all(axis=1)
    if not finite.all():
        matrix[~finite] = 0.0  # placeholders: those rows are written field by field below
    # [[a,b,1.0],[c,d,0.0]]: the boolean last field ends every row in ".0", which goes with the "],[".
    text = orjson.dumps(matrix, option=orjson.OPT_SERIALIZE_NUMPY)[2:-4].replace(b".0],[", b"\n") + b"\n"
    if finite.all():
        return text
    rows = text.split(b"\n")
    for i in np.flatnonzero(~finite):
        rows[i] = b",".join([*(_field(float(c[i])) for c in cols[:-1]), b"1" if cols[-1][i] else b"0"])
    return b"\n".join(rows)


class CsvWriter:
    """A header line and blocks of rows into a temporary file; renamed, with its sidecar, by :meth:`close`."""

    def __init__(self, path: str, header: Sequence[str]) -> None:
        self.path = path
        self.header = list(header)
        self.tmp = temporary_path(path)
        try:
            self.file = open(self.tmp, "wb")
            self.file.write((",".join(self.header) + "\n").encode("utf-8"))
        except BaseException:
            _remove(self.tmp)
            raise

    def write(self, start: int, columns: Mapping[str, Any]) -> None:
        self.file.write(csv_block([np.asarray(columns[h]) for h in self.header]))

    def close(self, info: Mapping[str, Any]) -> None:
        """Finish: the sidecar JSON (with ``columns``) and the CSV replace any previous ones."""
        self.file.close()
        with atomic_path(sidecar_path(self.path)) as tmp:
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump({"file": os.path.basename(self.path), "columns": self.header, **info}, fh, indent=2, sort_keys=True)
                fh.write("\n")
            os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.file.close()
        _remove(self.tmp)


class NpzWriter:
    """Columns as .npy files in a scratch folder beside the output, zipped (stored) at the end.

    Each chunk is written at its offset with ``os.pwrite``, not through a memory map:
    mapped pages would count towards the process' resident memory, written ones do not.
    """

    def __init__(self, path: str, specs: Mapping[str, tuple[np.dtype[Any], tuple[int, ...]]], static: Mapping[str, NDArray[Any]]) -> None:
        self.path = path
        folder, base = os.path.split(os.path.abspath(path))
        self.scratch = tempfile.mkdtemp(prefix=f".{base}.", suffix=".columns", dir=folder)
        self.files: dict[str, tuple[int, int, np.dtype[Any]]] = {}
        try:
            for name, (dtype, shape) in specs.items():
                file = os.path.join(self.scratch, name + ".npy")
                with open(file, "wb") as fh:
                    np.lib.format.write_array_header_2_0(
                        fh, {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape}
                    )
                    offset = fh.tell()
                    fh.truncate(offset + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize)
                self.files[name] = (os.open(file, os.O_WRONLY), offset, dtype)
        except BaseException:
            self.abort()
            raise
        self.static = dict(static)

    def write(self, start: int, columns: Mapping[str, Any]) -> None:
        for name, value in columns.items():
            fd, offset, dtype = self.files[name]
            data = np.ascontiguousarray(value, dtype=dtype)
            os.pwrite(fd, data.tobytes(), offset + start * dtype.itemsize)

    def _close_files(self) -> list[str]:
        names = list(self.files)
        for fd, _, _ in self.files.values():
            os.close(fd)
        self.files.clear()
        return names

    def close(self, info: Mapping[str, Any]) -> None:
        names = self._close_files()
        try:
            with atomic_path(self.path) as tmp:
                with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
                    for name, arr in {**self.static, "scan_info": np.array(json.dumps(info, sort_keys=True))}.items():
                        with zf.open(name + ".npy", "w", force_zip64=True) as fh:
                            np.lib.format.write_array(fh, np.asarray(arr), allow_pickle=False)
                    for name in names:
                        zf.write(os.path.join(self.scratch, name + ".npy"), arcname=name + ".npy")
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def abort(self) -> None:
        self._close_files()
        shutil.rmtree(self.scratch, ignore_errors=True)
