"""Every sentence agrees with every figure: invariants over generated assessments (issue 15).

Each generated assessment (complete or partly answered, see `invariant_answers`) is assessed
and rendered in all four formats, and the reports are held against the JSON, against the
figures worked out again here (fractions for the money, scipy and statsmodels for the
statistics) and against each other:

- words about payback ("within", "beyond", "never", "at any volume") match `payback_status`,
  `payback_months` and the horizon;
- a caution about the test-set size appears only while the interval is not decisive, and
  states a positive detectable difference and the items needed;
- "significant" in words iff p < alpha iff zero lies outside the 1 - alpha interval, or the
  words say the two disagree at the margin;
- no "None", "nan", "inf", negative count, "-0" or "no difference" where a number belongs;
- every flip point, applied to the answers, changes the recommendation to what it says;
- the key figures of the text, Markdown and Jira reports equal the JSON's.

Generated examples are the same on every run (the "repeatable" profile of conftest).
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invariant_answers import Reckoning, documents
from scipy import stats as scipy_stats
from statsmodels.stats.proportion import confint_proportions_2indep

from tui.core import fmt
from tui.core.assess import Assessment, assess
from tui.core.exports import FORMATS, render
from tui.core.models import Answers

try:  # flip points (SPEC §8) and the sentences written from them
    from tui.core import changes, sensitivity
    from tui.core.assess import recommend
except ImportError:  # pragma: no cover - before flip points exist
    changes = sensitivity = None  # type: ignore[assignment]
    recommend = None  # type: ignore[assignment]

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _report(doc: dict) -> tuple[Assessment, dict[str, str], dict]:
    """The assessment, its four reports (Markdown and Jira unescaped) and the parsed JSON."""
    result = assess(Answers.model_validate(doc))
    outputs = {format: render(result, format) for format in FORMATS}
    report = json.loads(outputs["json"], parse_constant=_no_constant)
    for format in ("markdown", "jira"):
        outputs[format] = re.sub(r"\\(.)", r"\1", outputs[format])
    return result, outputs, report


def _no_constant(name: str) -> None:
    raise AssertionError(f"JSON holds {name}")


# Numbers where numbers belong ---------------------------------------------------------------

_NOT_A_NUMBER = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\binf\b|\bInfinity\b|no difference")
_NEGATIVE_ZERO = re.compile(r"(?<![\w.])-\$?0(?:\.0+)?(?![\d.])")
_NEGATIVE_COUNT = re.compile(r"(?<![\w.])-\s?[\d,]+(?:\.\d+)?[KMBT]?\s(?:calls|months|items|labelled|examples)")


def check_numbers_are_written(outputs: dict[str, str]) -> None:
    for format in ("text", "markdown", "jira"):
        text = outputs[format]
        assert not _NOT_A_NUMBER.search(text), (format, _NOT_A_NUMBER.search(text))
        assert not _NEGATIVE_ZERO.search(text), (format, _NEGATIVE_ZERO.search(text))
        assert not _NEGATIVE_COUNT.search(text), (format, _NEGATIVE_COUNT.search(text))


# Money ---------------------------------------------------------------------------------------


def _close(shown: float | None, exact: Fraction | float | None) -> bool:
    if shown is None or exact is None:
        return shown is None and exact is None
    return math.isclose(shown, float(exact), rel_tol=1e-9, abs_tol=1e-9)


def check_money_against_reckoning(doc: dict, result: Assessment, report: dict) -> None:
    """The JSON economics equal the SPEC §3 formulas worked out here in fractions."""
    e, json_e = result.economics, report["economics"]
    if e.per_call_saving_with_errors_usd is not None:
        return  # the reckoning leaves the cost of errors out
    r = Reckoning.of(doc)
    assert e.payback_status == r.status
    assert json_e.get("payback_status", r.status) == r.status
    assert e.pays_back_within_horizon == r.within
    assert json_e["crossover_calls"] == r.crossover
    assert _close(json_e["breakeven_calls_per_month"], r.breakeven)
    if r.gain is not None and r.upfront is not None:
        assert _close(json_e["net_saving_usd_over_horizon"], r.horizon * r.gain - r.upfront)
        if r.status == "pays_back":
            assert _close(json_e["payback_months"], r.upfront / r.gain)
            if "payback_calls" in json_e:
                assert _close(json_e["payback_calls"], r.volume * r.upfront / r.gain)
        else:
            assert json_e["payback_months"] is None


_PAYS_BACK = re.compile(
    r"pays back (?:at once|in (?:just (?:over|under) )?([\d,.]+) months)(?: \(after [^)]*\))?, "
    r"(within|beyond) the (\d+)-month horizon"
)
_BREAKEVEN = re.compile(r"(at or above|below) the break-even volume of ([\d,.]+[KMBT]?) calls a month")


def check_payback_words(result: Assessment, outputs: dict[str, str], report: dict) -> None:
    e, horizon = result.economics, result.answers.assessment.horizon_months
    ours = [result.headline, *result.reasons, *result.cautions]
    economics = result.reason_by_step["economics"]
    never = any(re.search(r"never (?:pays? back|earns? back|pay for itself)", text) for text in ours)
    assert never == (e.payback_status == "never" and "never pays back" in economics), (never, e.payback_status)
    if e.payback_status == "never":
        assert "never pays back" in economics
        assert "within the" not in economics
    found = _PAYS_BACK.search(economics)
    if e.payback_status == "pays_back" and e.payback_months is not None:
        assert found, economics
        assert found.group(2) == ("within" if e.pays_back_within_horizon else "beyond")
        assert int(found.group(3)) == horizon
        if found.group(1):
            months = float(found.group(1).replace(",", ""))
            assert (months <= horizon) == e.pays_back_within_horizon or "just" in found.group(0)
            assert abs(months - e.payback_months) <= 0.05 + 1e-9
    else:
        assert not found, economics
    breakeven = report["economics"]["breakeven_calls_per_month"]
    any_volume = any("at any volume" in text for text in ours)
    assert any_volume == (breakeven == 0 and e.pays_back_within_horizon), (breakeven, e.payback_status)
    for text in outputs.values():
        if "at any volume" in text:
            assert breakeven == 0
    compared = _BREAKEVEN.search(result.reason_by_step["volume"])
    if compared:
        shown = fmt._parse_count(compared.group(2))
        volume = e.calls_per_month
        assert volume is not None
        if compared.group(1) == "below":
            assert not e.pays_back_within_horizon and volume < shown
        else:
            assert e.pays_back_within_horizon and volume >= shown
    if "cheaper fine-tuned model" in " ".join(ours):
        assert (e.per_call_saving_usd or 0) > 0 and (e.effective_saving_usd or 0) > 0


# The test set --------------------------------------------------------------------------------


def check_test_set_caution(result: Assessment, outputs: dict[str, str]) -> None:
    gap = result.gap
    small = [text for text in result.cautions if "too small" in text]
    if small:
        (caution,) = small
        assert not gap.decisive, (gap.verdict, caution)
        assert gap.items_needed is not None and f"{gap.items_needed:,} items" in caution
        detectable = re.search(r"(?:about|even a difference of) ([\d,.]+) pp", caution)
        assert detectable and float(detectable.group(1).replace(",", "")) > 0, caution
        assert "80%" in caution and "half the time" in caution
    expected = (
        gap.items_needed is not None and gap.items is not None and gap.items < gap.items_needed and not gap.decisive
    )
    assert bool(small) == expected
    if gap.decisive:
        for text in outputs.values():
            assert "too small to detect" not in text and "too small to settle" not in text


# Significance ----------------------------------------------------------------------------------


def _oracle_p(perf: dict) -> float:
    if "both_correct" in perf:
        b, c = perf["only_prompted_correct"], perf["only_fine_tuned_correct"]
        n = b + c
        if n == 0:
            return 1.0
        m = min(b, c)
        return min(1.0, 2 * (scipy_stats.binom.cdf(m, n, 0.5) - 0.5 * scipy_stats.binom.pmf(m, n, 0.5)))
    n, x1, x2 = perf["test_items"], perf["prompted_correct"], perf["fine_tuned_correct"]
    pooled = (x1 + x2) / (2 * n)
    if pooled in (0, 1):
        return 1.0
    z = (x2 - x1) / n / math.sqrt(pooled * (1 - pooled) * 2 / n)
    return 2 * scipy_stats.norm.sf(abs(z))


def check_significance_words(doc: dict, result: Assessment, report: dict) -> None:
    gap, perf = result.gap, doc["performance"]
    if gap.p_value is None:
        return
    alpha = perf.get("alpha", 0.05)
    json_gap = report["steps"]["performance"]
    assert math.isclose(json_gap["p_value"], _oracle_p(perf), rel_tol=1e-6, abs_tol=1e-12)
    assert json_gap["difference_ci_level"] == pytest.approx(1 - alpha, abs=1e-12)
    if "test_items" in perf:
        n = perf["test_items"]
        low, high = confint_proportions_2indep(
            perf["fine_tuned_correct"], n, perf["prompted_correct"], n, method="newcomb", compare="diff", alpha=alpha
        )
        assert json_gap["difference_ci_low"] == pytest.approx(max(-1.0, low), abs=1e-6)
        assert json_gap["difference_ci_high"] == pytest.approx(min(1.0, high), abs=1e-6)
    significant = gap.p_value < alpha
    excludes = json_gap["difference_ci_low"] > 0 or json_gap["difference_ci_high"] < 0
    reason = result.reason_by_step["performance"]
    assert ("not significant" in reason) == (not significant), reason
    assert ("significant" in reason.replace("not significant", "")) == significant, reason
    assert f"The {fmt.level(1 - alpha)} interval" in reason
    if gap.verdict == "inconclusive":
        assert "includes zero" in reason and not excludes
    if gap.verdict in ("real_but_possibly_small", "clearly_meaningful"):
        assert excludes
    borderline = significant != excludes
    assert ("borderline" in reason) == borderline, reason
    if result.decided_by in (6, 9):
        assert ("borderline" in result.headline) == borderline, result.headline
    if "it is clearly better" in result.headline:
        assert gap.verdict == "clearly_meaningful" and not borderline, result.headline


# Flip points -----------------------------------------------------------------------------------


def _beyond(value: float, towards: float, whole: bool) -> float:
    """Just past a flip point, on the side away from the current value."""
    if whole:
        return value
    step = max(abs(value) * 1e-6, 1e-9)
    return value - step if towards < 0 else value + step


def check_flip_points(result: Assessment) -> None:
    if sensitivity is None or result.recommendation == "incomplete":
        return
    answers, now = result.answers, result.recommendation
    found = result.sensitivity if hasattr(result, "sensitivity") else None
    if found is None:
        return
    for flips in found.flips:
        whole = flips.path in sensitivity.WHOLE
        for flip, direction in ((flips.below, -1), (flips.above, 1)):
            if flip is None:
                continue
            assert (flip.value - flips.current) * direction >= 0, (flips.path, flip)
            assert flip.recommendation != now
            value = _beyond(flip.value, direction, whole)
            low, high = sensitivity.floor(flips.path), sensitivity.ceiling(flips.path)
            value = min(max(value, low), high)
            typed = int(value) if whole else value
            changed = recommend(sensitivity.with_value(answers, flips.path, typed))
            assert changed == flip.recommendation, (flips.path, flips.current, flip, changed)
            middle = (flips.current + flip.value) / 2
            if whole:
                middle = math.floor(middle) if direction > 0 else math.ceil(middle)
            if (
                middle != flips.current
                and (middle - flips.current) * direction > 0
                and (flip.value - middle) * direction > 0
            ):
                typed = int(middle) if whole else middle
                assert recommend(sensitivity.with_value(answers, flips.path, typed)) == now, (flips.path, middle)
    for frequency, outcome in found.frequency.alternatives.items():
        changed = recommend(sensitivity.with_value(answers, "stability.change_frequency", frequency))
        assert changed == outcome


_WOULD_CHANGE = re.compile(r"^(.+?) at (.+?) instead of (.+?): ([a-z -]+), as ")
_FREQUENCY = re.compile(r"^Requirements changing (.+?) instead of (.+?): ([a-z -]+), as ")
_OUTCOMES = {"prompting": "prompting", "fine-tuning": "fine_tuning", "evaluate first": "evaluate_first"}
_OUTCOMES |= {"fix data first": "fix_data_first"}
_HOW_OFTEN = {
    "every week": "weekly",
    "every month": "monthly",
    "every quarter": "quarterly",
    "twice a year": "semiannual",
    "once a year": "annual",
    "rarely": "rarely",
}


def _written_value(text: str) -> float:
    """An answer's value as a sentence writes it: `$1.55`, `1,991`, `12 months`, `1.35M`."""
    return fmt._parse_count(text.replace("$", "").replace(" months", "").strip())


