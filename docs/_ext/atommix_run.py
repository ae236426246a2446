"""The ``atommix-run`` directive: a command of the ``atommix`` command line, run at build time.

The page shows the command and what it printed, so the output in the documentation is the
output of the installed package, never a copy that can go stale::

    ```{atommix-run} evaluate --delta 0.91keV --gamma 23eV --m21 1e-24eV
    :head: 12
    ```

``:head: N`` keeps the first N lines of the output and marks the cut with ``...``; ``:tail: N``
keeps the last N.  A command that exits with a non-zero status fails the build.
"""

from __future__ import annotations

import contextlib
import io
import shlex

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__all__ = ["run_command", "AtommixRun", "setup"]


def run_command(argv: list[str]) -> str:
    """What ``atommix ARGV`` prints on standard output; raises ``RuntimeError`` on a non-zero exit."""
    from atommix.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    if code != 0:
        raise RuntimeError(f"atommix {shlex.join(argv)} exited with {code}: {err.getvalue().strip()}")
    return out.getvalue()


class AtommixRun(SphinxDirective):
    """Run ``atommix ARGUMENTS`` and show the command with its output."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"head": directives.nonnegative_int, "tail": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        argv = shlex.split(self.arguments[0])
        try:
            text = run_command(argv)
        except RuntimeError as exc:
            raise self.error(str(exc)) from exc
        lines = text.rstrip("\n").splitlines()
        if "head" in self.options and len(lines) > self.options["head"]:
            lines = lines[: self.options["head"]] + ["..."]
        if "tail" in self.options and len(lines) > self.options["tail"]:
            lines = ["..."] + lines[-self.options["tail"] :]
        block = "$ atommix " + shlex.join(argv) + "\n" + "\n".join(lines)
        node = nodes.literal_block(block, block)
        node["language"] = "text"  # the output is not shell: console highlighting trips on it
        self.set_source_info(node)
        return [node]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("atommix-run", AtommixRun)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
