"""Prices from a catalogue (SPEC §9): pick a model, get its prices with their source and date.

Inference prices per 1M tokens come from genai-prices, its bundled data only: this module reads
`genai_prices.data.providers` and never starts `genai_prices.UpdatePrices`, the package's network
updater, so a price never changes between two runs of the same installed version. genai-prices
is imported inside functions, never at module import, so `report` and `check` never load it.

What genai-prices lacks (the training price per 1M tokens of a fine-tune, the hourly hosting of a
fine-tuned deployment, the inference price of fine-tunes it does not list) comes from
`tui/core/data/fine_tuning.toml`, one row per fine-tunable model with its source and date.

Names are genai-prices' own: provider id, colon, model id (`openai:gpt-4.1-mini`). A fine-tuned
model is named after its base with `ft:` in front of the model id (`openai:ft:gpt-4.1-mini`), the
way OpenAI names fine-tuned models (`ft:gpt-4.1-mini-2025-04-14:org::id`) and genai-prices names
the fine-tunes it lists (`ft:gpt-4o-mini`); it is priced by the fine-tuned price, never the base.
"""

from __future__ import annotations

import functools
import importlib.metadata
import tomllib
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources
from typing import Any

CATALOGUE = "genai-prices"
STALE_AFTER_DAYS = 90
SEARCH_LIMIT = 20
GENAI_PRICES_HOME = "https://github.com/pydantic/genai-prices"
# genai-prices 0.2.3 carries no data date. The newest date on which its notes say a price was
# checked is 2026-11-04, so its data is at least that recent; giving that date errs on the stale side.
BUNDLED_DATA_CHECKED_ON = date(2026, 11, 4)
# First-party providers rank above resellers of the same model when a search ties.
FIRST_PARTY = ("openai", "anthropic", "google", "mistral", "deepseek", "x-ai", "meta", "cohere", "azure", "aws")


@dataclass(frozen=True)
class CatalogueEntry:
    """One model's prices: inference per 1M tokens, and training and hosting where known."""

    model: str
    input_usd_per_mtok: float
    output_usd_per_mtok: float
    training_usd_per_mtok: float | None
    hosting_usd_per_hour: float | None
    source: str
    checked_on: date
    prices_from: str
    name: str = ""
    base_model: str | None = None
    training_source: str | None = None
    training_checked_on: date | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def fine_tuned(self) -> bool:
        """True for a fine-tuned model (`provider:ft:base`)."""
        return self.base_model is not None


@dataclass(frozen=True)
class FineTuningRow:
    """One row of the package's fine-tuning table."""

    model: str
    base_model: str
    training_usd_per_mtok: float
    hosting_usd_per_hour: float | None
    input_usd_per_mtok: float | None
    output_usd_per_mtok: float | None
    source: str
    checked_on: date
    priced_as_base: bool = False
    note: str = ""


@functools.cache
def catalogue_version() -> str:
    """The catalogue and its version for `prices_from`, e.g. "genai-prices 0.2.3" (no import)."""
    return f"{CATALOGUE} {importlib.metadata.version(CATALOGUE)}"


def stale(checked_on: date, today: date) -> bool:
    """True when a price was checked more than 90 days before `today` (SPEC §9's caution)."""
    return (today - checked_on).days > STALE_AFTER_DAYS


@functools.cache
def fine_tuning_rows() -> tuple[FineTuningRow, ...]:
    """The rows of `data/fine_tuning.toml`, in file order."""
    text = resources.files("tui.core.data").joinpath("fine_tuning.toml").read_text(encoding="utf-8")
    return tuple(_row(raw) for raw in tomllib.loads(text)["fine_tune"])


def _row(raw: dict[str, Any]) -> FineTuningRow:
    """A table row with its prices as floats (TOML writes whole dollars as integers)."""
    prices = ("training_usd_per_mtok", "hosting_usd_per_hour", "input_usd_per_mtok", "output_usd_per_mtok")
    numbers = {key: float(raw[key]) for key in prices if raw.get(key) is not None}
    return FineTuningRow(**{**{key: None for key in prices[1:]}, **raw, **numbers})


