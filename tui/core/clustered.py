"""The cluster-robust standard error and interval of the mean per-item difference.

Test items often share a source: questions about one document, tickets from one customer,
turns of one conversation. Their results move together, so the usual standard error, which
treats every item as independent, is too small and the interval too narrow. Miller (2024),
"Adding Error Bars to Evals: A Statistical Approach to Language Model Evaluations"
(arXiv:2411.00640), recommends clustered standard errors for exactly this case.

The estimate is the one statsmodels gives for OLS of the per-item difference (fine-tuned minus
prompted; 1/0 results or scores) on a constant with `cov_type="cluster"`: the CR1 sandwich
variance with the small-sample factor G/(G-1) * (n-1)/(n-k), k = 1, and a t interval with
G - 1 degrees of freedom. Only each cluster's size and sum of differences are needed, so the
reader keeps those instead of the items.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core import intervals

METHOD = "cr1_cluster_robust_t"
PARAMETERS = 1  # the regression on a constant has one coefficient, the mean


@dataclass(frozen=True)
class ClusteredDifference:
    """The mean difference with its clustered standard error and 1 - alpha interval."""

    items: int
    clusters: int
    mean_difference: float
    standard_error: float
    naive_standard_error: float
    design_effect: float | None  # clustered variance / naive variance; None when the naive one is 0
    ci_low: float
    ci_high: float
    level: float
    degrees_of_freedom: int


def clustered_difference(
    items: int,
    mean: float,
    naive_variance: float,
    sizes: Sequence[int],
    sums: Sequence[float],
    level: float = 0.95,
) -> ClusteredDifference | None:
    """CR1 standard error and t interval of `mean`, from each cluster's size and sum.

    `naive_variance` is the usual variance of the mean, s^2 / n with s^2 over n - 1. Returns
    None with fewer than two clusters or two items (no variance can be estimated).
    """
    groups = len(sizes)
    if groups < 2 or items <= PARAMETERS:
        return None
    meat = math.fsum((total - size * mean) ** 2 for size, total in zip(sizes, sums, strict=True))
    correction = groups / (groups - 1) * (items - 1) / (items - PARAMETERS)
    variance = correction * meat / (items * items)
    error = math.sqrt(variance)
    half = intervals.t_quantile(0.5 + level / 2, groups - 1) * error if level > 0 else 0.0
    return ClusteredDifference(
        items=items,
        clusters=groups,
        mean_difference=mean,
        standard_error=error,
        naive_standard_error=math.sqrt(naive_variance),
        design_effect=variance / naive_variance if naive_variance > 0 else None,
        ci_low=mean - half,
        ci_high=mean + half,
        level=level,
        degrees_of_freedom=groups - 1,
    )
