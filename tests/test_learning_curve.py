"""Learning curves: the fits against scipy, the projections, the answers fields and the reports."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize

from tui.core import learning_curve as lc
from tui.core.assess import assess
from tui.core.exports import render, to_dict
from tui.core.storage import load_text
from tui.core.validation import AnswersInvalid

SAMPLES = Path(__file__).resolve().parent.parent / "sample_answers"

CURVES_WITH_FLOOR = [
    [(250, 0.70), (500, 0.76), (1000, 0.805), (2000, 0.835), (4000, 0.852)],
    [(500, 0.79), (1000, 0.835), (2000, 0.862), (4000, 0.878)],
    [(100, 0.50), (200, 0.62), (400, 0.71), (800, 0.775), (1600, 0.82), (3200, 0.851)],
    [(1000, 0.9), (2000, 0.93), (4000, 0.95), (8000, 0.962)],  # close to a pure power law
    [(50, 0.61), (100, 0.64), (200, 0.655), (400, 0.66), (800, 0.661)],  # flattens early
]


def _scipy_floor_fit(points) -> np.ndarray:
    """Bounded least squares of error = a n^-b + c from many starts: an independent optimum."""
    n = np.array([p[0] for p in points], float)
    error = 1 - np.array([p[1] for p in points], float)
    best = None
    for b0 in np.geomspace(0.01, 5, 25):
        for c0 in (0.0, error.min() / 2):
            start = [max(error[0] - c0, 1e-6) * n[0] ** b0, b0, c0]
            fit = optimize.least_squares(
                lambda th: th[0] * n ** -th[1] + th[2] - error,
                start,
                bounds=([0, lc.B_LOW, 0], [np.inf, lc.B_HIGH, 1]),
                x_scale="jac",
                xtol=1e-15,
                ftol=1e-15,
                gtol=1e-15,
                max_nfev=20_000,
            )
            if best is None or fit.cost < best.cost:
                best = fit
    return best.x


@pytest.mark.parametrize("points", CURVES_WITH_FLOOR)
def test_floor_fit_matches_scipy_bounded_least_squares(points):
    a, b, c = _scipy_floor_fit(points)
    law, method = lc.fit([n for n, _ in points], [1 - acc for _, acc in points])
    assert method == "power_law_with_floor"
    largest = points[-1][0]
    for examples in (largest * 2, largest * 4):
        assert law.accuracy(examples) == pytest.approx(1 - (a * examples**-b + c), abs=1e-6)
    assert law.b == pytest.approx(b, rel=1e-5)
    assert law.c == pytest.approx(c, abs=1e-6)


def test_floor_fit_keeps_the_floor_non_negative():
    # Errors that fall faster than any power law with a floor would allow: the unconstrained
    # best floor is negative, so the fit puts it at zero.
    points = [(n, 1 - (2.0 * n**-0.5 - 0.01)) for n in (100, 200, 400, 800, 1600)]
    law, _ = lc.fit([n for n, _ in points], [1 - acc for _, acc in points])
    assert law.c == 0.0
    a, b, c = _scipy_floor_fit(points)
    assert c == pytest.approx(0.0, abs=1e-9)
    assert (law.a, law.b) == pytest.approx((a, b), rel=1e-6)


@pytest.mark.parametrize("points", [[(500, 0.7), (1000, 0.76)], [(100, 0.5), (300, 0.61), (900, 0.7)]])
def test_few_points_fit_a_log_log_line_like_numpy(points):
    n = np.array([p[0] for p in points], float)
    error = 1 - np.array([p[1] for p in points], float)
    slope, intercept = np.polyfit(np.log(n), np.log(error), 1)
    projection = lc.project(points)
    assert projection.method == "log_log_line" and projection.optimistic
    assert projection.law.b == pytest.approx(-slope, rel=1e-9)
    assert projection.law.a == pytest.approx(math.exp(intercept), rel=1e-9)
    assert projection.law.c == 0.0
    twice = 2 * n[-1]
    assert projection.at_2x.accuracy == pytest.approx(1 - math.exp(intercept) * twice**slope, abs=1e-9)


def test_examples_for_a_target_invert_the_fitted_curve():
    projection = lc.project(CURVES_WITH_FLOOR[0], target_accuracy=0.86, replicates=50)
    assert projection.target_reachable
    assert projection.law.accuracy(projection.examples_for_target) == pytest.approx(0.86, abs=1e-12)
    assert projection.largest_examples == 4000
    assert projection.at_2x.examples == 8000 and projection.at_4x.examples == 16000


def test_a_target_above_the_fitted_ceiling_is_not_reachable():
    projection = lc.project(CURVES_WITH_FLOOR[4], target_accuracy=0.7, replicates=50)
    assert projection.law.ceiling < 0.7
    assert projection.target_reachable is False
    assert projection.examples_for_target is None


def test_points_that_do_not_improve_give_no_projection():
    projection = lc.project([(100, 0.8), (200, 0.78), (400, 0.77)], target_accuracy=0.9)
    assert not projection.improves
    assert projection.at_2x is None and projection.examples_for_target is None


def test_bootstrap_range_is_seeded_and_brackets_the_estimate():
    first = lc.project(CURVES_WITH_FLOOR[0], target_accuracy=0.86, test_items=1500, replicates=200)
    again = lc.project(CURVES_WITH_FLOOR[0], target_accuracy=0.86, test_items=1500, replicates=200)
    assert first == again
    assert first.noise == "test_set" and first.replicates == 200
    for prediction in (first.at_2x, first.at_4x):
        assert prediction.low < prediction.accuracy < prediction.high
    other_seed = lc.project(CURVES_WITH_FLOOR[0], test_items=1500, replicates=200, seed=1)
    assert other_seed.at_2x.low != first.at_2x.low


def test_bootstrap_uses_residuals_without_a_test_set_and_needs_spare_points():
    with_spare = lc.project(CURVES_WITH_FLOOR[2], replicates=100)
    assert with_spare.noise == "residuals" and with_spare.at_2x.low is not None
    two_points = lc.project([(500, 0.7), (1000, 0.76)], replicates=100)
    assert two_points.noise is None and two_points.at_2x.low is None


def test_percentile_interpolates_like_numpy():
    values = [3.0, 1.0, 4.0, 1.5, 9.0, 2.6, 5.0]
    for share in (0.025, 0.5, 0.975):
        assert lc.percentile(values, share) == pytest.approx(np.percentile(values, share * 100))


# --- The answers file ------------------------------------------------------------------------

CURVE_TOML = """
[data]
target_accuracy = 0.9
[[data.learning_curve]]
examples = 500
accuracy = 0.79
[[data.learning_curve]]
examples = 1000
accuracy = 0.835
"""


def test_answers_accept_a_learning_curve_and_save_it_back():
    from tui.core.storage import dumps

    answers = load_text(CURVE_TOML)
    assert [p.examples for p in answers.data.learning_curve] == [500, 1000]
    again = tomllib.loads(dumps(answers))
    assert again["data"]["learning_curve"][1] == {"examples": 1000, "accuracy": 0.835}


@pytest.mark.parametrize(
    "extra, path, words",
    [
        ("[[data.learning_curve]]\nexamples = 500\naccuracy = 0.8\n", "data.learning_curve.2.examples", "repeats"),
        ("[[data.learning_curve]]\nexamples = 2000\naccuracy = 1.0\n", "data.learning_curve.2.accuracy", "less than 1"),
        ("[[data.learning_curve]]\nexamples = 2000\n", "data.learning_curve.2.accuracy", "required"),
        ("[[data.learning_curve]]\nexamples = 0\naccuracy = 0.5\n", "data.learning_curve.2.examples", "1 or more"),
        (
            "[[data.learning_curve]]\nexamples = 3000\naccuracy = 0.9\nepochs = 3\n",
            "data.learning_curve.2.epochs",
            "unknown key",
        ),
    ],
)
def test_bad_learning_curve_points_name_their_field(extra, path, words):
    with pytest.raises(AnswersInvalid) as caught:
        load_text(CURVE_TOML + extra)
    problems = {p.path: p.message for p in caught.value.problems}
    assert path in problems and words in problems[path]


def test_a_single_point_is_not_a_curve():
    with pytest.raises(AnswersInvalid) as caught:
        load_text("[data]\nlearning_curve = [{examples = 100, accuracy = 0.5}]\n")
    assert caught.value.problems[0].path == "data.learning_curve"


@pytest.mark.parametrize("value", ["1.0", "0", '"high"'])
def test_target_accuracy_must_be_a_share_between_0_and_1(value):
    with pytest.raises(AnswersInvalid) as caught:
        load_text(f"[data]\ntarget_accuracy = {value}\n")
    assert caught.value.problems[0].path == "data.target_accuracy"


# --- Reports ---------------------------------------------------------------------------------


def _sample() -> Path:
    matches = sorted(SAMPLES.glob("*_learning_curve_and_audit.toml"))
    assert len(matches) == 1
    return matches[0]


def test_sample_with_a_learning_curve_gets_the_recommendation_its_name_starts_with():
    path = _sample()
    result = assess(load_text(path.read_text()))
    assert path.name.startswith(result.recommendation + "_")
    assert result.audit is not None and result.learning_curve is not None


def test_json_report_carries_the_learning_curve_and_the_audit_interval():
    report = to_dict(assess(load_text(_sample().read_text())))
    data = report["steps"]["data"]
    curve = data["learning_curve"]
    assert curve["method"] == "power_law_with_floor" and curve["optimistic"] is False
    assert 0 < curve["at_2x"]["low"] < curve["at_2x"]["accuracy"] < curve["at_2x"]["high"] < 1
    assert curve["at_4x"]["examples"] == 4 * curve["largest_examples"]
    assert curve["examples_for_target"] > curve["largest_examples"]
    assert curve["uncertainty"]["method"] == "parametric_bootstrap"
    assert data["label_error_lower"] < data["label_error_rate"] < data["label_error_upper"]
    json.dumps(report, allow_nan=False)


def test_every_format_shows_the_projection():
    result = assess(load_text(_sample().read_text()))
    for format in ("text", "markdown", "jira"):
        text = render(result, format)
        assert "Accuracy at 2× data" in text and "Wilson interval" in text


def test_an_optimistic_curve_carries_a_caution():
    answers = load_text(CURVE_TOML)
    result = assess(answers)
    assert result.learning_curve.optimistic
    assert any("optimistic" in caution for caution in result.cautions)
    assert to_dict(result)["steps"]["data"]["learning_curve"]["optimistic"] is True


def test_no_curve_means_null_in_the_json_report():
    assert to_dict(assess(load_text("")))["steps"]["data"]["learning_curve"] is None