def check_would_change_sentences(result: Assessment) -> None:
    """Each sentence, applied to the answers, gives the recommendation it names."""
    if result.recommendation == "incomplete" or changes is None:
        return
    answers = result.answers
    names = {changes._name(path): path for path in sensitivity.covered(answers)}
    for sentence in result.would_change:
        text = sentence if isinstance(sentence, str) else sentence.text
        numeric, frequency = _WOULD_CHANGE.match(text), _FREQUENCY.match(text)
        if frequency:
            changed = sensitivity.with_value(answers, "stability.change_frequency", _HOW_OFTEN[frequency.group(1)])
            outcome = frequency.group(3)
        elif numeric and numeric.group(1) in names:
            path = names[numeric.group(1)]
            value = _written_value(numeric.group(2))
            typed = int(value) if path in sensitivity.WHOLE else value
            changed = sensitivity.with_value(answers, path, typed)
            outcome = numeric.group(4)
        elif text.startswith(("Marking the gap as critical", "Not marking the gap as critical")):
            critical = text.startswith("Marking")
            changed = sensitivity.with_value(answers, "performance.gap_is_critical", critical)
            outcome = text.split(": ", 1)[1].split(", as ")[0]
        else:
            continue
        assert recommend(changed) == _OUTCOMES[outcome], text