def search(query: str, limit: int = SEARCH_LIMIT) -> list[CatalogueEntry]:
    """Entries whose provider or model id or name match `query`, best matches first."""
    words = query.lower().split()
    if not words:
        return []
    scored = []
    for entry in _catalogue(_today()):
        rank = _match_rank(entry, query.strip().lower(), words)
        if rank is not None:
            scored.append(((rank, _provider_rank(entry.model), len(entry.model), entry.model), entry))
    scored.sort(key=lambda pair: pair[0])
    return [entry for _, entry in scored[:limit]]


def fine_tunable() -> list[CatalogueEntry]:
    """The entries with a fine-tuning price: the models that can be fine-tuned, and their fine-tunes."""
    entries = [entry for entry in _catalogue(_today()) if entry.training_usd_per_mtok is not None]
    return sorted(entries, key=lambda entry: (_provider_rank(entry.model), entry.model))


def lookup(model: str) -> CatalogueEntry | None:
    """The entry for `provider:model` (aliases and dated ids too), or None if the catalogue lacks it."""
    wanted = model.strip().lower()
    by_name = _by_name(_today())
    if wanted in by_name:
        return by_name[wanted]
    if ":" not in wanted:
        return _resolve_bare(wanted, _today())
    provider_id, _, ref = wanted.partition(":")
    if ref.startswith("ft:"):
        base = lookup(f"{provider_id}:{ref[3:].split(':')[0]}")
        fine_tuned = by_name.get(f"{provider_id}:ft:{base.model.partition(':')[2]}") if base else None
        if fine_tuned is not None:
            return fine_tuned
    return _resolve(provider_id, ref, _today())


def side_answers(entry: CatalogueEntry) -> dict[str, Any]:
    """The answers a picked model fills in for one side of `[volume]` (SPEC §9)."""
    answers: dict[str, Any] = {
        "model": entry.model,
        "input_usd_per_mtok": entry.input_usd_per_mtok,
        "output_usd_per_mtok": entry.output_usd_per_mtok,
        "prices_from": entry.prices_from,
        "prices_checked_on": entry.checked_on,
    }
    if entry.fine_tuned and entry.hosting_usd_per_hour is not None:
        answers["hosting_usd_per_hour"] = entry.hosting_usd_per_hour
    return answers


def training_answers(entry: CatalogueEntry) -> dict[str, Any]:
    """`[data] training_usd_per_mtok` for a picked fine-tuned (or fine-tunable) model, if known."""
    if entry.training_usd_per_mtok is None:
        return {}
    return {"training_usd_per_mtok": entry.training_usd_per_mtok}


def as_json(entry: CatalogueEntry) -> dict[str, Any]:
    """The `prices --format json` object: SPEC §9's keys (unknown: None), then the provenance."""
    return {
        "model": entry.model,
        "input_usd_per_mtok": entry.input_usd_per_mtok,
        "output_usd_per_mtok": entry.output_usd_per_mtok,
        "training_usd_per_mtok": entry.training_usd_per_mtok,
        "hosting_usd_per_hour": entry.hosting_usd_per_hour,
        "source": entry.source,
        "checked_on": entry.checked_on.isoformat(),
        "prices_from": entry.prices_from,
        "training_source": entry.training_source,
        "training_checked_on": entry.training_checked_on.isoformat() if entry.training_checked_on else None,
        "notes": list(entry.notes),
    }


def _today() -> date:
    return datetime.now(UTC).date()


