"""Pages written at build time from the installed package, into ``docs/generated/``.

- ``generated/results/NAME.md``: one page per entry of the registry
  (:func:`atommix.derivations.registry`): its equation as a paper writes it (the LaTeX of
  ``atommix derive NAME --format latex``, rendered), the exact form, the paper's approximation,
  where it holds, the leading neglected term, the proof, the float64 error bound, the kernel's
  measured accuracy and where it lives in the API;
- ``generated/sections/S.md``: the list of a section's entries, included by the physics pages;
- ``generated/audit.md``: the tables of ``atommix audit --markdown``, included by ``audit.md``;
- ``generated/data.md``: the sources of the shipped data, included by ``data.md``;
- ``generated/gallery.md`` and ``generated/figures/``: every figure of :mod:`atommix.plots`;
- ``generated/cli.md``: ``atommix --help`` and every subcommand's ``--help``;
- ``generated/accuracy.md``: the quick accuracy sweep (``atommix accuracy --quick``).

A file is rewritten only when its text changes, so that Sphinx rereads only what changed.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from atommix_run import run_command

__all__ = ["AtommixEquations", "generate", "BOUND_POINT", "float64_bound", "entry_page", "note_to_markdown", "setup"]

#: Points per sweep of the accuracy sweep run at build time (``atommix accuracy --quick``).
QUICK_POINTS = 150
#: Width of the generated ``--help`` texts.
HELP_COLUMNS = "100"


# ---------------------------------------------------------------------------------------------
# Where the float64 error bound of an entry will be shown.
#: The point at which a published bound is shown: four daughter levels of a 156Dy-like parent (Delta_i,
#: Gamma_i, |M_i| in eV), illustrative values, the README's example.
BOUND_POINT = {"delta": [750.0, 4000.0, -1500.0, 13000.0], "gamma": [25.0, 24.0, 26.0, 25.0],
               "m21": [1e-25, 3e-25, 2e-25, 1e-25]}


def float64_bound(name: str) -> str | None:
    """Markdown stating the proved bound on the float64 error of result ``name``'s kernel.

    None where the package publishes none: the entry page then says so.  The bounds published
    today are those that :func:`atommix.numeric.channels.channel_eigensystem` returns with every
    value (its ``bounds`` field, :class:`~atommix.numeric.channels.ErrorBounds`); the page shows
    them at :data:`BOUND_POINT`, computed when the page is built.
    """
    import numpy as np

    from atommix.numeric.channels import ErrorBounds, channel_eigensystem, record_key
    from atommix.quantities import CHANNEL, QUANTITIES

    two_by_two = _two_by_two_bound(name)
    if two_by_two is not None:
        return two_by_two
    key = record_key(name)
    if QUANTITIES[name].family != CHANNEL or key not in ErrorBounds._fields:
        return None
    es = channel_eigensystem(**BOUND_POINT)
    value, bound = np.abs(getattr(es, key)), np.asarray(getattr(es.bounds, key))
    what = "|λ_L − exact|" if key == "lambda_L" else f"`{key}`"
    rows = [f"| {v:.6e} | {b:.2e} | {b / v:.1e} |" for v, b in zip(np.ravel(value), np.ravel(bound))]
    return ("{py:func}`~atommix.numeric.channels.channel_eigensystem` returns with every value an absolute "
            f"bound on its error, `bounds.{key}` (on {what}), proved from the computed residual of the secular "
            "equation and including the rounding of the reported float. At the four illustrative daughter "
            "levels of a 156Dy-like parent (Δ_i = " + ", ".join(f"{d:g}" for d in BOUND_POINT["delta"])
            + " eV, Γ_i = " + ", ".join(f"{g:g}" for g in BOUND_POINT["gamma"]) + " eV, |M_i| = "
            + ", ".join(f"{m:g}" for m in BOUND_POINT["m21"]) + " eV), computed when this page was built:\n\n"
            "| \\|value\\| | bound | relative |\n|---:|---:|---:|\n" + "\n".join(rows) + "\n")


def _two_by_two_bound(name: str) -> str | None:
    """The relative error bound of a 2x2 result at 152Gd (several times for a time quantity), or None."""
    from atommix.numeric import Eigensystem, Evolution, TimeScales, eigensystem_bounds, evolution_bounds, time_scales_bounds
    from atommix.quantities import EIGEN, QUANTITIES, SCALE, TIME

    EIGEN_FIELDS, TIME_FIELDS, SCALE_FIELDS = Eigensystem._fields, Evolution._fields, TimeScales._fields

    family = QUANTITIES[name].family
    if name not in (*EIGEN_FIELDS, *TIME_FIELDS, *SCALE_FIELDS):  # regime entries share their base's kernel
        return None
    gd = (910.0, 23.0, 1e-24, 0.0)
    intro = ("Every float64 value comes with a bound on its relative error with respect to the exact value at "
             "the inputs, a running error analysis generated from the same evaluation program "
             "({py:func}`~atommix.numeric.{fn}`, {doc}`/accuracy`). At 152Gd (Δ = 910 eV, Γ = 23 eV, "
             "|M21| = 1e-24 eV), computed when this page was built:\n\n")
    if family == EIGEN:
        b = eigensystem_bounds(*gd)
        v, r = getattr(b.values, name), getattr(b.bounds, name)
        return intro.replace("{fn}", "eigensystem_bounds") + f"| value | relative bound |\n|---:|---:|\n| {v:.6e} | {r:.1e} |\n"
    if family == SCALE:
        b = time_scales_bounds(*gd)
        v, r = getattr(b.values, name), getattr(b.bounds, name)
        return intro.replace("{fn}", "time_scales_bounds") + f"| value (s) | relative bound |\n|---:|---:|\n| {v:.6e} | {r:.1e} |\n"
    if family == TIME:
        times = [1e-21, 1e-15, 1.0, 1.420092e17]
        b = evolution_bounds(*gd, t=times)
        rows = "\n".join(f"| {t:g} | {v:.6e} | {r:.1e} |" for t, v, r in
                         zip(times, getattr(b.values, name), getattr(b.bounds, name)))
        return (intro.replace("{fn}", "evolution_bounds") + "| t (s) | value | relative bound |\n|---:|---:|---:|\n"
                + rows + "\n\n(inf: no correct digit is guaranteed in float64; the value underflows or its phase "
                "is beyond float64's resolution: use `atommix reference`.)\n")
    return None


# ---------------------------------------------------------------------------------------------
def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _escape(text: str) -> str:
    """Plain text (the registry's ASCII conditions, proofs) safe in Markdown."""
    return re.sub(r"([\\`*_\[\]<>#|$])", r"\\\1", text)


@contextmanager
def _columns(width: str) -> Iterator[None]:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = width
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


# ---------------------------------------------------------------------------------------------
# The LaTeX of `atommix derive NAME --format latex`, as MyST Markdown.
def _balanced(text: str, start: int) -> int:
    """Index just past the brace group that opens at ``text[start]``."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0) if text[i - 1] != "\\" else 0
        if depth == 0:
            return i + 1
    raise ValueError(f"unbalanced braces in {text[start:start + 80]!r}")


def note_to_markdown(note: str) -> str:
    """The text of an ``\\amxnote{...}`` as Markdown: ``$...$`` math kept, ``Eq.~\\eqref{amx:NAME}``
    a link to NAME's page.  Any other LaTeX outside math is an error (it would print as is)."""
    note = re.sub(r"Eq\.~\\eqref\{amx:(\w+)\}", r"Eq. {doc}`(\1) </generated/results/\1>`", note)
    pieces = re.split(r"(\$[^$]*\$)", note)
    for i, piece in enumerate(pieces):
        if piece.startswith("$"):
            continue
        piece = piece.replace("~", " ")
        if "\\" in piece or "{" in piece.replace("{doc}", ""):
            raise ValueError(f"LaTeX outside math in a note, not rendered: {piece!r}")
        pieces[i] = piece
    return "".join(pieces)


def snippet_to_markdown(snippet: str) -> str:
    """Equations as amsmath blocks (MathJax has the macros of atommix.sty), notes as paragraphs."""
    out: list[str] = []
    i = 0
    while i < len(snippet):
        if snippet.startswith("\\begin{equation}", i):
            end = snippet.index("\\end{equation}", i) + len("\\end{equation}")
            # starred: the paper's number is the equation's \amxtag; Sphinx is not to add one of its own
            out.append(snippet[i:end].replace("{equation}", "{equation*}"))
            i = end
        elif snippet.startswith("\\amxnote", i):
            end = _balanced(snippet, i + len("\\amxnote"))
            out.append(note_to_markdown(snippet[i + len("\\amxnote{") : end - 1]))
            i = end
        elif snippet.startswith("%", i):
            i = snippet.index("\n", i) + 1
        elif snippet[i].isspace():
            i += 1
        else:
            raise ValueError(f"unexpected LaTeX in a snippet: {snippet[i:i + 80]!r}")
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# One page per registry entry.
def _quick_sweep() -> dict[str, Any]:
    from atommix.validation.accuracy import accuracy_report

    return accuracy_report(QUICK_POINTS, 1)


_SWEEP: dict[str, Any] = {}  # the quick sweep of this build, run once (by :func:`generate`)


def _accuracy() -> dict[str, Any]:
    if not _SWEEP:
        _SWEEP.update(_quick_sweep())
    return _SWEEP


def _sweep_title(sweep: str) -> str:
    return sweep.replace("eigensystem_", "").replace("_", " ")


def _measured(name: str) -> str:
    """The kernel's errors in the quick sweep run at build time, where it is measured."""
    rows = []
    for sweep, summary in _accuracy()["values"].items():
        if name not in summary:
            continue
        s = summary[name]
        if sweep == "time_kernels":
            rows.append(f"| time kernels | {s['max_ulp']:.3g} | — | {s['median_ulp']:.2f} | {s['max_ulp_per_condition']:.2f} |")
        else:
            rows.append(f"| {_sweep_title(sweep)} | {s['max']:.2f} | {s['p99']:.2f} | {s['median']:.2f} | |")
    if not rows:
        return ("Not part of the accuracy sweep (only the eigen-quantities and the time kernels are); "
                "its tests check it against mpmath.\n")
    head = ("Errors of the generated kernel against the mpmath layer, in units of float64 rounding (ulp), "
            f"on the quick sweep ({QUICK_POINTS} points a sweep, seed 1) run when this page was built; "
            "the full sweep is on the {doc}`accuracy page </accuracy>`.\n\n"
            "| sweep | max ulp | p99 | median | max ulp / κ |\n|---|---:|---:|---:|---:|\n")
    return head + "\n".join(rows) + "\n"


def _api(result: Any) -> list[str]:
    """Where the result is computed, by its family (never a list of names)."""
    import atommix.numeric as numeric
    from atommix import quantities as q

    name = result.name
    links = []
    if callable(getattr(numeric, name, None)):
        links.append(f"{{py:func}}`atommix.numeric.{name}`: float64, broadcasting over arrays")
    family = result.quantity.family
    if family == q.EIGEN:
        links += ["{py:func}`atommix.numeric.eigensystem`: every eigen-quantity at once",
                  "{py:func}`atommix.validation.reference_eigensystem`: any precision, with checked digits"]
    elif family in (q.TIME, q.SCALE):
        links += ["{py:func}`atommix.numeric.evolution` and {py:func}`atommix.numeric.time_scales`",
                  "{py:func}`atommix.validation.reference_evolution`: any precision, with checked digits"]
    elif family == q.NEUTRINO:
        links += ["{py:func}`atommix.numeric.mbb_band`", "{py:func}`atommix.numeric.m21_from_mbb`"]
    elif family == q.CHANNEL:
        links += ["{py:func}`atommix.numeric.channels.channel_eigensystem`: float64 with proved bounds",
                  "{py:func}`atommix.validation.channels.channel_reference`: any precision"]
    elif family == q.CHANNEL_TIME:
        links += ["{py:func}`atommix.numeric.channel_evolution.channel_evolution`",
                  "{py:func}`atommix.validation.channel_evolution.channel_history`: any precision"]
    links.append(f'{{py:func}}`atommix.derivations.get`\\ `("{name}")`: this entry, '
                 "{py:class}`~atommix.derivations.registry.Result`")
    return links


def _neglected(result: Any) -> str:
    from atommix.derivations.presentation import presentations, symbol_names
    from atommix.derivations.printing import paper_latex
    from atommix.derivations.registry import latex_expr

    pres = presentations()[result.name]
    if pres.neglected is not None:
        return f"$\\displaystyle {paper_latex(pres.neglected, symbol_names(), macros=True)}$"
    if result.neglected is not None:
        return f"$\\displaystyle {latex_expr(result.neglected)}$"
    return "—"


def entry_page(result: Any) -> str:
    """The page of one registry entry."""
    from atommix.derivations.latex import SECTION_TITLES, latex_snippet, python_source
    from atommix.derivations.registry import latex_expr

    name, q = result.name, result.quantity
    eq = f"Eq. ({q.equation})" if q.equation else "not numbered in the paper"
    section = SECTION_TITLES.get(q.section, "")
    snippet = latex_snippet([name])
    lines = [
        f"# `{name}`: {_escape(q.description)}",
        "",
        f"${q.symbol}$ · {eq} · Section {q.section}, {section} · unit: {q.unit or '1'} · "
        f"{'complex' if q.is_complex else 'real'} · family: {q.family}"
        + (f" · a regime of {{doc}}`{q.base} </generated/results/{q.base}>`" if q.base else ""),
        "",
        "## As in a paper",
        "",
        snippet_to_markdown(snippet),
        f"`atommix derive {name} --format latex` prints this for `\\input` in a paper that loads "
        "`\\usepackage{atommix}` (the macro file `atommix derive --macros` writes):",
        "",
        "```latex",
        snippet.rstrip(),
        "```",
        "",
        "## Exact form and the paper's approximation",
        "",
        "In the registry's variables (energies relative to $M_1$, $\\Delta$, $\\Gamma$, $|M_{21}|$, the phase "
        "$\\varphi$ of $M_{21}$):",
        "",
        f"$$\n{q.symbol} = {latex_expr(result.exact)}\n$$",
        "",
    ]
    if result.approximation is not None:
        lines += ["The paper's form:", "", f"$$\n{q.symbol} \\approx {latex_expr(result.approximation)}\n$$", ""]
    else:
        lines += ["The paper uses this result as it is: no approximation to check.", ""]
    lines += [
        "Valid where",
        f": {_escape(result.validity_text)}"
        + (f"; small parameter ${latex_expr(result.validity)} \\ll 1$" if result.validity is not None else ""),
        "",
        "Leading neglected term",
        f": {_neglected(result)}",
        "",
        "## Proof",
        "",
        "How the evaluation program behind the float64 kernel is shown to compute the exact form "
        "({py:mod}`atommix.derivations.proofs`, {py:mod}`atommix.derivations.ball_check`):",
        "",
        _escape(result.proof),
        "",
        "## Float64 error bound",
        "",
        float64_bound(name) or "No proved bound on this kernel's float64 error is published yet; "
        "the measured errors below are what is known.",
        "",
        "## Measured accuracy",
        "",
        _measured(name),
        "## In the API",
        "",
        *[f"- {link}" for link in _api(result)],
        "",
    ]
    if result.generated:
        lines += ["The generated NumPy kernel (`atommix derive " + name + " --format python`):", "", "```python",
                  python_source([name]).rstrip(), "```", ""]
    return "\n".join(lines)


def _section_list(section: str, results: list[Any]) -> str:
    lines = []
    for r in results:
        eq = f"Eq. ({r.equation})" if r.equation else "(not numbered)"
        lines.append(f"- {{doc}}`{r.name} </generated/results/{r.name}>`, ${r.symbol}$, {eq}: {_escape(r.description)}")
    lines += ["", "```{toctree}", ":hidden:", "", *[f"/generated/results/{r.name}" for r in results], "```", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
def _audit_tables() -> str:
    """The tables of ``atommix audit --markdown``, included by ``audit.md`` under its own heading."""
    return run_command(["audit", "--markdown"])


def _walk_sources(prefix: str, value: Any) -> Iterator[tuple[str, str]]:
    """(dotted key, source) of every table of a TOML file that names its source."""
    if isinstance(value, dict):
        if isinstance(value.get("source"), str):
            yield prefix, value["source"]
        for key, item in value.items():
            yield from _walk_sources(f"{prefix}.{key}" if prefix else key, item)


def _data_page() -> str:
    """The sources of the shipped data, read from the files the package ships."""
    from atommix import literature

    lines = ["## Constants (`constants.toml`)", "",
             "| name | value | uncertainty | unit | source |", "|---|---:|---:|---|---|"]
    for c in literature.constants().values():
        unc = "exact" if c.exact else (c.uncertainty or "—")
        lines.append(f"| `{c.name}` | {c.value} | {unc} | {_escape(c.unit)} | {_escape(c.source)} |")
    lines += ["", "## Candidate transitions (`candidates.csv`)", "",
              "| parent | daughter | Q / keV | daughter level / keV | shells | source |", "|---|---|---:|---:|---|---|"]
    for c in literature.candidates():
        lines.append(f"| {c.parent} | {c.daughter} | {c.Q_keV} ± {c.Q_unc_keV} | {c.E_level_keV} | {c.shells or '—'} | "
                     f"{_escape(c.source)} |")
    lines += ["", "## Oscillation parameters and limits (`oscillation.toml`), beams (`beams.toml`)", "",
              "| entry | source |", "|---|---|"]
    for name, data in (("oscillation", literature.oscillation()), ("beams", literature.beams())):
        lines += [f"| `{name}.{key}` | {_escape(source)} |" for key, source in _walk_sources("", data)]
    lines += ["", "## Single-hole levels (`atomic_levels.csv`)", "", "```text",
              *[ln for ln in literature.data_text("atomic_levels.csv").splitlines() if ln.startswith("#")], "```", ""]
    return "\n".join(lines)


def _gallery(out: Path) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from atommix import plots

    lines = ["# Gallery", "",
             "Every figure of {py:mod}`atommix.plots`, drawn at its defaults (the paper's 152Gd point) when "
             "this page was built. `atommix plot KIND -o FILE.png|pdf|svg` draws the same from the command "
             "line; each function takes and returns matplotlib's `fig, ax`.", ""]
    for kind, function in plots.KINDS.items():
        fig, _ = function()
        fig.savefig(out / "figures" / f"{kind}.png", dpi=90, metadata={"Software": None})
        plt.close(fig)
        summary = (function.__doc__ or "").strip().splitlines()[0]
        lines += [f"## {kind}", "", _escape(summary), "",
                  f"```{{figure}} figures/{kind}.png\n:alt: {kind}\n\n`atommix plot {kind} -o {kind}.png`, "
                  f"or {{py:func}}`atommix.plots.{function.__name__}`\n```", ""]
    return "\n".join(lines)


def _cli_page() -> str:
    from atommix.cli import COMMANDS, build_parser

    with _columns(HELP_COLUMNS):
        parser = build_parser()
        sub = next(a for a in parser._actions if a.dest == "command")
        parts = ["# Command-line reference", "",
                 "The `--help` of `atommix` and of each of its commands, as the installed package prints them.",
                 "", "```text", parser.format_help().rstrip(), "```", ""]
        for command in COMMANDS:
            parts += [f"## atommix {command}", "", "```text", sub.choices[command].format_help().rstrip(), "```", ""]
    return "\n".join(parts)


def _accuracy_page() -> str:
    report = _accuracy()
    lines = ["Run when this page was built: `atommix accuracy --quick` "
             f"({QUICK_POINTS} points a sweep, seed 1), in ulp.", "", _escape(report["domain"]), ""]
    sweeps = [s for s in report["values"] if s != "time_kernels"]
    names = list(report["values"][sweeps[0]])
    lines += ["| quantity | " + " | ".join(f"max, {_sweep_title(s)}" for s in sweeps) + " |",
              "|---|" + "---:|" * len(sweeps)]
    for n in names:
        cells = " | ".join(f"{report['values'][s][n]['max']:.2f}" for s in sweeps)
        lines.append(f"| {{doc}}`{n} </generated/results/{n}>` | {cells} |")
    lines += ["", "| time quantity | max ulp | median ulp | max ulp / κ |", "|---|---:|---:|---:|"]
    for n, s in report["values"]["time_kernels"].items():
        lines.append(f"| {{doc}}`{n} </generated/results/{n}>` | {s['max_ulp']:.3g} | {s['median_ulp']:.2f} | "
                     f"{s['max_ulp_per_condition']:.2f} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
def generate(app: Sphinx) -> None:
    """Write every generated page (``builder-inited``)."""
    from atommix.derivations import registry

    out = Path(app.srcdir) / "generated"
    (out / "figures").mkdir(parents=True, exist_ok=True)
    # the two slow computations (seconds each: mpmath at many digits) run beside the rest
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        audit, sweep = pool.submit(_audit_tables), pool.submit(_quick_sweep)
        results = list(registry().values())
        _write(out / "gallery.md", _gallery(out))
        _write(out / "data.md", _data_page())
        _write(out / "cli.md", _cli_page())
        _SWEEP.clear()
        _SWEEP.update(sweep.result())
        _write(out / "audit.md", audit.result())
    for r in results:
        _write(out / "results" / f"{r.name}.md", entry_page(r))
    for section in dict.fromkeys(r.section for r in results):
        _write(out / "sections" / f"{section}.md", _section_list(section, [r for r in results if r.section == section]))
    _write(out / "accuracy.md", _accuracy_page())
    # stale pages of results that left the registry would be built as orphans: remove them
    known = {f"{r.name}.md" for r in results}
    for path in (out / "results").glob("*.md"):
        if path.name not in known:
            path.unlink()


class AtommixEquations(SphinxDirective):
    """``atommix-equations NAME ...``: the snippet ``atommix derive NAME ... --format latex`` prints, rendered."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        from atommix.derivations.latex import latex_snippet

        try:
            text = snippet_to_markdown(latex_snippet(self.arguments[0].split()))
        except (KeyError, ValueError) as exc:
            raise self.error(str(exc)) from exc
        return self.parse_text_to_nodes(text)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("atommix-equations", AtommixEquations)
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