# Key figures -----------------------------------------------------------------------------------

_ROW_TEXT = re.compile(r"^  (\S.*?)\s{2,}(\S.*)$")
_ROW_MARKDOWN = re.compile(r"^\| (.+?) \| (.+) \|$")
_ROW_JIRA = re.compile(r"^\|(.+?)\|(.+)\|$")


def _rows(text: str, pattern: re.Pattern) -> dict[str, str]:
    rows: dict[str, str] = {}
    for line in text.splitlines():
        found = pattern.match(line)
        if found and found.group(1).strip() not in rows:
            rows[found.group(1).strip()] = found.group(2).strip()
    return rows


def _key_figures(outputs: dict[str, str]) -> dict[str, dict[str, str]]:
    text = outputs["text"].split("\nKey figures\n", 1)[-1].split("\n\n", 1)[0]
    return {
        "text": _rows(text, _ROW_TEXT),
        "markdown": _rows(outputs["markdown"], _ROW_MARKDOWN),
        "jira": _rows(outputs["jira"], _ROW_JIRA),
    }


_NUMBER = re.compile(r"(<\s*)?-?\$?([\d,]*\.?\d+)([KMBT%]?)")
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12, "%": 1.0, "": 1.0}


def _shown(text: str) -> tuple[float, float] | None:
    """(number, half a unit of its last digit) of the first number in a figure's text."""
    found = _NUMBER.search(text)
    if found is None or found.group(1):
        return None
    digits = found.group(2).replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = _SCALE[found.group(3)]
    sign = -1 if text.lstrip("(").startswith("-") else 1
    return sign * float(digits) * scale, 0.5 * 10**-decimals * scale


