"""The LaTeX for papers: it compiles with no error and no overfull box, reads like the paper, and the
command line gives the document, snippets of named results, the macro file and the list of results.

The compile tests skip cleanly without pdflatex; with it, they fail on any line of the log that is
an error (``!``) or an overfull box.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from atommix.cli import main
from atommix.derivations import registry
from atommix.derivations.latex import _macro_body, _printer, latex_document, latex_snippet, macros
from atommix.derivations.layout import TEXT_WIDTH, width
from atommix.derivations.presentation import presentations
from atommix.quantities import QUANTITIES

PDFLATEX = shutil.which("pdflatex")
needs_tex = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex not installed")


def _compile(folder: Path, name: str, text: str) -> str:
    """Run pdflatex on ``text``; the log."""
    (folder / f"{name}.tex").write_text(text, encoding="utf-8")
    assert PDFLATEX is not None
    subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-no-shell-escape", f"{name}.tex"], cwd=folder,
                   capture_output=True, timeout=120)
    return (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")


def _problems(log: str) -> list[str]:
    """Errors and overfull boxes of a pdflatex log, each with the line after it."""
    lines = log.splitlines()
    return [" ".join(lines[i : i + 2]) for i, line in enumerate(lines)
            if line.startswith("!") or line.startswith(("Overfull \\hbox", "Overfull \\vbox"))]


@needs_tex
def test_the_checker_sees_an_overfull_box_and_an_error(tmp_path):
    wide = "x" + " + x" * 80
    log = _compile(tmp_path, "bad", "\\documentclass{article}\\begin{document}\n"
                   f"\\[ {wide} \\]\n$\\undefinedmacro$\n\\end{{document}}\n")
    found = _problems(log)
    assert any(p.startswith("Overfull \\hbox") for p in found) and any(p.startswith("!") for p in found)


@needs_tex
def test_document_compiles_with_no_error_and_no_overfull_box(tmp_path):
    log = _compile(tmp_path, "atommix", latex_document())
    assert not _problems(log), _problems(log)
    assert (tmp_path / "atommix.pdf").stat().st_size > 0


@needs_tex
def test_every_snippet_compiles_in_a_paper_that_loads_the_macros(tmp_path):
    (tmp_path / "atommix.sty").write_text(macros(), encoding="utf-8")
    selections = [[name] for name in registry()] + [["gamma_L", "mixing"], ["mbb", "mbb_min", "m21_from_mbb"]]
    inputs = []
    for i, selection in enumerate(selections):
        (tmp_path / f"snippet{i}.tex").write_text(latex_snippet(selection), encoding="utf-8")
        inputs.append(f"\\input{{snippet{i}}}")
    log = _compile(tmp_path, "paper", "\\documentclass{article}\n\\usepackage{atommix}\n\\begin{document}\n"
                   + "\n".join(inputs) + "\n\\end{document}\n")
    assert not _problems(log), _problems(log)


@needs_tex
def test_width_estimate_is_never_narrower_than_tex(tmp_path):
    """The line breaking trusts layout.width; TeX's own measure of every printed form holds it to that."""
    printer = _printer()
    forms = [printer.doprint(e) for p in presentations().values()
             for e in (p.exact, p.approximation, p.neglected, p.identity) if e is not None]
    boxes = "\n".join(f"\\sbox0{{$\\displaystyle {f}$}}\\typeout{{WIDTH {i} \\the\\wd0}}" for i, f in enumerate(forms))
    log = _compile(tmp_path, "widths", f"\\documentclass{{article}}\n{_macro_body()}\\begin{{document}}\n{boxes}\n"
                   "\\end{document}\n")
    measured = {int(i): float(w) for i, w in re.findall(r"WIDTH (\d+) ([\d.]+)pt", log)}
    assert len(measured) == len(forms)
    short = [(forms[i], w, width(forms[i])) for i, w in measured.items() if width(forms[i]) < 0.98 * w]
    assert not short, short


# ---------------------------------------------------------------------------------------------
# What the document says, equation by equation (against the paper's typesetting).
DOC = latex_document()


def test_named_intermediates_defined_once_and_used():
    assert DOC.count(r"s \equiv \sqrt{z^{2} + 4 |M_{21}|^{2}}") == 1
    assert DOC.count(r"z \equiv \Delta + \amxi \Gamma/2") == 1
    assert r"\amxRe(s z^*) > 0" in DOC and r"\lambda_L$ is the upper level" in DOC  # the branch, in words
    assert r"\sqrt{1 +" not in DOC  # no root expanded inside a result
    assert r"\Gamma_L = - 2 \amxIm \lambda_L \approx |\alpha|^2 \Gamma" in DOC  # lambda_L not repeated inside Gamma_L


@pytest.mark.parametrize("sympy_default", [r"\operatorname{re}", r"\operatorname{im}", r"\frac{\Gamma^{2}}{4}",
                                           r"\left(- ", r"\mathrm{i}", r"\left|{M_{21}}\right|"])
def test_none_of_sympys_default_typesetting(sympy_default):
    assert sympy_default not in DOC


