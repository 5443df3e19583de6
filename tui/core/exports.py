"""The report in four formats: plain text, Markdown, Jira wiki markup and JSON (SPEC §7).

User-written text (title, owner, notes) is stripped of terminal control characters and escaped
for each format, so a title can neither garble a terminal nor break a ticket's table.
"""

from __future__ import annotations

import math
from typing import Any

from tui import __version__
from tui.core import fmt
from tui.core.arithmetic import economics_sentence
from tui.core.assess import Assessment
from tui.core.narrative import LABELS
from tui.core.printable import strip_control
from tui.core.report_rows import flip_rows, input_rows
from tui.core.sensitivity import Flip, Sensitivity

FORMATS = ("text", "markdown", "jira", "json")


SIGNIFICANT_DIGITS = 12


def _number(value: float | None) -> float | int | None:
    """A JSON number, or null for a figure that cannot be computed."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def clean(value: Any) -> Any:
    """JSON without binary noise: floats to 12 significant digits, whole numbers as integers."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        rounded = float(f"{value:.{SIGNIFICANT_DIGITS}g}")
        return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(item) for item in value]
    return value


def inputs_dict(result: Assessment) -> dict:
    """The answers the figures were worked out from, one table per step, defaults filled in."""
    document = result.answers.model_dump(mode="json", exclude_none=True)
    return {step: _safe_text(document[step]) for step in ("assessment", "volume", "stability", "data", "performance")}