def _figure_paths(report: dict) -> dict[str, tuple[float | None, float]]:
    e, gap = report["economics"], report["steps"]["performance"]
    return {
        "Calls per month": (report["steps"]["volume"]["calls_per_month"], 1),
        "Prompted cost per call": (e["prompted_cost_per_call_usd"], 1),
        "Fine-tuned cost per call": (e["fine_tuned_cost_per_call_usd"], 1),
        "Per-call saving": (e["per_call_saving_usd"], 1),
        "Upfront cost": (e["upfront_cost_usd"], 1),
        "Maintenance tax per year": (e["annual_maintenance_tax_usd"], 1),
        "Break-even volume": (e["breakeven_calls_per_month"], 1),
        "Prompted accuracy": (gap["prompted_accuracy"], 100),
        "Fine-tuned accuracy": (gap["fine_tuned_accuracy"], 100),
        "p-value": (gap["p_value"], 1),
        "Smallest detectable difference (80% power)": (gap["detectable_difference_pp"], 1),
    }


def check_key_figures(outputs: dict[str, str], report: dict) -> None:
    rows = _key_figures(outputs)
    assert rows["text"], "the text report has key figures"
    for label in rows["text"]:
        assert rows["text"][label] == rows["markdown"].get(label) == rows["jira"].get(label), label
    for label, (value, scale) in _figure_paths(report).items():
        text = rows["text"].get(label)
        if text is None:
            continue
        if text.startswith("<"):
            assert value is not None and value * scale < _shown(text.lstrip("< "))[0], (label, text, value)  # type: ignore[index]
            continue
        shown = _shown(text)
        if value is None:
            assert shown is None or text.startswith(("never", fmt.DASH)), (label, text)
            continue
        assert shown is not None, (label, text)
        number, half = shown
        assert abs(number - value * scale) <= half * (1 + 1e-9) + 1e-12, (label, text, value)
    for label, text in rows["text"].items():
        if label.startswith("Net saving over"):
            net, shown = report["economics"]["net_saving_usd_over_horizon"], _shown(text)
            if net is None:
                assert text == fmt.DASH, text
            else:
                assert shown and abs(shown[0] - net) <= shown[1] + 1e-9, (text, net)


