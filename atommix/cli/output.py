"""Output files named by ``-o``: checked before any work, so that a long run does not fail at its end."""

from __future__ import annotations

import os

from .options import UsageError

__all__ = ["check_output"]


def check_output(path: str, option: str = "-o/--output") -> None:
    """Refuse an output path whose folder is missing or not writable, or that is itself a folder."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"{option}: cannot write {path!r}: the folder {folder!r} does not exist")
    if os.path.isdir(path):
        raise UsageError(f"{option}: cannot write {path!r}: it is a folder; give a file name")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{option}: cannot write {path!r}: no permission to write in {folder!r}")
