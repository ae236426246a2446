"""Figures for talks and papers (matplotlib, the ``plot`` extra).

Every function takes an optional ``ax`` and returns ``(fig, ax)``, so it can be
used from a notebook or composed; ``atommix plot KIND -o FILE`` wraps them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["KINDS", "plot_evolution", "plot_populations", "plot_resonance", "plot_mbb", "plot_gain"]

YEAR = 31557600.0


def _axes(ax: Any = None) -> tuple[Any, Any]:
    if ax is not None:
        return ax.figure, ax
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
    return fig, ax


def plot_evolution(delta: float = 910.0, gamma: float = 23.0, m21: float = 1e-24, phase: float = 0.0, ax: Any = None) -> tuple[Any, Any]:
    """Appearance probability |<2|1(t)>|^2 (Eq. 3.1, exact) from atom oscillations to t >> tau_S, with Eqs. 3.2-3.4."""
    from .numeric import evolution, mixing, paper_form, time_scales

    fig, ax = _axes(ax)
    ts = time_scales(delta, gamma, m21, phase)
    t = np.logspace(np.log10(ts.tau_osc) - 3, np.log10(min(ts.tau_S, ts.tau_osc * 1e6)) + 2.5, 4000)
    app = evolution(delta, gamma, m21, phase, t=t, populations=False).appearance
    mix = float(mixing(delta, gamma, m21, phase))
    ax.loglog(t, app, color="k", lw=1.2, label="exact (Eq. 3.1)")
    short = t < ts.tau_osc
    ax.loglog(t[short], paper_form("appearance_short")(delta, gamma, m21, phase, t[short]), "--", color="C0",
              label=r"Eq. 3.2: $|M_{21}|^2 t^2/\hbar^2$")
    mid = (t > ts.tau_osc / 3) & (t < 1.5 * ts.tau_S)
    ax.loglog(t[mid], paper_form("appearance_intermediate")(delta, gamma, m21, phase, t[mid]), "--", color="C1",
              label=r"Eq. 3.3: $|\alpha|^2(2-\Gamma t/\hbar)$ (time average)")
    ax.axhline(mix, ls=":", color="C2", label=r"Eq. 3.4: $|\alpha|^2$")
    for x, name in ((ts.tau_osc, r"$\tau_{\rm osc}$"), (ts.tau_S, r"$\tau_S$")):
        ax.axvline(x, color="0.6", lw=0.8)
        ax.text(x, mix * 8, name, rotation=90, va="bottom", ha="right", color="0.3")
    ax.set_ylim(max(app.min(), mix * 1e-6), mix * 30)
    ax.set_xlabel("time since production t [s]")
    ax.set_ylabel(r"appearance $|\langle 2|1(t)\rangle|^2$")
    ax.set_title(rf"$\Delta$ = {delta:g} eV, $\Gamma$ = {gamma:g} eV, $|M_{{21}}|$ = {m21:g} eV")
    ax.legend(fontsize=8, loc="lower right")
    return fig, ax


def plot_populations(delta: float = 910.0, gamma: float = 23.0, m21: float = 1e-24, phase: float = 0.0, ax: Any = None) -> tuple[Any, Any]:
    """P_gs, the depletion 1 - survival and 1 - P_L from 1e-20 s to cosmological times (Eq. 3.7)."""
    from .numeric import decayed_fraction_L, evolution

    fig, ax = _axes(ax)
    t = np.logspace(-20, 18, 800)
    h = evolution(delta, gamma, m21, phase, t=t)
    ax.loglog(t, h.depletion, color="k", lw=1.5, label="depletion 1 - survival")
    ax.loglog(t, h.P_gs, "--", color="C3", lw=1.5, label=r"$P_{\rm g.s.}$ (daughter ground state)")
    ax.loglog(t, decayed_fraction_L(delta, gamma, m21, phase, t=t), ":", color="C0", lw=1.5,
              label=r"$1 - P_L \approx \Gamma_L t/\hbar$")
    ax.loglog(t, h.appearance, color="C2", lw=1, label=r"appearance $|\langle 2|1(t)\rangle|^2$")
    for x, label in ((YEAR, "1 yr"), (4.5e9 * YEAR, "Earth")):
        ax.axvline(x, color="0.6", lw=0.8)
        ax.text(x, h.appearance.max() * 10, label, rotation=90, va="bottom", ha="right", color="0.3")
    ax.set_ylim(h.appearance.max() * 1e-4, h.depletion[-1] * 1e3)
    ax.set_xlabel("time since production t [s]")
    ax.set_ylabel("probability per parent atom")
    ax.set_title(rf"$\Delta$ = {delta:g} eV, $\Gamma$ = {gamma:g} eV, $|M_{{21}}|$ = {m21:g} eV")
    ax.legend(fontsize=8, loc="upper left")
    return fig, ax


def plot_resonance(gamma: float = 23.0, m21: float = 1e-24, per_mole: bool = False, ax: Any = None) -> tuple[Any, Any]:
    """|alpha|^2 (or the X-ray rate per mole) against Delta at fixed Gamma and |M21|, shipped candidates marked."""
    from .literature import si_exact
    from .nuclides import candidate_keys, nuclide_parameters
    from .numeric import mixing, spontaneous_rate

    n_a = float(si_exact("N_A"))

    def y_of(d: Any, g: Any) -> Any:
        return spontaneous_rate(d, g, m21, n_atoms=n_a) if per_mole else mixing(d, g, m21)

    fig, ax = _axes(ax)
    delta = np.concatenate([-np.logspace(4, 1, 600), np.linspace(-10, 10, 401), np.logspace(1, 4, 600)])
    y = y_of(delta, gamma)
    ax.semilogy(delta, y, color="k", label=rf"$\Gamma$ = {gamma:g} eV")
    for key in candidate_keys():
        p = nuclide_parameters(key)
        if p.delta is None or p.gamma is None:
            continue
        yc = y_of(float(p.delta), float(p.gamma))
        marker = "o" if not p.estimated else "s"
        ax.plot(float(p.delta), yc, marker, ms=6, label=f"{key} ($\\Gamma$ = {float(p.gamma):g} eV{', est.' if p.estimated else ''})")
    ax.set_xlim(-1e4, 1e4)
    ax.set_xscale("symlog", linthresh=10)
    ax.set_xlabel(r"$\Delta = M_1 - M_2$ [eV]")
    ax.set_ylabel("X-ray rate per mole [1/s]" if per_mole else r"mixing $|\alpha|^2$")
    ax.set_title(rf"resonant enhancement at $|M_{{21}}|$ = {m21:g} eV (squares: $\Delta$, $\Gamma$ estimated)")
    ax.legend(fontsize=7, loc="upper right")
    return fig, ax


def plot_mbb(source: str = "nufit52", ax: Any = None) -> tuple[Any, Any]:
    """The m_bb bands (Eq. 1.4) against the lightest neutrino mass for NO and IO (the paper's Fig. 2)."""
    from .literature import oscillation
    from .numeric import mbb_band

    fig, ax = _axes(ax)
    m0 = np.logspace(-4, 0, 500)
    for ordering, color in (("NO", "C0"), ("IO", "C3")):
        band = mbb_band(m0, ordering, source)
        lo = np.where(band.min > 0, band.min, 1e-5)
        ax.fill_between(m0, lo, band.max, color=color, alpha=0.35, label=f"{ordering} (best fit, {source})")
    kz = oscillation()["limits"]["kamland_zen_2022"]
    lo_lim, hi_lim = kz["mbb_max_eV"]
    ax.axhspan(hi_lim, 1.0, color="0.7", label=f"excluded by KamLAND-Zen 2022 for every NME (> {hi_lim} eV)")
    ax.axhspan(lo_lim, hi_lim, color="0.88", label=f"excluded for the largest NME ({lo_lim}-{hi_lim} eV)")
    ax.set_xlim(m0[0], m0[-1])
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-4, 1)
    ax.set_xlabel("lightest neutrino mass [eV]")
    ax.set_ylabel(r"$m_{\beta\beta}$ [eV]")
    ax.set_title(r"$m_{\beta\beta}$ over the Majorana phases (Eq. 1.4)")
    ax.legend(fontsize=8, loc="lower right")
    return fig, ax


