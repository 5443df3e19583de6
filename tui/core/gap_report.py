"""The figures of the `gap` command: per-item results turned into a measured gap.

Correct/incorrect results become the paired counts and go through the same statistics as the
assessment (`gap.performance_gap`), so the command and the report always agree. Numeric
scores get the mean per-item difference with a paired-t interval and a sign-flip permutation
p-value; the t-test's own p-value is not used, since coarse scores (a 1-5 rubric) break its
assumptions and it would overstate the evidence. With a cluster column, the mean difference
also gets its cluster-robust standard error and interval (`clustered`), for items that share a
source document, customer or conversation.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from tui.core import fmt, intervals
from tui.core.clustered import METHOD as CLUSTERED_METHOD
from tui.core.clustered import ClusteredDifference, clustered_difference
from tui.core.gap import Gap, performance_gap
from tui.core.models import Answers, Performance
from tui.core.narrative import CI_METHODS, interval_sentence
from tui.core.results_import import PairedCounts, Results

COARSE_SCORE_VALUES = 10
SHOWN_DISAGREEMENTS = 20


@dataclass(frozen=True)
class ScoreGap:
    """Numeric scores compared item by item (fine-tuned minus prompted)."""

    items: int
    prompted_mean: float
    fine_tuned_mean: float
    mean_difference: float
    ci_low: float | None
    ci_high: float | None
    p_value: float
    p_method: str  # "exact" or "random"
    differing_items: int
    resamples: int | None
    seed: int | None
    distinct_values: int

    @property
    def coarse(self) -> bool:
        """Whether the scores take so few values that a t-test's p-value would mislead."""
        return self.distinct_values <= COARSE_SCORE_VALUES


def score_gap(results: Results) -> ScoreGap:
    """Mean difference, paired-t 95% interval and sign-flip p-value of per-item scores."""
    prompted, tuned = results.prompted_values(), results.fine_tuned_values()
    differences = results.differences()
    n = len(differences)
    interval = intervals.paired_t_interval(differences)  # type: ignore[arg-type]
    p_value, method = intervals.sign_flip_p_value(differences)  # type: ignore[arg-type]
    exact = method == "exact"
    return ScoreGap(
        items=n,
        prompted_mean=math.fsum(prompted) / n,
        fine_tuned_mean=math.fsum(tuned) / n,
        mean_difference=math.fsum(differences) / n,
        ci_low=interval[0] if interval else None,
        ci_high=interval[1] if interval else None,
        p_value=p_value,
        p_method=method,
        differing_items=sum(1 for d in differences if d != 0),
        resamples=None if exact else intervals.RANDOM_FLIPS,
        seed=None if exact else intervals.FLIP_SEED,
        distinct_values=len(set(prompted).union(tuned)),
    )


def clustered_gap(results: Results, alpha: float) -> ClusteredDifference | None:
    """The mean per-item difference with its clustered standard error, when clusters were read."""
    totals = results.clusters
    if totals is None:
        return None
    n = results.count
    if results.kind == "binary":
        counts = results.paired_counts()
        b, c = counts.only_prompted_correct, counts.only_fine_tuned_correct
        mean = (c - b) / n
        naive = (n * (b + c) - (c - b) ** 2) / (n * n * (n - 1)) if n > 1 else 0.0
    else:
        differences = results.differences()
        mean = math.fsum(differences) / n
        naive = math.fsum((d - mean) ** 2 for d in differences) / ((n - 1) * n) if n > 1 else 0.0
    return clustered_difference(n, mean, naive, totals.sizes, totals.sums, level=1 - alpha)


def counts_gap(counts: PairedCounts, performance: Performance) -> Gap:
    """The paired counts through the assessment's own gap statistics, with the file's alpha."""
    settings = performance.model_dump(include={"alpha", "min_meaningful_difference_pp"})
    performance = Performance.model_validate({"status": "evaluated", **settings, **counts.as_answers()})
    answers = Answers(performance=performance)
    return performance_gap(answers)


