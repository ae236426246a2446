"""The Python examples of the documentation's pages run and print what the pages say.

Every ``pycon`` block of a hand-written page under ``docs/`` is a doctest; the blocks of one page
share their names, in order, as in a session.  (The command output on the pages is produced at
build time by the ``atommix-run`` directive, so it cannot go stale; the Python output can, so it
is checked here.)
"""

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
_BLOCK = re.compile(r"^```pycon\n(.*?)^```", re.S | re.M)


def _pages() -> list[Path]:
    skip = {"_build", "generated", "_templates", "_ext"}
    return sorted(p for p in DOCS.rglob("*.md") if not skip & set(p.relative_to(DOCS).parts))


def examples(text: str) -> str:
    """The ``pycon`` blocks of a page, one after the other."""
    return "\n".join(_BLOCK.findall(text))


def run_page(path: Path) -> doctest.TestResults:
    source = examples(path.read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest(source, {}, str(path.relative_to(DOCS)), str(path), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    return runner.summarize(verbose=False)


PAGES = [p for p in _pages() if examples(p.read_text(encoding="utf-8"))]


def test_the_pages_have_examples():
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert {"tutorials/verify.md", "tutorials/formulas.md", "tutorials/reference-values.md"} <= names


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_examples(path):
    result = run_page(path)
    assert result.attempted > 0 and result.failed == 0


def test_a_wrong_output_fails(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```pycon\n>>> 1 + 1\n3\n\n```\n")
    runner_result = doctest.DocTestRunner().run(
        doctest.DocTestParser().get_doctest(examples(page.read_text()), {}, "page", str(page), 0), out=lambda s: None)
    assert runner_result.failed == 1