def _safe_text(value: Any) -> Any:
    """The user's text without terminal control characters, everywhere in a table."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, dict):
        return {key: _safe_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_safe_text(item) for item in value]
    return value


def sensitivity_dict(found: Sensitivity | None) -> dict | None:
    """SPEC §8: for each answer, the nearest values below and above that change the recommendation."""
    if found is None:
        return None

    def flip(point: Flip | None) -> dict | None:
        return None if point is None else {"value": point.value, "recommendation": point.recommendation}

    table: dict[str, Any] = {
        points.path: {"current": points.current, "below": flip(points.below), "above": flip(points.above)}
        for points in found.flips
    }
    table[found.frequency.path] = {"current": found.frequency.current, "alternatives": found.frequency.alternatives}
    return table


def to_dict(result: Assessment) -> dict:
    """The JSON report: the keys of SPEC §7 and a few more for people reading it."""
    return clean(_report_dict(result))


def _report_dict(result: Assessment) -> dict:
    answers, gap, e, audit = result.answers, result.gap, result.economics, result.audit
    info = answers.assessment
    return {
        "tool": "tune-or-prompt",
        "version": __version__,
        "title": strip_control(info.title or "", keep_newlines=False),
        "owner": strip_control(info.owner or "", keep_newlines=False),
        "recommendation": result.recommendation,
        "headline": result.headline,
        "economics_in_one_sentence": economics_sentence(result.economics),
        "decided_by_rule": result.decided_by,
        "leaning": result.leaning,
        "missing": result.missing,
        "steps": {
            "volume": {"band": result.volume_band, "calls_per_month": _number(answers.volume.calls_per_month)},
            "stability": {
                "band": result.stability_band,
                "change_frequency": answers.stability.change_frequency,
                "changes_per_year": e.changes_per_year,
            },
            "data": {
                "band": result.data_band,
                "labelled_examples": answers.data.labelled_examples,
                "label_error_rate": _number(audit.error_rate) if audit else None,
                "label_error_upper": _number(audit.upper) if audit else None,
                "label_error_lower": _number(audit.lower) if audit else None,
                "max_label_error_rate": answers.data.max_label_error_rate,
                "learning_curve": learning_curve_dict(result.learning_curve),
            },
            "performance": {
                "status": gap.status,
                "design": gap.design,
                "test": gap.test,
                "test_items": gap.items,
                "prompted_accuracy": _number(gap.prompted_accuracy),
                "fine_tuned_accuracy": _number(gap.fine_tuned_accuracy),
                "difference_pp": _number(gap.difference_pp),
                "p_value": _number(gap.p_value),
                "alpha": answers.performance.alpha,
                "min_meaningful_difference_pp": answers.performance.min_meaningful_difference_pp,
                "significant": gap.significant,
                "meaningful": gap.meaningful,
                "favours": gap.favours,
                "gap_is_critical": answers.performance.gap_is_critical,
                "items_needed": gap.items_needed,
                "difference_ci_low": _number(gap.difference_ci_low),
                "difference_ci_high": _number(gap.difference_ci_high),
                "difference_ci_level": _number(gap.difference_ci_level),
                "difference_ci_method": gap.difference_ci_method,
                "equivalence_ci_low": _number(gap.equivalence_ci_low),
                "equivalence_ci_high": _number(gap.equivalence_ci_high),
                "gap_verdict": gap.verdict,
                "difference_ci_alternative": _alternative_interval(gap),
                "detectable_difference_pp": _number(gap.detectable_difference_pp),
                "power_at_min_meaningful_difference": _number(gap.power),
                "discordant_items": gap.discordant_items,
            },
        },
        "economics": {
            "prompted_cost_per_call_usd": _number(e.prompted_cost_per_call_usd),
            "fine_tuned_cost_per_call_usd": _number(e.fine_tuned_cost_per_call_usd),
            "per_call_saving_usd": _number(e.per_call_saving_usd),
            "per_call_saving_with_errors_usd": _number(e.per_call_saving_with_errors_usd),
            "hosting_delta_usd_per_month": _number(e.hosting_delta_usd_per_month),
            "upfront_cost_usd": _number(e.upfront_cost_usd),
            "crossover_calls": e.crossover_calls,
            "retraining_cycles_per_year": _number(e.retraining_cycles_per_year),
            "annual_maintenance_tax_usd": _number(e.annual_maintenance_tax_usd),
            "payback_status": e.payback_status,
            "payback_months": _number(e.payback_months),
            "payback_calls": _number(e.payback_calls),
            "breakeven_calls_per_month": _number(e.breakeven_calls_per_month),
            "net_saving_usd_over_horizon": _number(e.net_saving_usd_over_horizon),
            "payback_months_without_errors": _number(e.payback_months_without_errors),
            "breakeven_calls_per_month_without_errors": _number(e.breakeven_calls_per_month_without_errors),
            "net_saving_usd_over_horizon_without_errors": _number(e.net_saving_usd_over_horizon_without_errors),
            "horizon_months": e.horizon_months,
        },
        "inputs": inputs_dict(result),
        "sensitivity": sensitivity_dict(result.sensitivity),
        "reasons": result.reasons,
        "cautions": result.cautions,
        "would_change": result.would_change,
    }


def _alternative_interval(gap) -> dict | None:
    """Newcombe's paired interval, shown beside Tango's for readers who prefer it."""
    if gap.alternative_ci_method is None:
        return None
    return {
        "method": gap.alternative_ci_method,
        "low": _number(gap.alternative_ci_low),
        "high": _number(gap.alternative_ci_high),
    }


def learning_curve_dict(projection) -> dict | None:
    """The learning curve's fit and projections (accuracies 0..1, examples as counts)."""
    if projection is None:
        return None
    law = projection.law

    def prediction(p) -> dict | None:
        if p is None:
            return None
        return {"examples": p.examples, "accuracy": _number(p.accuracy), "low": _number(p.low), "high": _number(p.high)}

    return {
        "points": [{"examples": n, "accuracy": accuracy} for n, accuracy in projection.points],
        "method": projection.method,
        "optimistic": projection.optimistic,
        "improves": projection.improves,
        "a": _number(law.a),
        "b": _number(law.b),
        "c": _number(law.c),
        "ceiling_accuracy": _number(law.ceiling) if projection.improves else None,
        "largest_examples": projection.largest_examples,
        "at_2x": prediction(projection.at_2x),
        "at_4x": prediction(projection.at_4x),
        "target_accuracy": projection.target_accuracy,
        "target_reachable": projection.target_reachable,
        "examples_for_target": _number(projection.examples_for_target),
        "examples_for_target_low": _number(projection.examples_for_target_low),
        "examples_for_target_high": _number(projection.examples_for_target_high),
        "uncertainty": {
            "method": "parametric_bootstrap",
            "level": 0.95,
            "noise": projection.noise,
            "replicates": projection.replicates,
            "seed": projection.seed,
        },
    }