# The suites --------------------------------------------------------------------------------------


def check_every_invariant(doc: dict) -> None:
    result, outputs, report = _report(doc)
    check_numbers_are_written(outputs)
    check_money_against_reckoning(doc, result, report)
    check_payback_words(result, outputs, report)
    check_test_set_caution(result, outputs)
    check_significance_words(doc, result, report)


@SETTINGS
@given(documents())
def test_words_agree_with_figures_in_every_format(doc):
    check_every_invariant(doc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(partial=False))
def test_every_flip_point_changes_the_recommendation_to_what_it_says(doc):
    result = assess(Answers.model_validate(doc))
    check_flip_points(result)
    check_would_change_sentences(result)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_key_figures_in_text_markdown_and_jira_equal_the_json(doc):
    _, outputs, report = _report(doc)
    check_key_figures(outputs, report)


# The cases of issue 15, one by one ---------------------------------------------------------------

BASE = {
    "schema_version": 1,
    "assessment": {"horizon_months": 12},
    "volume": {
        "calls_per_month": 100_000.0,
        "prompted": {"cost_per_call_usd": 0.012},
        "fine_tuned": {"cost_per_call_usd": 0.003},
    },
    "stability": {"change_frequency": "rarely"},
    "data": {
        "labelled_examples": 5000,
        "preparation_usd": 10_000.0,
        "training_compute_usd": 300.0,
        "pipeline_setup_usd": 300.0,
    },
    "performance": {
        "status": "evaluated",
        "evaluation_usd": 200.0,
        "both_correct": 800,
        "only_prompted_correct": 20,
        "only_fine_tuned_correct": 80,
        "both_wrong": 100,
    },
}


def _with(**tables: dict) -> dict:
    doc = json.loads(json.dumps(BASE))
    for name, values in tables.items():
        table = doc
        for part in name.split("__"):
            table = table.setdefault(part, {})
        table.update(values)
    return doc


def test_a_payback_of_exactly_the_horizon_is_within_it_and_saves_exactly_nothing():
    result, _, report = _report(BASE)
    assert report["economics"]["payback_months"] == 12
    assert report["economics"]["net_saving_usd_over_horizon"] == 0
    assert result.recommendation == "fine_tuning"
    assert "within the 12-month horizon" in result.reason_by_step["economics"]
    check_every_invariant(BASE)


def test_the_crossover_sums_the_upfront_cost_as_written():
    doc = _with(
        volume__prompted={"cost_per_call_usd": 0.013},
        data={"preparation_usd": 3000.30, "training_compute_usd": 300.30, "pipeline_setup_usd": 0.0},
        performance={"evaluation_usd": 0.0},
    )
    doc["volume"]["fine_tuned"] = {"cost_per_call_usd": 0.003}
    assert _report(doc)[2]["economics"]["crossover_calls"] == 330_060


