"""Clustered standard errors of the paired difference, checked against statsmodels' cluster-robust OLS."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import assume, given
from hypothesis import strategies as st

from tui.core.gap_report import clustered_gap
from tui.core.results_import import Columns, parse_results

ALPHAS = st.sampled_from([0.05, 0.1, 0.01])


def _oracle(differences: list[float], groups: list[str], alpha: float):
    """OLS of the per-item difference on a constant, cluster-robust (CR1, t with G - 1 df)."""
    codes = np.unique(np.array(groups), return_inverse=True)[1]
    fit = sm.OLS(np.array(differences), np.ones(len(differences))).fit(
        cov_type="cluster", cov_kwds={"groups": codes}, use_t=True
    )
    naive = sm.OLS(np.array(differences), np.ones(len(differences))).fit()
    low, high = fit.conf_int(alpha)[0]
    return fit.bse[0], low, high, fit.df_resid_inference, fit.bse[0] ** 2 / naive.bse[0] ** 2


def _results(rows: list[tuple[str, object, object, str]]):
    text = "id,prompted,fine_tuned,doc\n" + "".join(f"{i},{p},{t},{g}\n" for i, p, t, g in rows)
    return parse_results(text, "csv", Columns(cluster="doc"))


def _check(rows, alpha: float) -> None:
    results = _results(rows)
    differences = [float(d) for d in results.differences()]
    assume(np.var(differences) > 0)
    clustered = clustered_gap(results, alpha)
    error, low, high, df, design = _oracle(differences, [g for *_, g in rows], alpha)
    assert clustered.clusters == len({g for *_, g in rows}) and clustered.degrees_of_freedom == df
    assert clustered.standard_error == pytest.approx(error, rel=1e-9, abs=1e-12)
    assert (clustered.ci_low, clustered.ci_high) == pytest.approx((low, high), rel=1e-9, abs=1e-12)
    assert clustered.design_effect == pytest.approx(design, rel=1e-9, abs=1e-12)
    assert clustered.level == 1 - alpha


@given(
    st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 6)), min_size=3, max_size=80),
    ALPHAS,
)
def test_clustered_error_of_correct_incorrect_results_matches_statsmodels(cells, alpha):
    rows = [(f"q{i}", p, t, f"doc{g}") for i, (p, t, g) in enumerate(cells)]
    assume(len({g for *_, g in rows}) >= 2)
    _check(rows, alpha)


@given(
    st.lists(
        st.tuples(st.sampled_from([1, 2, 3, 4, 5, 0.25]), st.floats(-10, 10, allow_nan=False), st.integers(0, 9)),
        min_size=3,
        max_size=80,
    ),
    ALPHAS,
)
def test_clustered_error_of_scores_matches_statsmodels(cells, alpha):
    rows = [(f"q{i}", p, repr(round(t, 3)), f"c{g}") for i, (p, t, g) in enumerate(cells)]
    assume(len({g for *_, g in rows}) >= 2)
    _check(rows, alpha)


def test_items_that_move_together_inside_a_cluster_have_a_design_effect_above_one():
    rows = [(f"q{d}-{i}", 0, d % 2, f"doc{d}") for d in range(10) for i in range(20)]
    rows += [(f"r{i}", 1, 1, f"doc{i % 10}") for i in range(5)]
    clustered = clustered_gap(_results(rows), 0.05)
    assert clustered.design_effect > 5
    assert clustered.ci_high - clustered.ci_low > 4 * 1.96 * clustered.naive_standard_error


def test_one_cluster_gives_no_clustered_error_and_a_missing_cluster_is_a_problem():
    assert clustered_gap(_results([("a", 1, 0, "x"), ("b", 0, 0, "x")]), 0.05) is None
    with pytest.raises(Exception) as caught:
        _results([("a", 1, 0, "x"), ("b", 0, 0, " ")])
    assert [(p.line, p.message) for p in caught.value.problems] == [(3, "no cluster in column 'doc'")]