def key_figures(result: Assessment) -> list[tuple[str, str]]:
    """(label, value) rows of the figures every format shows."""
    e, gap, audit = result.economics, result.gap, result.audit
    with_errors = e.per_call_saving_with_errors_usd is not None
    rows = [
        ("Calls per month", fmt.count(e.calls_per_month, "calls")),
        ("Prompted cost per call", fmt.per_call(e.prompted_cost_per_call_usd)),
        ("Fine-tuned cost per call", fmt.per_call(e.fine_tuned_cost_per_call_usd)),
        ("Per-call saving", fmt.per_call(e.per_call_saving_usd)),
    ]
    if with_errors:
        rows.append(("Per-call saving with cost of errors", fmt.per_call(e.per_call_saving_with_errors_usd)))
    never = "never" if e.per_call_saving_usd is not None else fmt.DASH
    rows += [
        ("Upfront cost", fmt.money(e.upfront_cost_usd)),
        ("Upfront cost alone earned back after", _crossover(e, never)),
        ("Maintenance tax per year", fmt.money(e.annual_maintenance_tax_usd)),
        ("Payback (maintenance and hosting included)", _payback(e.payback_months, result)),
        ("Calls served until payback", fmt.count(e.payback_calls, "calls", missing=_unknown_or_never(e))),
        ("Break-even volume", fmt.count(e.breakeven_calls_per_month, "calls/month", missing=never)),
        (f"Net saving over {e.horizon_months} months", fmt.money(e.net_saving_usd_over_horizon)),
    ]
    if with_errors:
        rows.append(("Payback without cost of errors", _payback(e.payback_months_without_errors, result)))
    if gap.p_value is not None:
        rows += [
            ("Prompted accuracy", fmt.percent(gap.prompted_accuracy)),
            ("Fine-tuned accuracy", fmt.percent(gap.fine_tuned_accuracy)),
            ("Difference (fine-tuned − prompted)", fmt.points(gap.difference_pp)),
            ("p-value", fmt.p_value(gap.p_value, alpha=result.answers.performance.alpha)),
            (
                f"Difference, {fmt.level(gap.difference_ci_level)} interval",
                _interval(gap, result.answers.performance.min_meaningful_difference_pp),
            ),
            ("Verdict on the gap", (gap.verdict or fmt.DASH).replace("_", " ")),
        ]
        if gap.detectable_difference_pp is not None:
            rows.append(("Smallest detectable difference (80% power)", f"{gap.detectable_difference_pp:.1f} pp"))
        if gap.items_needed is not None:
            meaningful = result.answers.performance.min_meaningful_difference_pp
            rows.append((f"Items needed to detect {meaningful:g} pp (80% power)", f"{gap.items_needed:,}"))
    if audit is not None:
        rows.append(
            (
                "Label error (95% Wilson interval)",
                f"{fmt.percent(audit.error_rate)} ({fmt.percent(audit.lower)} to {fmt.percent(audit.upper)})",
            )
        )
    rows += _learning_curve_rows(result.learning_curve)
    return rows


_CI_NAMES = {"tango_score": "Tango", "newcombe_hybrid_score": "Newcombe"}


def _interval(gap, meaningful: float) -> str:
    """The interval for the difference in points (each bound on its true side of ± the
    meaningful difference and of zero), and whose method it is."""
    if gap.difference_ci_low is None or gap.difference_ci_high is None or gap.difference_ci_method is None:
        return fmt.DASH
    references = (meaningful, -meaningful)
    points = fmt.interval_points(gap.difference_ci_low * 100, gap.difference_ci_high * 100, references=references)
    return f"{points} ({_CI_NAMES.get(gap.difference_ci_method, gap.difference_ci_method)})"