def _check_payback_sentence(sentence: str, result: Assessment) -> None:
    e, horizon = result.economics, result.answers.assessment.horizon_months
    found = _PAYS_BACK.search(sentence)
    assert found, sentence
    assert found.group(2) == ("within" if e.pays_back_within_horizon else "beyond")
    if found.group(1) and "just" not in found.group(0):
        assert (float(found.group(1).replace(",", "")) <= horizon) == e.pays_back_within_horizon, sentence


def test_a_payback_just_beyond_the_horizon_is_not_written_as_the_horizon():
    doc = _with(data={"preparation_usd": 10_004.0})  # 10,804 / 900 = 12.004 months
    result, _, report = _report(doc)
    assert not result.economics.pays_back_within_horizon
    _check_payback_sentence(result.reason_by_step["economics"], result)
    check_every_invariant(doc)


def test_the_economics_summary_never_rounds_a_payback_onto_the_horizon():
    doc = _with(data={"preparation_usd": 10_004.0})
    result, _, report = _report(doc)
    _check_payback_sentence(report["economics_in_one_sentence"], result)


def test_a_zero_monthly_gain_never_pays_back():
    doc = _with(volume__fine_tuned={"hosting_usd_per_month": 900.0})
    result, outputs, report = _report(doc)
    assert report["economics"]["payback_months"] is None
    assert result.economics.payback_status == "never"
    assert "never pays back" in result.reason_by_step["economics"]
    assert "months" not in result.reason_by_step["economics"].split("never")[-1]
    check_every_invariant(doc)


def test_a_breakeven_below_zero_is_zero_and_at_any_volume():
    doc = _with(volume__prompted={"hosting_usd_per_month": 5000.0})
    result, _, report = _report(doc)
    assert report["economics"]["breakeven_calls_per_month"] == 0
    assert "at any volume" in result.reason_by_step["volume"]
    check_every_invariant(doc)


def test_a_borderline_z_test_is_called_borderline_in_the_headline_and_the_reason():
    doc = _with()
    doc["performance"] = {
        "status": "evaluated",
        "evaluation_usd": 200.0,
        "test_items": 50,
        "prompted_correct": 42,
        "fine_tuned_correct": 48,
    }
    result, _, _ = _report(doc)
    assert result.gap.p_value < 0.05 < result.gap.difference_ci_high and result.gap.difference_ci_low < 0
    assert "borderline" in result.headline and "clearly better" not in result.headline
    assert "borderline" in result.reason_by_step["performance"]
    check_every_invariant(doc)


def test_the_unpaired_test_set_states_what_it_can_detect():
    doc = _with()
    doc["performance"] = {
        "status": "evaluated",
        "evaluation_usd": 200.0,
        "test_items": 4871,
        "prompted_correct": 4000,
        "fine_tuned_correct": 4050,
    }
    result, _, report = _report(doc)
    detectable = report["steps"]["performance"]["detectable_difference_pp"]
    assert detectable is not None and 2 < detectable < 2.3
    check_every_invariant(doc)


@pytest.mark.parametrize("alpha", [0.01, 0.2])
def test_the_interval_is_at_one_minus_alpha(alpha):
    doc = _with(performance={"alpha": alpha, "only_prompted_correct": 40, "only_fine_tuned_correct": 62})
    result, _, report = _report(doc)
    assert report["steps"]["performance"]["difference_ci_level"] == pytest.approx(1 - alpha)
    assert f"The {fmt.level(1 - alpha)} interval" in result.reason_by_step["performance"]
    check_every_invariant(doc)


def test_a_volume_below_the_breakeven_volume_says_so():
    doc = _with(volume={"calls_per_month": 45_000.0})
    result, _, _ = _report(doc)
    volume = result.reason_by_step["volume"]
    assert "below the break-even volume of 100,000 calls a month" in volume
    assert "cheaper fine-tuned model" not in volume


@given(st.integers(1, 3_000_000), st.integers(1, 99))
@settings(max_examples=40)
def test_a_breakeven_shown_beside_the_volume_keeps_their_order(volume, cents):
    breakeven = volume + cents / 100 - 0.5
    shown = fmt._parse_count(fmt.count_against(breakeven, volume))
    assert (shown > volume) == (breakeven > volume) and (shown < volume) == (breakeven < volume)