def _match_rank(entry: CatalogueEntry, query: str, words: list[str]) -> int | None:
    """0 exact id, 1 id starts with the query, 2 id contains it, 3 every word somewhere; else None."""
    model_id = entry.model.partition(":")[2].lower()
    full = entry.model.lower()
    if query in (model_id, full):
        return 0
    if model_id.startswith(query) or full.startswith(query):
        return 1
    if query in full:
        return 2
    haystack = f"{full} {entry.name.lower()}"
    return 3 if all(word in haystack for word in words) else None


def _provider_rank(model: str) -> int:
    provider_id = model.partition(":")[0]
    return FIRST_PARTY.index(provider_id) if provider_id in FIRST_PARTY else len(FIRST_PARTY)


@functools.cache
def _catalogue(today: date) -> tuple[CatalogueEntry, ...]:
    """Every priced model in genai-prices' bundled data, fine-tuning rows merged in."""
    from genai_prices.data import providers

    rows = fine_tuning_rows()
    by_base = {row.base_model: row for row in rows}
    entries: dict[str, CatalogueEntry] = {}
    for provider in providers:
        for model in provider.models:
            entry = _entry(provider, model, provider.id, today, by_base.get(f"{provider.id}:{model.id}"))
            if entry is not None:
                entries.setdefault(entry.model, entry)
    for row in rows:
        entries[row.model] = _fine_tuned_entry(row, today)
    return tuple(entries.values())


@functools.cache
def _by_name(today: date) -> dict[str, CatalogueEntry]:
    return {entry.model.lower(): entry for entry in _catalogue(today)}


def _resolve(provider_id: str, ref: str, today: date) -> CatalogueEntry | None:
    """genai-prices' own matching: aliases, dated ids and the provider's fallbacks (Azure → OpenAI)."""
    from genai_prices.data import providers

    provider = next((p for p in providers if p.id == provider_id), None)
    model = provider.find_model(ref, all_providers=providers) if provider else None
    if provider is None or model is None:
        return None
    row = next((r for r in fine_tuning_rows() if r.base_model == f"{provider.id}:{model.id}"), None)
    entry = _entry(provider, model, provider.id, today, row)
    if entry is not None and not any(model is m for m in provider.models):
        owner = next((p for p in providers if any(model is m for m in p.models)), provider)
        note = f"{provider.name} lists no price of its own for {model.id}; genai-prices uses {owner.name}'s."
        entry = _with(entry, source=_source(owner), notes=(*entry.notes, note))
    return entry


def _resolve_bare(ref: str, today: date) -> CatalogueEntry | None:
    """A model named without its provider: the provider genai-prices would pick for it."""
    from genai_prices.data import providers

    provider = next((p for p in providers if p.model_match is not None and p.model_match.is_match(ref)), None)
    return _resolve(provider.id, ref, today) if provider else None


def _entry(
    provider: Any, model: Any, provider_id: str, today: date, row: FineTuningRow | None
) -> CatalogueEntry | None:
    """A genai-prices model as an entry, or None when it has no input and output token price."""
    price, notes = _price_on(model, today)
    input_price, input_note = _first_tier(price.input_mtok, "input")
    output_price, output_note = _first_tier(price.output_mtok, "output")
    if input_price is None or output_price is None:
        return None
    notes += [note for note in (input_note, output_note) if note]
    if model.deprecated:
        notes.append("Deprecated by the provider, still served.")
    entry = CatalogueEntry(
        model=f"{provider_id}:{model.id}",
        name=f"{provider.name} {model.name or model.id}",
        input_usd_per_mtok=float(input_price),
        output_usd_per_mtok=float(output_price),
        training_usd_per_mtok=None,
        hosting_usd_per_hour=None,
        source=_source(provider),
        checked_on=BUNDLED_DATA_CHECKED_ON,
        prices_from=catalogue_version(),
        notes=tuple(notes),
    )
    return _with_training(entry, row) if row else entry


