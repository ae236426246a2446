"""Figures: each kind draws labelled axes from the package's own numbers and writes a file."""

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from atommix import plots  # noqa: E402
from atommix.cli import main  # noqa: E402


@pytest.mark.parametrize("kind", sorted(plots.KINDS))
def test_each_kind_returns_labelled_axes(kind):
    fig, ax = plots.KINDS[kind]()
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert ax.lines or ax.collections
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_evolution_curve_is_the_kernel(tmp_path):
    from atommix.numeric import evolution

    fig, ax = plots.plot_evolution()
    line = ax.lines[0]
    t, y = line.get_xdata(), line.get_ydata()
    assert y == pytest.approx(evolution(910.0, 23.0, 1e-24, t=t, populations=False).appearance)


def test_an_existing_axes_is_used():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out_fig, out_ax = plots.plot_gain(ax=ax)
    assert out_ax is ax and out_fig is fig
    plt.close(fig)


@pytest.mark.parametrize("kind", ["evolution", "mbb"])
def test_cli_writes_the_file(tmp_path, capsys, kind):
    out = tmp_path / f"{kind}.png"
    assert main(["plot", kind, "-o", str(out)]) == 0
    assert out.stat().st_size > 10_000


def test_cli_rejects_unknown_extension(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["plot", "gain", "-o", str(tmp_path / "g.gif")])
    assert exc.value.code == 2 and "png" in capsys.readouterr().err