def _learning_curve_rows(projection) -> list[tuple[str, str]]:
    """Key-figure rows for the learning curve's projections."""
    if projection is None:
        return []
    if not projection.improves:
        return [("Learning curve", "no rise with more examples; no projection")]
    rows = []
    for factor, p in ((2, projection.at_2x), (4, projection.at_4x)):
        value = fmt.percent(p.accuracy)
        if p.low is not None:
            value += f" ({fmt.percent(p.low)} to {fmt.percent(p.high)})"
        rows.append((f"Accuracy at {factor}× data ({p.examples:,} examples)", value))
    if projection.method == "power_law_with_floor":
        rows.append(("Accuracy ceiling (fitted)", fmt.percent(projection.law.ceiling)))
    else:
        rows.append(("Accuracy ceiling (fitted)", "none assumed (optimistic)"))
    if projection.target_accuracy is not None:
        label = f"Examples for {fmt.percent(projection.target_accuracy)} accuracy"
        if projection.examples_for_target is None:
            rows.append((label, "not reachable (above the fitted ceiling)"))
        else:
            value = fmt.count(math.ceil(projection.examples_for_target))
            if projection.examples_for_target_low is not None:
                high = projection.examples_for_target_high
                upper = fmt.count(math.ceil(high)) if high is not None else "never"
                value += f" ({fmt.count(math.floor(projection.examples_for_target_low))} to {upper})"
            rows.append((label, value))
    return rows


def _crossover(e, never: str) -> str:
    """C / S, said as what it is: the upfront cost alone, before maintenance and hosting."""
    if e.crossover_calls is None:
        return never
    return f"{fmt.calls_after(e.crossover_calls)} (before maintenance and hosting)"


def _unknown_or_never(e) -> str:
    return "never" if e.payback_status == "never" else fmt.DASH


def _payback(value: float | None, result: Assessment) -> str:
    """A payback in months, "never" once every input is known, "—" before."""
    if not result.economics.payback_known:
        return fmt.DASH
    return "never" if value is None else fmt.months_against(value, result.economics.horizon_months)


def _title(result: Assessment) -> str:
    return strip_control(result.answers.assessment.title or "", keep_newlines=False).strip() or "Untitled assessment"


def _label(result: Assessment) -> str:
    return LABELS[result.recommendation]


def render(result: Assessment, format: str) -> str:
    """The report in one of FORMATS."""
    renderers = {"text": render_text, "markdown": render_markdown, "jira": render_jira, "json": render_json}
    return renderers[format](result)