def plot_gain(photons_per_fs: float = 1e10, rel_bandwidth: float = 1.12e-3, spot_shape: str = "square", ax: Any = None) -> tuple[Any, Any]:
    """Gain G of Eq. (4.5) against photon energy for several spot sizes, with the paper's XFEL point."""
    from .numeric import gain

    fig, ax = _axes(ax)
    energy = np.logspace(np.log10(5e3), np.log10(1e5), 300)
    for spot_nm in (30, 100, 300, 1000):
        ax.loglog(energy / 1e3, gain(energy, photons_per_fs * 1e15, spot_nm * 1e-9, rel_bandwidth, spot_shape), label=f"spot {spot_nm} nm")
    g40 = float(gain(40e3, photons_per_fs * 1e15, 100e-9, rel_bandwidth, spot_shape))
    ax.plot(40, g40, "ko", label=f"EXFEL, 40 keV, 100 nm: G = {g40:.2g}")
    ax.plot(55.7, float(gain(55.7e3, photons_per_fs * 1e15, 100e-9, rel_bandwidth, spot_shape)), "k^", label="at Q = 55.7 keV")
    ax.axhline(100, color="C3", ls=":", label="the paper's G ~ 100")
    ax.set_xlabel(r"photon energy $\hbar\omega$ [keV]")
    ax.set_ylabel("gain G")
    ax.set_title(f"{photons_per_fs:g} photons/fs, $d\\omega/\\omega$ = {rel_bandwidth:g}, {spot_shape} spot")
    ax.legend(fontsize=8)
    return fig, ax


#: Plot kinds of ``atommix plot``.
KINDS = {
    "evolution": plot_evolution,
    "populations": plot_populations,
    "resonance": plot_resonance,
    "mbb": plot_mbb,
    "gain": plot_gain,
}