def _fine_tuned_entry(row: FineTuningRow, today: date) -> CatalogueEntry:
    """A fine-tuning row as an entry: genai-prices' fine-tuned price if it lists one, else the row's."""
    from genai_prices.data import providers

    provider_id, _, ft_id = row.model.partition(":")
    provider = next(p for p in providers if p.id == provider_id)
    if row.priced_as_base:
        return _served_as_base(row, provider, today)
    listed = next((m for m in provider.models if m.id == ft_id), None)
    entry = _entry(provider, listed, provider_id, today, None) if listed else None
    if entry is None:
        if row.input_usd_per_mtok is None or row.output_usd_per_mtok is None:
            raise ValueError(f"{row.model}: no fine-tuned inference price in genai-prices or in the table")
        entry = CatalogueEntry(
            model=row.model,
            name=f"{provider.name} fine-tuned {row.base_model.partition(':')[2]}",
            input_usd_per_mtok=row.input_usd_per_mtok,
            output_usd_per_mtok=row.output_usd_per_mtok,
            training_usd_per_mtok=None,
            hosting_usd_per_hour=None,
            source=row.source,
            checked_on=row.checked_on,
            prices_from=f"tune-or-prompt fine-tuning table, {catalogue_version()}",
        )
    return _with(_with_training(entry, row), base_model=row.base_model)


def _served_as_base(row: FineTuningRow, provider: Any, today: date) -> CatalogueEntry:
    """A fine-tune the provider serves at its base model's per-token price (e.g. a serverless LoRA)."""
    base_id = row.base_model.partition(":")[2]
    base = _entry(provider, next(m for m in provider.models if m.id == base_id), provider.id, today, None)
    if base is None:
        raise ValueError(f"{row.model}: genai-prices has no token price for {row.base_model}")
    entry = _with(base, model=row.model, name=f"{provider.name} fine-tuned {base_id}")
    return _with(_with_training(entry, row), base_model=row.base_model)


def _with_training(entry: CatalogueEntry, row: FineTuningRow) -> CatalogueEntry:
    notes = (*entry.notes, row.note) if row.note else entry.notes
    return _with(
        entry,
        training_usd_per_mtok=row.training_usd_per_mtok,
        hosting_usd_per_hour=row.hosting_usd_per_hour,
        training_source=row.source,
        training_checked_on=row.checked_on,
        notes=notes,
    )


def _with(entry: CatalogueEntry, **changes: Any) -> CatalogueEntry:
    return replace(entry, **changes)


def _source(provider: Any) -> str:
    return provider.pricing_urls[0] if provider.pricing_urls else GENAI_PRICES_HOME


def _price_on(model: Any, today: date) -> tuple[Any, list[str]]:
    """The model's standard price on `today`; prices that hold only at some hours are named in a note."""
    from genai_prices.types import ModelPrice, StartDateConstraint, TimeOfDateConstraint

    if isinstance(model.prices, ModelPrice):
        return model.prices, []
    notes, chosen = [], model.prices[0].prices
    for conditional in reversed(model.prices):
        constraint = conditional.constraint
        if isinstance(constraint, TimeOfDateConstraint):
            notes.append(
                f"From {constraint.start_time:%H:%M} to {constraint.end_time:%H:%M} UTC the price is "
                f"${conditional.prices.input_mtok} input / ${conditional.prices.output_mtok} output per 1M; "
                "shown: the price at other hours."
            )
        elif constraint is None or (isinstance(constraint, StartDateConstraint) and constraint.start_date <= today):
            chosen = conditional.prices
            break
    return chosen, notes


def _first_tier(price: Any, direction: str) -> tuple[Decimal | None, str]:
    """A flat price as is; a tiered price as its first tier, with a note naming the higher tiers."""
    from genai_prices.types import TieredPrices

    if not isinstance(price, TieredPrices):
        return price, ""
    above = "; ".join(f"${tier.price} from {tier.start:,} input tokens a request" for tier in price.tiers)
    return price.base, f"First tier of a tiered {direction} price (${price.base} per 1M); then {above}."
