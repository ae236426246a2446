"""JSON records for N daughter channels (atommix.channels) and the acceptance points of the feature.

The second 152Gd pair and the 156Dy-like levels are illustrative parameters, not data.
"""

import json
import math
from fractions import Fraction

import pytest
from atommix.channels import coupled_vs_single, float64_channels, reference_channels
from atommix.errors import ExceptionalPointError
from atommix.evaluation import float64_point, reference_point

YEAR = 31557600
GD = {"delta": 910.0, "gamma": 23.0, "m21": 1e-24}
#: Illustrative second pair of 152Gd (L1 L1), not a measured value.
GD_L1L1 = {"delta": 40200.0, "gamma": 8.0, "m21": 2e-25, "phase": 0.5}
#: The acceptance points: exact decimal inputs (eV, rad).
POINTS = {
    "second channel beside 152Gd": [{"delta": "910", "gamma": "23", "m21": "1e-24"},
                                    {"delta": "40200", "gamma": "8", "m21": "2e-25", "phase": "0.5"}],
    "three near-degenerate channels": [{"delta": "900", "gamma": "20", "m21": "1e-24"},
                                       {"delta": "905", "gamma": "22", "m21": "2e-24"},
                                       {"delta": "912", "gamma": "18", "m21": "1.5e-24"}],
    "two degenerate daughters": [{"delta": "910", "gamma": "23", "m21": "1e-24", "phase": "0.3"},
                                 {"delta": "910", "gamma": "23", "m21": "7e-25", "phase": "1.2"}],
    "strong mixing": [{"delta": "1", "gamma": "0.5", "m21": "0.6"}, {"delta": "1.5", "gamma": "0.3", "m21": "0.4"}],
    "one channel": [{"delta": "910", "gamma": "23", "m21": "1e-24"}],
}
TIMES = ["1e-18", "1e-16", "1e-13", "1", str(YEAR), str(45 * 10**8 * YEAR)]


def _floats(channels):
    return [{k: float(Fraction(v)) for k, v in ch.items()} for ch in channels]


def _number(x):
    return complex(float(x["re"]), float(x["im"])) if isinstance(x, dict) else float(x)


def test_records_have_the_issue_keys_and_are_json():
    rec = float64_channels([GD, GD_L1L1], [1e-18, 4.5e9 * YEAR])
    values = rec["values"]
    assert set(values) == {"lambda_L", "E_L", "gamma_L", "mixing_channels", "alpha_channels", "condition", "times"}
    assert set(values["times"][0]) == {"t", "survival", "appearance", "depletion", "P_gs", "appearance_channels",
                                       "P_gs_channels"}
    assert len(values["mixing_channels"]) == 2 and len(values["times"][1]["P_gs_channels"]) == 2
    assert rec["units"]["gamma_L"] == "eV" and rec["units"]["mixing_channels"] == "1" and rec["units"]["t"] == "s"
    assert set(rec["error_bounds"]) == {"lambda_L", "E_L", "gamma_L", "mixing_channels"}
    text = json.dumps(rec)
    assert "NaN" not in text and "Infinity" not in text


def test_one_channel_equals_the_2x2_records():
    times = [1e-18, 1e-16, float(YEAR), 4.5e9 * YEAR]
    ours = float64_channels([GD], times)["values"]
    theirs = float64_point({**GD, "phase": 0.0}, times)["values"]
    assert _number(ours["lambda_L"]) == pytest.approx(_number(theirs["lambda_L"]), rel=4e-16)
    assert ours["gamma_L"] == pytest.approx(theirs["gamma_L"], rel=8e-16)
    assert ours["mixing_channels"][0] == pytest.approx(theirs["mixing"], rel=4e-16)
    for row, ref in zip(ours["times"], theirs["times"]):
        for key in ("survival", "appearance", "depletion", "P_gs"):
            assert row[key] == ref[key]
        assert row["P_gs_channels"] == [ref["P_gs"]] and row["appearance_channels"] == [ref["appearance"]]


def test_one_channel_reference_equals_the_2x2_reference():
    point = {"delta": Fraction(910), "gamma": Fraction(23), "m21": Fraction(1, 10**24), "phase": Fraction(0)}
    ours = reference_channels([{"delta": "910", "gamma": "23", "m21": "1e-24", "phase": "0"}], ["1e-16"], dps=25)
    theirs = reference_point(point, [Fraction(1, 10**16)], dps=25)
    assert ours["values"]["gamma_L"] == theirs["values"]["gamma_L"]
    assert ours["values"]["mixing_channels"] == [theirs["values"]["mixing"]]
    assert ours["values"]["times"][0]["P_gs"] == theirs["values"]["times"][0]["P_gs"]
    assert ours["digits"]["gamma_L"] == 25 and ours["digits"]["times"][0]["P_gs"] == 25