def render_json(result: Assessment) -> str:
    import json

    return json.dumps(to_dict(result), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_text(result: Assessment) -> str:
    info = result.answers.assessment
    lines = [_title(result), "=" * min(len(_title(result)), 78)]
    if info.owner:
        lines.append(f"Owner: {strip_control(info.owner, keep_newlines=False)}")
    lines += ["", f"Recommendation: {_label(result)}", result.headline]
    sentence = economics_sentence(result.economics)
    if sentence:
        lines += ["", sentence]
    lines += _text_table("Key figures", key_figures(result))
    lines += _text_table("Inputs", input_rows(result.answers))
    lines += _text_list("Reasons", result.reasons)
    lines += _text_list("Cautions", result.cautions)
    lines += _text_list("What would change it", result.would_change)
    if result.sensitivity is not None:
        lines += _text_flips(flip_rows(result.sensitivity))
    if result.missing:
        lines += _text_list("Still missing", result.missing)
    if info.notes:
        lines += ["", "Notes", *("  " + line for line in strip_control(info.notes).splitlines())]
    return "\n".join(lines) + "\n"


def _text_table(heading: str, rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    return ["", heading, *(f"  {label.ljust(width)}  {value}" for label, value in rows)]


def _text_list(heading: str, items: list[str]) -> list[str]:
    return ["", heading, *(f"  - {item}" for item in items)] if items else []


FLIP_HEADINGS = ("Answer", "Now", "Changes below", "Changes above")


def _text_flips(rows: list[tuple[str, str, str, str]]) -> list[str]:
    """The flip-point table with aligned columns."""
    table = [FLIP_HEADINGS, *rows]
    widths = [max(len(row[column]) for row in table) for column in range(3)]
    lines = ["", "Where the recommendation changes (each answer alone)"]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        lines.append(("  " + "  ".join(cells) + "  " + row[3]).rstrip())
    return lines


def render_markdown(result: Assessment) -> str:
    from tui.core.markup import markdown_line, markdown_text  # only the ticket formats escape markup

    info = result.answers.assessment
    lines = [f"## {markdown_text(_title(result), user=True)}", ""]
    if info.owner:
        lines += [f"Owner: {markdown_text(info.owner, user=True)}", ""]
    lines += [f"**Recommendation: {_label(result)}** — {markdown_text(result.headline)}", ""]
    sentence = economics_sentence(result.economics)
    if sentence:
        lines += [markdown_line(sentence), ""]
    lines += _markdown_table(("Figure", "Value"), key_figures(result))
    lines += ["", "### Inputs", ""] + _markdown_table(("Input", "Value"), input_rows(result.answers))
    for heading, items in (
        ("Reasons", result.reasons),
        ("Cautions", result.cautions),
        ("What would change it", result.would_change),
    ):
        if items:
            lines += ["", f"### {heading}", "", *(f"- {markdown_text(item)}" for item in items)]
    if result.sensitivity is not None:
        lines += ["", "### Where the recommendation changes (each answer alone)", ""]
        lines += _markdown_table(FLIP_HEADINGS, flip_rows(result.sensitivity))
    if result.missing:
        lines += ["", "### Still missing", "", *(f"- `{path}`" for path in result.missing)]
    if info.notes:
        notes = [line for line in strip_control(info.notes).splitlines()]
        lines += ["", "### Notes", ""]
        # A backslash at the end of a line is Markdown's line break; an empty line ends the paragraph.
        lines += [
            markdown_line(line, user=True) + ("\\" if index < len(notes) - 1 and line.strip() else "")
            if line.strip()
            else ""
            for index, line in enumerate(notes)
        ]
    return "\n".join(lines) + "\n"


def _markdown_table(headings: tuple[str, ...], rows: list) -> list[str]:
    from tui.core.markup import markdown_text

    lines = ["| " + " | ".join(headings) + " |", "|" + " --- |" * len(headings)]
    return lines + ["| " + " | ".join(markdown_text(cell) for cell in row) + " |" for row in rows]


def render_jira(result: Assessment) -> str:
    from tui.core.markup import jira_line, jira_text

    info = result.answers.assessment
    lines = [f"h2. {jira_text(_title(result), user=True)}", ""]
    if info.owner:
        lines += [f"Owner: {jira_text(info.owner, user=True)}", ""]
    lines += [f"*Recommendation: {_label(result)}* — {jira_text(result.headline)}", ""]
    sentence = economics_sentence(result.economics)
    if sentence:
        lines += [jira_line(sentence), ""]
    lines += _jira_table(("Figure", "Value"), key_figures(result))
    lines += ["", "h3. Inputs"] + _jira_table(("Input", "Value"), input_rows(result.answers))
    for heading, items in (
        ("Reasons", result.reasons),
        ("Cautions", result.cautions),
        ("What would change it", result.would_change),
    ):
        if items:
            lines += ["", f"h3. {heading}", *(f"* {jira_text(item)}" for item in items)]
    if result.sensitivity is not None:
        lines += ["", "h3. Where the recommendation changes (each answer alone)"]
        lines += _jira_table(FLIP_HEADINGS, flip_rows(result.sensitivity))
    if result.missing:
        lines += ["", "h3. Still missing", *(f"* {{{{{path}}}}}" for path in result.missing)]
    if info.notes:
        lines += ["", "h3. Notes"]
        lines += [jira_line(line, user=True) for line in strip_control(info.notes).splitlines()]
    return "\n".join(lines) + "\n"


def _jira_table(headings: tuple[str, ...], rows: list) -> list[str]:
    from tui.core.markup import jira_text

    lines = ["||" + "||".join(headings) + "||"]
    return lines + ["|" + "|".join(jira_text(cell) or " " for cell in row) + "|" for row in rows]
