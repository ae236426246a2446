"""Writing scan chunks as they come: CSV rows, or NPZ columns written in place and zipped at the end."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from typing import Any, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["complex_columns", "CsvWriter", "NpzWriter"]


def complex_columns(values: Mapping[str, NDArray[np.generic]]) -> dict[str, NDArray[np.generic]]:
    """Complex quantities as _re and _im columns."""
    out: dict[str, NDArray[np.generic]] = {}
    for name, v in values.items():
        if np.iscomplexobj(v):
            out[name + "_re"], out[name + "_im"] = v.real, v.imag
        else:
            out[name] = v
    return out


class CsvWriter:
    def __init__(self, path: str, header: Sequence[str], comment: str) -> None:
        self.file = open(path, "w", encoding="utf-8", newline="\n")
        self.file.write("".join(f"# {line}\n" for line in comment.splitlines()))
        self.file.write(",".join(header) + "\n")
        self.header = list(header)

    def write(self, start: int, columns: Mapping[str, Any]) -> None:
        cols = [np.asarray(columns[h], dtype=np.int8) if np.asarray(columns[h]).dtype == np.bool_ else columns[h]
                for h in self.header]
        text = [
            np.char.mod("%.17g", c) if isinstance(c, np.ndarray) and c.dtype.kind == "f"
            else np.asarray(c).astype(str)
            for c in cols
        ]
        rows = np.stack(text, axis=1) if text else np.empty((0, 0), dtype=str)
        self.file.write("".join(",".join(r) + "\n" for r in rows))

    def close(self, info: Mapping[str, Any]) -> None:
        self.file.close()

    def abort(self) -> None:
        self.file.close()


class NpzWriter:
    """Columns as .npy files in a scratch folder beside the output, zipped (stored) at the end.

    Each chunk is written at its offset with ``os.pwrite``, not through a memory map:
    mapped pages would count towards the process' resident memory, written ones do not.
    """

    def __init__(self, path: str, specs: Mapping[str, tuple[np.dtype[Any], tuple[int, ...]]], static: Mapping[str, NDArray[Any]]) -> None:
        self.path = path
        self.scratch = tempfile.mkdtemp(prefix=".atommix-scan-", dir=os.path.dirname(os.path.abspath(path)) or ".")
        self.files: dict[str, tuple[int, int, np.dtype[Any]]] = {}
        for name, (dtype, shape) in specs.items():
            file = os.path.join(self.scratch, name + ".npy")
            with open(file, "wb") as fh:
                np.lib.format.write_array_header_2_0(
                    fh, {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape}
                )
                offset = fh.tell()
                fh.truncate(offset + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize)
            self.files[name] = (os.open(file, os.O_WRONLY), offset, dtype)
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
        tmp = self.path + ".partial"
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            for name, arr in {**self.static, "scan_info": np.array(json.dumps(info, sort_keys=True))}.items():
                with zf.open(name + ".npy", "w", force_zip64=True) as fh:
                    np.lib.format.write_array(fh, np.asarray(arr), allow_pickle=False)
            for name in names:
                zf.write(os.path.join(self.scratch, name + ".npy"), arcname=name + ".npy")
        os.replace(tmp, self.path)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def abort(self) -> None:
        self._close_files()
        shutil.rmtree(self.scratch, ignore_errors=True)