@pytest.mark.parametrize("channels, match", [
    ([], "channel: at least one daughter channel"),
    ([{"delta": 910.0, "m21": 1e-24}], "channel 1: missing gamma"),
    ([GD, {"delta": 1.0, "gamma": -2.0, "m21": 1e-24}], r"channel 2: gamma .* >= 0"),
    ([GD, {"delta": 1.0, "gamma": 2.0, "m21": -1e-24}], r"channel 2: m21"),
    ([{"delta": "910eV", "gamma": 23.0, "m21": 1e-24}], "channel 1: delta"),
    ([{**GD, "width": 3.0}], "unknown field"),
])
def test_bad_channels_are_one_line_errors_naming_the_channel(channels, match):
    with pytest.raises((ValueError, TypeError), match=match) as exc:
        float64_channels(channels)
    assert "\n" not in str(exc.value)
    with pytest.raises((ValueError, TypeError), match="--channel"):
        float64_channels(channels, option="--channel")


def test_exceptional_point_is_absent_with_a_reason_and_the_history_evaluates():
    at_ep = [{"delta": 0.0, "gamma": 4.0, "m21": 1.0}, {"delta": 7.0, "gamma": 3.0, "m21": 0.0}]
    with pytest.raises(ExceptionalPointError):
        float64_channels(at_ep)
    rec = float64_channels(at_ep, [1e-15])
    assert rec["values"]["gamma_L"] is None and "exceptional point" in rec["absent"]["gamma_L"]
    row = rec["values"]["times"][0]
    assert row["survival"] + row["depletion"] == pytest.approx(1.0, abs=1e-14)
    assert "error_bounds" not in rec


def test_coupled_width_beside_the_sum_of_single_channel_widths():
    """At real atoms the sum of single-channel widths is exact to the cross term, of relative size sum |alpha|^2."""
    cmp = coupled_vs_single([{"delta": "910", "gamma": "23", "m21": "1e-24"},
                             {"delta": "912", "gamma": "30", "m21": "5e-25"}])
    values = cmp["values"]
    rel = values["relative_difference"]
    assert 1e-55 < rel < 1e-53 and values["digits"] >= 60
    assert -values["cross_term_relative"] == pytest.approx(rel, rel=1e-6)  # the leading neglected term is the difference
    assert values["close_pairs"] and values["close_pairs"][0]["channels"] == [1, 2]
    assert float(values["sum_single_channel"]) == pytest.approx(values["float64"]["sum_single_channel"], rel=1e-15)


def test_single_channel_sum_fails_at_strong_mixing_by_about_the_cross_term():
    cmp = coupled_vs_single([{"delta": "10", "gamma": "1", "m21": "0.3"}, {"delta": "12", "gamma": "2", "m21": "0.4"}])
    values = cmp["values"]
    rel, cross = values["relative_difference"], -values["cross_term_relative"]
    assert 1e-4 < rel < 1e-2 and cross == pytest.approx(rel, rel=0.1)  # next order: relative size sum |alpha|^2
    assert not values["close_pairs"]


@pytest.mark.parametrize("name", ["second channel beside 152Gd"])
def test_acceptance_point_quick(name):
    _acceptance(POINTS[name], TIMES[::2])


@pytest.mark.slow
@pytest.mark.parametrize("name", list(POINTS))
def test_acceptance_points(name):
    """evaluate agrees with mpmath within its bound (<= 1e-12 relative) and reference gives >= 25 checked
    digits at dps 30, for Gamma_L, E_L, |alpha_i|^2 and the history from 1e-18 s to 4.5e9 yr."""
    _acceptance(POINTS[name], TIMES)


def _acceptance(channels, times):
    ref = reference_channels(channels, times, dps=30)
    rec = float64_channels(_floats(channels), [float(t) for t in times])
    digits, values, bounds = ref["digits"], ref["values"], rec["error_bounds"]
    for key in ("gamma_L", "E_L"):
        assert digits[key] >= 25, key
        exact = float(values[key])
        assert abs(rec["values"][key] - exact) <= bounds[key] <= 1e-12 * abs(exact) + 1e-300, key
    for ours, exact, bound, d in zip(rec["values"]["mixing_channels"], values["mixing_channels"],
                                     bounds["mixing_channels"], digits["mixing_channels"]):
        assert d >= 25 and abs(ours - float(exact)) <= bound <= 1e-12 * float(exact)
    for row, exact_row, row_digits in zip(rec["values"]["times"], values["times"], digits["times"]):
        for key in ("survival", "appearance", "depletion", "P_gs", "appearance_channels", "P_gs_channels"):
            ours, exact, d = row[key], exact_row[key], row_digits[key]
            pairs = zip(ours, exact, d) if isinstance(ours, list) else [(ours, exact, d)]
            for v, x, dx in pairs:
                assert dx >= 25, (key, row["t"])
                assert math.isclose(v, float(x), rel_tol=1e-12, abs_tol=0 if float(x) else 1e-300), (key, row["t"])
