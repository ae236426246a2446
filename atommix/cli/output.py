"""Output files named by ``-o``: checked before any work, so that a long run does not fail at its end;
the summary a finished scan prints."""

from __future__ import annotations

import os
from typing import Any

from .options import UsageError

__all__ = ["check_output", "print_scan_summary"]


def check_output(path: str, option: str = "-o/--output") -> None:
    """Refuse an output path whose folder is missing or not writable, or that is itself a folder."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"{option}: cannot write {path!r}: the folder {folder!r} does not exist")
    if os.path.isdir(path):
        raise UsageError(f"{option}: cannot write {path!r}: it is a folder; give a file name")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{option}: cannot write {path!r}: no permission to write in {folder!r}")


def print_scan_summary(result: dict[str, Any], what: str, exceptional: str) -> None:
    """The text summary of a finished scan: ``what`` names the points, ``exceptional`` says what is NaN
    at exceptional points (printed only where there are some)."""
    rate = result["points_per_second"]
    print(f"wrote {result['points']} points ({what}) to {result['output']}")
    print(f"  {result['chunks']} chunk(s) in {result['seconds']:.3g} s" + (f", {rate:.3g} points/s" if rate else "")
          + f", backend {result['backend']}")
    print(f"  columns: {', '.join(result['columns'])}")
    if result["format"] == "csv":
        print(f"  description (inputs, units, fixed values): {result['output']}.json")
    if result["exceptional_points"]:
        print(f"  {result['exceptional_points']} point(s) {exceptional} (column exceptional_point)")