@dataclass(frozen=True)
class GapFigures:
    source: str
    results: Results
    threshold: float | None
    performance: Performance
    counts: PairedCounts | None
    gap: Gap | None
    scores: ScoreGap | None
    disagreements: list[str]
    clustered: ClusteredDifference | None = None
    files: tuple[str, str] | None = None  # (prompted, fine-tuned) when two run files were joined


def analyse(
    source: str,
    results: Results,
    performance: Performance,
    threshold: float | None = None,
    files: tuple[str, str] | None = None,
) -> GapFigures:
    """Everything the `gap` command shows for one results file or two joined run files."""
    countable = results.kind == "binary" or threshold is not None
    counts = results.paired_counts(threshold) if countable else None
    return GapFigures(
        source=source,
        results=results,
        threshold=threshold,
        performance=performance,
        counts=counts,
        gap=counts_gap(counts, performance) if counts else None,
        scores=score_gap(results) if results.kind == "score" else None,
        disagreements=results.disagreements(threshold),
        clustered=clustered_gap(results, performance.alpha),
        files=files,
    )


def render_text(f: GapFigures) -> str:
    """The figures for a terminal."""
    results = f.results
    kind = "correct/incorrect" if f.scores is None else f"numeric scores ({_values(f.scores)})"
    lines = [f"{f.source}: {results.count:,} test items, {kind}"]
    if f.files is not None:
        lines[0] = f"{results.count:,} test items, {kind}, joined on the id"
        lines += [f"  Prompted:   {f.files[0]}", f"  Fine-tuned: {f.files[1]}"]
    if f.scores is not None:
        lines += ["", *_rows(_score_rows(f.scores)), "", _score_note(f.scores)]
    if f.gap is not None and f.counts is not None:
        if f.threshold is not None and results.kind == "score":
            lines += ["", f"Counted as correct: a score of {f.threshold:g} or more."]
        lines += ["", *_rows(_count_rows(f.counts, f.gap, f.performance)), "", *_gap_sentences(f.gap, f.performance)]
    if f.clustered is not None:
        lines += ["", *_rows(_clustered_rows(f.clustered, results)), "", _clustered_note(f.clustered)]
    elif results.clusters is not None:
        lines += [
            "",
            f"Clustered by {results.clusters.column!r}: {len(results.clusters.sizes):,} cluster(s); "
            "a clustered standard error needs at least two clusters and two items.",
        ]
    if f.disagreements:
        shown = ", ".join(f.disagreements[:SHOWN_DISAGREEMENTS])
        more = (
            f" (and {len(f.disagreements) - SHOWN_DISAGREEMENTS:,} more)"
            if len(f.disagreements) > SHOWN_DISAGREEMENTS
            else ""
        )
        noun = "item" if len(f.disagreements) == 1 else "items"
        what = "disagree" if results.kind == "binary" or f.threshold is not None else "score differently"
        lines += [
            "",
            f"The approaches {what} on {len(f.disagreements):,} {noun}; check their labels first, "
            f"since a wrong label there moves the gap: {shown}{more}",
        ]
    return "\n".join(lines) + "\n"


def _values(scores: ScoreGap) -> str:
    return f"{scores.distinct_values} distinct value{'' if scores.distinct_values == 1 else 's'}"


