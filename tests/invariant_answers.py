"""Generated assessments for the invariants suite, and an independent reckoning of their money.

The strategies reach every band, rule, design (paired, unpaired), alpha, cost of error,
hosting and forced retrains, and the edges where sentences used to go wrong: no discordant
pairs, a pooled rate of 0 or 1, a payback of exactly the horizon, a fine-tuned model that is
not cheaper, a break-even volume of 0 or less. Some assessments are left partly answered.

`Reckoning` works the SPEC §3 formulas out again in fractions from the numbers as written,
without the product's code, so the suite can hold the reports against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

CHANGES = {"weekly": 52, "monthly": 12, "quarterly": 4, "semiannual": 2, "annual": 1, "rarely": 0}

# Answers a partial assessment may lack (each a dotted path into the document).
REQUIRED = (
    "volume.calls_per_month",
    "volume.prompted.cost_per_call_usd",
    "volume.fine_tuned.cost_per_call_usd",
    "stability.change_frequency",
    "stability.retrain_compute_usd",
    "stability.prompt_update_usd_per_change",
    "data.labelled_examples",
    "data.preparation_usd",
    "data.training_compute_usd",
    "performance.status",
    "performance.evaluation_usd",
    "performance.only_fine_tuned_correct",
    "performance.fine_tuned_correct",
)

money = st.one_of(
    st.sampled_from([0.0, 40.0, 150.0, 300.3, 1200.0, 3000.3, 10800.0]),
    st.integers(0, 2_000_000).map(lambda cents: cents / 100),
)
cycle_money = st.one_of(
    st.sampled_from([150.0, 0.0, 40.0, 300.3, 1200.0]),
    st.integers(0, 200_000).map(lambda cents: cents / 100),
)
per_call = st.integers(0, 60).map(lambda tenths_of_a_cent: tenths_of_a_cent / 1000)
cheap_per_call = st.integers(0, 12).map(lambda tenths_of_a_cent: tenths_of_a_cent / 1000)
hosting = st.sampled_from([0.0, 0.0, 0.0, 120.0, 500.0, 2400.0, 5000.0])


@st.composite
def side(draw: st.DrawFn, cheap: bool = False) -> dict:
    """One approach's cost: per call, or from tokens and prices per million (usually lower if `cheap`)."""
    if draw(st.booleans()):
        priced: dict = {
            "cost_per_call_usd": draw(st.one_of(cheap_per_call, cheap_per_call, per_call) if cheap else per_call)
        }
    else:
        priced = {
            "input_tokens": float(draw(st.integers(0, 4000))),
            "output_tokens": float(draw(st.integers(0, 800))),
            "input_usd_per_mtok": draw(st.sampled_from([0.1, 0.3, 1.2, 2.5, 10.0])),
            "output_usd_per_mtok": draw(st.sampled_from([0.4, 1.2, 5.0, 10.0, 30.0])),
        }
    if draw(st.integers(0, 4)) == 0:
        return priced | {"hosting_usd_per_hour": draw(st.sampled_from([0.0, 0.5, 3.25]))}
    return priced | {"hosting_usd_per_month": draw(hosting)}