@pytest.mark.parametrize("equation, paper", [
    ("2.2", r"\lambda_L \equiv E_L - \frac{\amxi}{2} \Gamma_L = M_1 + \frac{1}{2} \left(s - z\right) "
            r"\approx M_1 + |\alpha|^2 \left(\Delta - \frac{\amxi}{2} \Gamma\right)"),
    ("2.2", r"\approx M_2 - \frac{\amxi}{2} \Gamma - |\alpha|^2 \left(\Delta - \frac{\amxi}{2} \Gamma\right)"),
    ("2.3", r"\alpha = \frac{2 M_{21}}{z + s} \approx \frac{M_{21}}{\Delta + \frac{\amxi}{2} \Gamma}"),
    ("2.3", r"\beta = \frac{2 M_{21}}{z^{*} + s^{*}} \approx \frac{M_{21}}{\Delta - \frac{\amxi}{2} \Gamma}"),
    ("2.4", r"\alpha - \beta \approx - \amxi \frac{M_{21} \Gamma}{\Delta^{2} + \frac{1}{4} \Gamma^{2}}"),
    ("2.5", r"E_L = \amxRe \lambda_L \approx M_1"),
    ("2.5", r"E_S = \amxRe \lambda_S \approx M_2"),
    ("2.5", r"\Gamma_S = - 2 \amxIm \lambda_S \approx \Gamma"),
    ("3.1", r"\approx |\alpha|^2 \left(1 + e^{- \Gamma t/\hbar} - 2 e^{- \Gamma t/2 \hbar} \cos(\Delta t/\hbar)\right)"),
    ("3.2", r"|\langle 2|1(t)\rangle|^2 \approx \frac{|M_{21}|^{2} t^{2}}{\hbar^{2}}"),
    ("3.3", r"|\langle 2|1(t)\rangle|^2 \approx |\alpha|^2 \left(2 - \frac{\Gamma t}{\hbar}\right)"),
    ("3.4", r"|\langle 2|1(t)\rangle|^2 \approx |\alpha|^2"),
    ("3.6", r"\tau_L = \frac{\hbar}{\Gamma_L} \approx \frac{\hbar}{|\alpha|^2 \Gamma}"),
    ("3.7a", r"\approx 1 - \frac{|\alpha|^2 \Gamma t}{\hbar}"),
    ("3.7b", r"\approx 0"),
    ("3.7c", r"&\approx \frac{|\alpha|^2 \Gamma t}{\hbar}"),
    ("4.5", r"G = \hbar (\hbar c)^{2} \frac{\pi^{2}}{(\hbar\omega)^{3}} \frac{dN}{dt\,dS} "
            r"\left[\frac{d\omega}{\omega}\right]^{-1}"),
    ("1.6", r"|M_{21}| = |m_{\beta\beta}| \left(\frac{G_F \cos\theta_C}{\sqrt{2}}\right)^{2} \langle F_{21}\rangle "
            r"\frac{g_A^{2}}{2 \pi} |M_{0\nu}|"),
])
def test_equation_reads_like_the_paper(equation, paper):
    blocks = re.findall(r"\\tag\{" + re.escape(equation) + r"\}.*?\\end\{equation\}", DOC, re.S)
    assert any(paper in b for b in blocks), (equation, blocks)


def test_each_approximation_has_its_condition_and_neglected_term_beside_it():
    for name, result in registry().items():
        block = DOC[DOC.index(f"\\label{{amx:{name}}}"):].split("% ", 1)[0]
        if result.approximation is not None:
            assert "Holds for $" in block, name
        if presentations()[name].neglected is not None:
            assert "leading neglected term $" in block, name


def test_long_equations_are_broken_to_the_column():
    # the equation that ran 45 pt into the margin: now one line within the column, its tag beside it
    line = DOC[DOC.index(r"\label{amx:mbb_min}"):].split("\\end{equation}")[0].split("\n")[1]
    assert line.startswith(r"m_{\beta\beta}^{\min} = \max") and width(line) < TEXT_WIDTH - 40
    p_gs = DOC[DOC.index(r"\label{amx:P_gs}"):].split("\\end{equation}")[0]
    assert r"\begin{split}" in p_gs and r"\biggl[" in p_gs and r"\biggr]" in p_gs


# ---------------------------------------------------------------------------------------------
# The command line.
def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_derive_names_prints_just_those_equations(capsys):
    code, out, _ = run(capsys, "derive", "gamma_L", "mixing", "--format", "latex")
    assert code == 0 and r"\documentclass" not in out and r"\amxtag{2.5}" in out and r"\tag{" not in out
    assert re.findall(r"\\label\{amx:(\w+)\}", out) == ["gamma_L", "mixing"]
    where = out.strip().splitlines()[-1]
    assert where.startswith(r"\amxnote{where $z \equiv") and r"$\lambda_L = M_1 + (s - z)/2" in where


def test_derive_document_of_named_results(capsys):
    code, out, _ = run(capsys, "derive", "gamma_L", "--document")
    assert code == 0 and out.startswith(r"\documentclass")
    assert re.findall(r"\\label\{amx:(\w+)\}", out) == ["gamma_L"]


def test_derive_macros_is_the_shipped_file(capsys):
    code, out, _ = run(capsys, "derive", "--macros")
    assert code == 0 and out == macros() and r"\ProvidesPackage{atommix}" in out
    for macro in (r"\amxi", r"\amxRe", r"\amxIm", r"\amxtag", r"\amxnotag", r"\amxnote"):
        assert f"\\providecommand{macro}" in out


def test_derive_list(capsys):
    code, out, _ = run(capsys, "derive", "--list")
    rows = [line.split(None, 2) for line in out.splitlines()]
    assert code == 0 and [r[0] for r in rows] == list(QUANTITIES)
    assert dict((r[0], r[1]) for r in rows)["gamma_L"] == "2.5" and dict((r[0], r[1]) for r in rows)["condition"] == "-"


@pytest.mark.parametrize("argv", [["--document", "--format", "python"], ["--list", "--macros"], ["nonsense"]])
def test_derive_refuses(capsys, argv):
    code, _, err = run(capsys, "derive", *argv)
    assert code == 2 and "Traceback" not in err