def _rows(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    return [f"  {label.ljust(width)}  {value}" for label, value in rows]


def _score(value: float | None) -> str:
    return fmt.DASH if value is None else f"{value:.3f}"


def _signed(value: float | None) -> str:
    return fmt.DASH if value is None else f"{value:+.3f}"


def _score_rows(s: ScoreGap) -> list[tuple[str, str]]:
    interval = fmt.DASH if s.ci_low is None else f"{_signed(s.ci_low)} to {_signed(s.ci_high)}"
    return [
        ("Mean prompted score", _score(s.prompted_mean)),
        ("Mean fine-tuned score", _score(s.fine_tuned_mean)),
        ("Mean difference (fine-tuned − prompted)", _signed(s.mean_difference)),
        ("Difference, 95% interval (paired t)", interval),
        ("p-value (sign-flip permutation)", fmt.p_value(s.p_value)),
    ]


def _score_note(s: ScoreGap) -> str:
    if s.p_method == "exact":
        how = (
            f"The p-value counts all {2**s.differing_items:,} ways of swapping the two scores on the "
            f"{s.differing_items:,} items where they differ (exact)."
        )
    else:
        how = (
            f"The p-value comes from {s.resamples:,} random swaps of the two scores item by item "
            f"(seed {s.seed}); {s.differing_items:,} items differ, too many to count every swap."
        )
    if s.coarse:
        how += (
            f" The scores take only {s.distinct_values} distinct values, so a t-test's p-value would "
            "overstate the evidence; the permutation p-value does not rely on a normal shape."
        )
    return how


def _difference(value: float, results: Results) -> str:
    return fmt.points(value * 100) if results.kind == "binary" else _signed(value)


def _clustered_rows(c: ClusteredDifference, results: Results) -> list[tuple[str, str]]:
    assert results.clusters is not None
    unit = "pp" if results.kind == "binary" else ""
    scale = 100 if results.kind == "binary" else 1
    error = f"{c.standard_error * scale:.3f}{' ' + unit if unit else ''}"
    naive = f"{c.naive_standard_error * scale:.3f}{' ' + unit if unit else ''}"
    return [
        (f"Clusters (by {results.clusters.column!r})", f"{c.clusters:,}"),
        ("Mean difference (fine-tuned − prompted)", _difference(c.mean_difference, results)),
        ("Standard error, clustered (CR1)", error),
        ("Standard error, items independent", naive),
        (
            "Design effect (clustered / independent variance)",
            fmt.DASH if c.design_effect is None else f"{c.design_effect:.2f}",
        ),
        (
            f"Difference, {fmt.level(c.level)} interval (clustered, t with {c.degrees_of_freedom:,} df)",
            _interval_points(c.ci_low, c.ci_high)
            if results.kind == "binary"
            else f"{_signed(c.ci_low)} to {_signed(c.ci_high)}",
        ),
    ]


def _clustered_note(c: ClusteredDifference) -> str:
    note = (
        "Items in one cluster share a source, so their results move together; the clustered interval "
        "allows for that (CR1 sandwich estimator, t with clusters − 1 degrees of freedom), the intervals above do not."
    )
    if c.design_effect is not None and c.design_effect > 1.5:
        note += f" Here clustering multiplies the variance by {c.design_effect:.1f}: trust the clustered interval."
    return note


def _count_rows(counts: PairedCounts, gap: Gap, perf: Performance) -> list[tuple[str, str]]:
    rows = [
        ("Both correct", f"{counts.both_correct:,}"),
        ("Only prompted correct", f"{counts.only_prompted_correct:,}"),
        ("Only fine-tuned correct", f"{counts.only_fine_tuned_correct:,}"),
        ("Both wrong", f"{counts.both_wrong:,}"),
        ("Prompted accuracy", fmt.percent(gap.prompted_accuracy)),
        ("Fine-tuned accuracy", fmt.percent(gap.fine_tuned_accuracy)),
        ("Difference (fine-tuned − prompted)", fmt.points(gap.difference_pp)),
        (
            f"Difference, {fmt.level(gap.difference_ci_level)} interval",
            f"{_interval_points(gap.difference_ci_low, gap.difference_ci_high)} "
            f"({CI_METHODS.get(gap.difference_ci_method or '', fmt.DASH)})",
        ),
        (
            f"Difference, {fmt.level(gap.difference_ci_level)} interval (alternative)",
            f"{_interval_points(gap.alternative_ci_low, gap.alternative_ci_high)} (Newcombe square-and-add)",
        ),
        ("p-value (McNemar mid-p)", fmt.p_value(gap.p_value)),
        ("Verdict on the gap", (gap.verdict or fmt.DASH).replace("_", " ")),
    ]
    if gap.detectable_difference_pp is not None:
        rows.append(
            (
                f"Smallest detectable difference (80% power, alpha {perf.alpha:g})",
                f"{gap.detectable_difference_pp:.1f} pp",
            )
        )
    if gap.items_needed is not None:
        rows.append((f"Items needed to detect {perf.min_meaningful_difference_pp:g} pp", f"{gap.items_needed:,}"))
    return rows


def _interval_points(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return fmt.DASH
    return fmt.interval_points(low * 100, high * 100)


def _gap_sentences(gap: Gap, perf: Performance) -> list[str]:
    lines = [interval_sentence(gap, perf.min_meaningful_difference_pp)]
    if gap.items_needed is not None and gap.items is not None and gap.items < gap.items_needed:
        lines.append(
            f"Caution: {gap.items:,} items are too few to detect {perf.min_meaningful_difference_pp:g} pp reliably; "
            f"that needs about {gap.items_needed:,} items (80% power, alpha = {perf.alpha:g})."
        )
    return lines


def to_dict(f: GapFigures) -> dict:
    """The figures as JSON-ready data (accuracies and differences in 0..1 units)."""
    gap, scores = f.gap, f.scores
    return {
        "file": f.source,
        "prompted_file": f.files[0] if f.files else None,
        "fine_tuned_file": f.files[1] if f.files else None,
        "items": f.results.count,
        "kind": f.results.kind,
        "threshold": f.threshold,
        "alpha": f.performance.alpha,
        "min_meaningful_difference_pp": f.performance.min_meaningful_difference_pp,
        "counts": f.counts.as_answers() if f.counts else None,
        "performance": None
        if gap is None
        else {
            "prompted_accuracy": gap.prompted_accuracy,
            "fine_tuned_accuracy": gap.fine_tuned_accuracy,
            "difference_pp": gap.difference_pp,
            "p_value": gap.p_value,
            "test": gap.test,
            "difference_ci_low": gap.difference_ci_low,
            "difference_ci_high": gap.difference_ci_high,
            "difference_ci_method": gap.difference_ci_method,
            "equivalence_ci_low": gap.equivalence_ci_low,
            "equivalence_ci_high": gap.equivalence_ci_high,
            "alternative_ci_low": gap.alternative_ci_low,
            "alternative_ci_high": gap.alternative_ci_high,
            "gap_verdict": gap.verdict,
            "significant": gap.significant,
            "meaningful": gap.meaningful,
            "favours": gap.favours,
            "detectable_difference_pp": gap.detectable_difference_pp,
            "items_needed": gap.items_needed,
        },
        "scores": None
        if scores is None
        else {
            "prompted_mean": scores.prompted_mean,
            "fine_tuned_mean": scores.fine_tuned_mean,
            "mean_difference": scores.mean_difference,
            "difference_ci_low": scores.ci_low,
            "difference_ci_high": scores.ci_high,
            "difference_ci_method": "paired_t",
            "p_value": scores.p_value,
            "p_value_method": f"sign_flip_{scores.p_method}",
            "differing_items": scores.differing_items,
            "resamples": scores.resamples,
            "seed": scores.seed,
            "distinct_values": scores.distinct_values,
        },
        "clustered": _clustered_dict(f),
        "disagreeing_items": f.disagreements,
    }


def _clustered_dict(f: GapFigures) -> dict | None:
    c, totals = f.clustered, f.results.clusters
    if totals is None:
        return None
    return {
        "column": totals.column,
        "clusters": len(totals.sizes),
        "mean_difference": None if c is None else c.mean_difference,
        "standard_error": None if c is None else c.standard_error,
        "naive_standard_error": None if c is None else c.naive_standard_error,
        "design_effect": None if c is None else c.design_effect,
        "difference_ci_low": None if c is None else c.ci_low,
        "difference_ci_high": None if c is None else c.ci_high,
        "difference_ci_level": None if c is None else c.level,
        "difference_ci_method": CLUSTERED_METHOD,
        "degrees_of_freedom": None if c is None else c.degrees_of_freedom,
    }


def render_json(f: GapFigures) -> str:
    return json.dumps(to_dict(f), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
