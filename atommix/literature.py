"""Literature values shipped with the package, each with its source (``atommix/data/``).

Files are read lazily through :mod:`importlib.resources`; numbers are kept as the
decimal strings of the source, so the mpmath layer can use them exactly.

>>> from atommix.literature import constants
>>> c = constants()["h"]
>>> c.value, c.exact, c.source
('6.62607015e-34', True, 'SI defining constant')
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Constant", "Candidate", "si_exact", "constants", "oscillation", "candidates", "atomic_levels", "beams", "data_text"]


def data_text(name: str) -> str:
    """Text of a shipped data file, by its file name in ``atommix/data/`` (``"constants.toml"``, ...).

    Only the shipped files can be read: the name is looked up among them, never joined into a path,
    so ``"../literature.py"`` or an absolute path is refused rather than read.
    """
    folder = resources.files("atommix").joinpath("data")
    shipped = sorted(entry.name for entry in folder.iterdir() if entry.is_file())
    if not isinstance(name, str) or name not in shipped:
        error = ValueError if isinstance(name, str) else TypeError
        raise error(f"name must be the name of a shipped data file, one of {', '.join(shipped)}; got {name!r}")
    return folder.joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Constant:
    """A physical constant: decimal value, standard uncertainty (None if exact), unit and source."""

    name: str
    value: str
    uncertainty: str | None
    unit: str
    exact: bool
    source: str

    def __float__(self) -> float:
        return float(self.value)


@cache
def constants() -> dict[str, Constant]:
    """SI-exact and measured constants (``constants.toml``)."""
    raw = tomllib.loads(data_text("constants.toml"))
    return {
        name: Constant(name, str(v["value"]), v.get("uncertainty"), v.get("unit", ""), bool(v.get("exact", False)), v["source"])
        for name, v in raw.items()
    }


def si_exact(name: str) -> Fraction:
    """An exact constant (h, e, c, N_A, year) as a rational number, from ``constants.toml``."""
    table = constants()
    if not isinstance(name, str) or name not in table:
        error = ValueError if isinstance(name, str) else TypeError
        raise error(f"name must be one of the constants in constants.toml, {', '.join(table)}; got {name!r}")
    c = table[name]
    if not c.exact:
        raise ValueError(f"{name} is not exact; use constants()[{name!r}] with its uncertainty")
    return Fraction(c.value)


@cache
def oscillation() -> dict[str, Any]:
    """Oscillation parameters by source (``"pdg"``, ``"nufit52"``) and the m_bb limits (``oscillation.toml``)."""
    return tomllib.loads(data_text("oscillation.toml"))


@cache
def beams() -> dict[str, Any]:
    """The paper's XFEL and laser inputs (``beams.toml``)."""
    return tomllib.loads(data_text("beams.toml"))


def _csv_rows(name: str) -> list[dict[str, str]]:
    lines = [line for line in data_text(name).splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@cache
def atomic_levels() -> dict[str, dict[str, float | None]]:
    """Single-hole binding energies B_X and widths G_X (eV) by element symbol (``atomic_levels.csv``)."""
    out: dict[str, dict[str, float | None]] = {}
    for row in _csv_rows("atomic_levels.csv"):
        out[row["element"]] = {k: (float(v) if v else None) for k, v in row.items() if k not in ("element",)}
    return out


@dataclass(frozen=True)
class Candidate:
    """A resonant 0vECEC transition parent -> daughter (nuclear level E_level) from ``candidates.csv``.

    Numbers are the decimal strings of the sources named beside them; empty cells are None.
    ``delta_keV``/``gamma_2h_eV`` are set only where a source publishes them.
    """

    parent: str
    daughter: str
    Q_keV: str
    Q_unc_keV: str
    E_level_keV: str
    shells: str
    delta_keV: str | None
    delta_unc_keV: str | None
    gamma_2h_eV: str | None
    Q_source: str = ""
    E_level_unc_keV: str | None = None
    level_spin_parity: str = ""
    level_status: str = "published"
    level_source: str = ""
    shells_source: str = ""
    delta_source: str = ""
    T_half_yr: str | None = None
    T_half_mbb_eV: str | None = None
    T_half_source: str = ""
    note: str = ""

    @property
    def key(self) -> str:
        """Identifier such as ``Gd152`` (element then mass number), with ``@level`` when not the ground state."""
        mass = "".join(ch for ch in self.parent if ch.isdigit())
        element = "".join(ch for ch in self.parent if ch.isalpha())
        level = "" if float(self.E_level_keV) == 0 else f"@{self.E_level_keV}"
        return f"{element}{mass}{level}"

    @property
    def sources(self) -> list[str]:
        """The sources of this row's numbers, each prefixed by what it gives."""
        named = (("Q", self.Q_source), ("level", self.level_source), ("captured pair", self.shells_source),
                 ("Delta, Gamma", self.delta_source), ("half-life", self.T_half_source))
        return [f"{what}: {text}" for what, text in named if text]

    @property
    def source(self) -> str:
        """All sources in one line."""
        return "; ".join(self.sources)


@cache
def candidates() -> tuple[Candidate, ...]:
    """All shipped candidate transitions, in file order."""
    return tuple(
        Candidate(
            r["parent"], r["daughter"], r["Q_keV"], r["Q_unc_keV"], r["E_level_keV"], r["shells"],
            r["delta_keV"] or None, r["delta_unc_keV"] or None, r["gamma_2h_eV"] or None,
            Q_source=r["Q_source"], E_level_unc_keV=r["E_level_unc_keV"] or None, level_spin_parity=r["level_spin_parity"],
            level_status=r["level_status"], level_source=r["level_source"], shells_source=r["shells_source"],
            delta_source=r["delta_source"], T_half_yr=r["T_half_yr"] or None, T_half_mbb_eV=r["T_half_mbb_eV"] or None,
            T_half_source=r["T_half_source"], note=r["note"],
        )
        for r in _csv_rows("candidates.csv")
    )