@st.composite
def results(draw: st.DrawFn) -> dict:
    """Paired or unpaired counts, with the edges: b + c = 0, a pooled rate of 0 or 1."""
    if not draw(st.booleans()):
        both, wrong = draw(st.integers(0, 900)), draw(st.integers(0, 200))
        edge = draw(st.sampled_from(["tuned_wins", "none", "no_discordant", "tuned_wins", "small", "large"]))
        b, c = {
            "no_discordant": (0, 0),
            "small": (draw(st.integers(0, 8)), draw(st.integers(0, 8))),
            "large": (draw(st.integers(0, 300)), draw(st.integers(0, 300))),
            "none": (draw(st.integers(0, 60)), draw(st.integers(0, 90))),
            "tuned_wins": (draw(st.integers(0, 30)), draw(st.integers(40, 150))),
        }[edge]
        if both + b + c + wrong == 0:
            both = 1
        return {"both_correct": both, "only_prompted_correct": b, "only_fine_tuned_correct": c, "both_wrong": wrong}
    items = draw(st.sampled_from([1000, 200, 4871, 50, 10, 3, 1]))
    pooled = draw(st.sampled_from(["tuned_wins", "none", "zero", "tuned_wins", "one", "none"]))
    if pooled == "zero":
        prompted = tuned = 0
    elif pooled == "one":
        prompted = tuned = items
    elif pooled == "tuned_wins":
        prompted = draw(st.integers(0, items))
        tuned = draw(st.integers(prompted, items))
    else:
        prompted, tuned = draw(st.integers(0, items)), draw(st.integers(0, items))
    return {"test_items": items, "prompted_correct": prompted, "fine_tuned_correct": tuned}


@st.composite
def documents(draw: st.DrawFn, partial: bool = True) -> dict:
    """A whole answers document; sometimes with answers removed, sometimes paying back exactly at H."""
    audited = draw(st.sampled_from([400, None, 200, 50]))
    doc: dict = {
        "schema_version": 1,
        "assessment": {"horizon_months": draw(st.sampled_from([12, 18, 24, 6, 3, 1, 120]))},
        "volume": {
            "calls_per_month": draw(
                st.one_of(
                    st.sampled_from([100000.0, 500.0, 45000.0, 1e6, 10001.0, 10000.0, 5000.0, 1000.0, 999.0, 0.0]),
                    st.integers(10_001, 3_000_000).map(float),
                    st.integers(0, 3_000_000).map(float),
                )
            ),
            "prompted": draw(side()),
            "fine_tuned": draw(side(cheap=True)),
        },
        "stability": {
            "change_frequency": draw(
                st.sampled_from(["quarterly", "weekly", "annual", "rarely", "semiannual", "monthly"])
            ),
            "forced_retrains_per_year": draw(st.sampled_from([0.0, 0.0, 1.0, 2.5])),
            "retrain_compute_usd": draw(cycle_money),
            "reevaluation_usd": draw(cycle_money),
            "engineering_usd_per_cycle": draw(cycle_money),
            "prompt_update_usd_per_change": draw(st.sampled_from([0.0, 25.0, 150.0, 900.0, 4000.0])),
        },
        "data": {
            "labelled_examples": draw(st.sampled_from([5000, 1001, 1000, 500, 200, 199, 150, 0])),
            "preparation_usd": draw(money),
            "training_compute_usd": draw(money),
            "pipeline_setup_usd": draw(money),
        },
        "performance": {
            "status": draw(st.sampled_from(["evaluated", "not_evaluated", "evaluated", "evaluated"])),
            "evaluation_usd": draw(money),
            "alpha": draw(st.sampled_from([0.05, 0.01, 0.1, 0.2, 0.5, 0.6])),
            "min_meaningful_difference_pp": draw(st.sampled_from([2.0, 1.0, 5.0, 0.0])),
            "gap_is_critical": draw(st.booleans()),
            **draw(results()),
        },
    }
    cost_per_error = draw(st.sampled_from([None, 0.5, None, 0.0, 5.0]))
    if draw(st.integers(0, 4)) == 0:  # the first training run from tokens (SPEC §9); a retrain then costs the same
        del doc["data"]["training_compute_usd"]
        doc["data"] |= {"training_tokens_per_example": 900.0, "training_epochs": 3.0, "training_usd_per_mtok": 5.0}
        if draw(st.booleans()):
            del doc["stability"]["retrain_compute_usd"]
    if cost_per_error is not None:
        doc["performance"]["cost_per_error_usd"] = cost_per_error
    if audited is not None:
        wrong = draw(st.sampled_from([0, 1, audited // 50, 0, audited // 4]))
        doc["data"] |= {"audited_examples": audited, "mislabelled_in_audit": wrong}
    target = draw(st.sampled_from([None, 9, 8, 7, 6, 5, 4, 3, 2, 1, None]))
    if target is not None:
        _aim_at(doc, target, draw(st.sampled_from([1000.0, 5000.0, 10000.0])), draw(st.sampled_from([2400.0, 5000.0])))
    if draw(st.integers(0, 3)) == 0:
        _pay_back_exactly_at_the_horizon(doc)
    if partial and draw(st.integers(0, 3)) == 0:
        for path in draw(st.lists(st.sampled_from(REQUIRED), min_size=1, max_size=4, unique=True)):
            _remove(doc, path)
    return doc


def _aim_at(doc: dict, rule: int, medium: float, hosting: float) -> None:
    """Let the rules before `rule` pass (clean labels, steady requirements, enough data, a clear gap) and `rule` fire."""
    data, stability, perf, volume = doc["data"], doc["stability"], doc["performance"], doc["volume"]
    data.pop("audited_examples", None)
    data.pop("mislabelled_in_audit", None)
    data["labelled_examples"] = 5000
    if stability["change_frequency"] == "weekly":
        stability["change_frequency"] = "quarterly"
    for name in ("test_items", "prompted_correct", "fine_tuned_correct"):
        perf.pop(name, None)
    perf |= {"status": "evaluated", "both_correct": 800, "only_prompted_correct": 10, "only_fine_tuned_correct": 90}
    perf |= {"both_wrong": 100, "min_meaningful_difference_pp": min(perf["min_meaningful_difference_pp"], 5.0)}
    volume["calls_per_month"] = max(volume["calls_per_month"], 10_001.0)
    if rule == 1:
        data |= {"audited_examples": 50, "mislabelled_in_audit": 12}
    elif rule == 2:
        volume["calls_per_month"] = 500.0
    elif rule == 3:
        stability["change_frequency"] = "weekly"
    elif rule == 4:
        data["labelled_examples"] = 150
    elif rule == 5:
        perf["status"] = "not_evaluated"
    elif rule == 6:
        for name in ("both_correct", "only_prompted_correct", "only_fine_tuned_correct", "both_wrong"):
            perf.pop(name)
        perf |= {"test_items": 4871, "prompted_correct": 4000, "fine_tuned_correct": 4050}
    elif rule == 7:
        volume["calls_per_month"] = medium
        perf["gap_is_critical"] = False
    elif rule == 8:
        volume["fine_tuned"].pop("hosting_usd_per_hour", None)
        volume["fine_tuned"]["hosting_usd_per_month"] = hosting
        perf["gap_is_critical"] = False


def _remove(doc: dict, path: str) -> None:
    *tables, name = path.split(".")
    node = doc
    for table in tables:
        node = node[table]
    node.pop(name, None)


def _pay_back_exactly_at_the_horizon(doc: dict) -> None:
    """Set the data preparation cost so that C = H x monthly gain exactly, where it can be written."""
    doc["performance"].pop("cost_per_error_usd", None)
    reckoning = Reckoning.of(doc)
    if reckoning.gain is None or reckoning.gain <= 0:
        return
    data = doc["data"]
    if "training_compute_usd" not in data:
        return
    others = written(data["training_compute_usd"]) + written(data["pipeline_setup_usd"])
    others += written(doc["performance"]["evaluation_usd"])
    preparation = doc["assessment"]["horizon_months"] * reckoning.gain - others
    if preparation < 0 or preparation > 10**12 or written(float(preparation)) != preparation:
        return
    data["preparation_usd"] = float(preparation)


def written(value: float | int) -> Fraction:
    """A number as the decimal it was written as."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _hosting(side: dict) -> Fraction:
    if "hosting_usd_per_hour" in side:
        return written(side["hosting_usd_per_hour"]) * 730
    return written(side.get("hosting_usd_per_month", 0.0))


def _training_run(data: dict) -> Fraction | None:
    if "training_compute_usd" in data:
        return written(data["training_compute_usd"])
    names = ("labelled_examples", "training_tokens_per_example", "training_epochs", "training_usd_per_mtok")
    if any(name not in data for name in names):
        return None
    examples, tokens, epochs, price = (written(data[name]) for name in names)
    return examples * tokens * epochs * price / 10**6


def _side_cost(side: dict) -> Fraction | None:
    if "cost_per_call_usd" in side:
        return written(side["cost_per_call_usd"])
    names = ("input_tokens", "input_usd_per_mtok", "output_tokens", "output_usd_per_mtok")
    if any(name not in side for name in names):
        return None
    tokens_in, price_in, tokens_out, price_out = (written(side[name]) for name in names)
    return (tokens_in * price_in + tokens_out * price_out) / 10**6


def _tax(stability: dict, run_from_tokens: Fraction | None) -> Fraction | None:
    """ΔM; a retrain costs the first run when that is priced from tokens and no retrain cost is given."""
    frequency = stability.get("change_frequency")
    if frequency is None:
        return None
    changes = CHANGES[frequency]
    cycles = changes + written(stability.get("forced_retrains_per_year", 0.0))
    retrain = written(stability["retrain_compute_usd"]) if "retrain_compute_usd" in stability else run_from_tokens
    others = [stability.get("reevaluation_usd"), stability.get("engineering_usd_per_cycle")]
    if cycles > 0 and (retrain is None or None in others):
        return None
    if changes > 0 and "prompt_update_usd_per_change" not in stability:
        return None
    cycle = (retrain or 0) + sum((written(p or 0.0) for p in others), Fraction(0))
    return cycles * cycle - changes * written(stability.get("prompt_update_usd_per_change", 0.0))


@dataclass(frozen=True)
class Reckoning:
    """SPEC §3 worked out again from a document, in fractions (no cost of errors)."""

    saving: Fraction | None
    upfront: Fraction | None
    hosting: Fraction
    tax: Fraction | None
    volume: Fraction | None
    horizon: int

    @classmethod
    def of(cls, doc: dict) -> Reckoning:
        volume, stability, data = doc["volume"], doc["stability"], doc["data"]
        prompted, tuned = _side_cost(volume["prompted"]), _side_cost(volume["fine_tuned"])
        run = _training_run(data)
        parts = [data.get("preparation_usd"), data.get("pipeline_setup_usd"), doc["performance"].get("evaluation_usd")]
        upfront = None if run is None or None in parts else run + sum((written(p) for p in parts), Fraction(0))
        return cls(
            saving=None if prompted is None or tuned is None else prompted - tuned,
            upfront=upfront,
            hosting=_hosting(volume["fine_tuned"]) - _hosting(volume["prompted"]),
            tax=_tax(stability, run if "training_compute_usd" not in data else None),
            volume=None if "calls_per_month" not in volume else written(volume["calls_per_month"]),
            horizon=doc["assessment"]["horizon_months"],
        )

    @property
    def gain(self) -> Fraction | None:
        """S·V − ΔF − ΔM/12."""
        if self.saving is None or self.volume is None or self.tax is None:
            return None
        return self.saving * self.volume - self.hosting - self.tax / 12

    @property
    def status(self) -> str:
        gain = self.gain
        if gain is None or self.upfront is None:
            return "unknown"
        return "pays_back" if gain > 0 else "never"

    @property
    def within(self) -> bool:
        gain = self.gain
        return self.status == "pays_back" and self.upfront <= self.horizon * gain  # type: ignore[operator]

    @property
    def breakeven(self) -> Fraction | None:
        if self.saving is None or self.upfront is None or self.tax is None or self.saving <= 0:
            return None
        return max(Fraction(0), (self.upfront / self.horizon + self.hosting + self.tax / 12) / self.saving)

    @property
    def crossover(self) -> int | None:
        if self.saving is None or self.upfront is None or self.saving <= 0:
            return None
        return -(-self.upfront // self.saving)
