"""`prices` and `reprice` (SPEC §9): the price catalogue from the command line.

`prices QUERY` lists the matching models with their prices, sources and dates; `reprice FILE`
sets the file's prices against today's catalogue and says what the new prices do to the net
saving and the recommendation, and with `--write` updates the file in place (comments kept).
The catalogue (genai-prices) is imported only by these two commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INVALID = 0, 1
NO_QUERY_LIMIT = 40


def add_prices_parser(commands: Any) -> None:
    """`prices`' arguments, on the main parser's subcommands."""
    lister = commands.add_parser(
        "prices",
        help="list models with their token, training and hosting prices",
        description="List catalogue models matching QUERY (every word must match) with input and output "
        "prices per 1M tokens, the fine-tuning price and hourly hosting where known, each with its "
        "source and date. Without QUERY, lists the models that can be fine-tuned.",
    )
    lister.add_argument("query", nargs="*", metavar="QUERY", help="words to match, e.g. gpt-4.1-mini")
    lister.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def add_reprice_parser(commands: Any) -> None:
    """`reprice`'s arguments, on the main parser's subcommands."""
    repricer = commands.add_parser(
        "reprice",
        help="compare a file's prices with today's catalogue; --write updates them",
        description="For each side of the assessment that names a catalogue model, show the file's token "
        "prices against today's catalogue and what the new prices do to the net saving and the "
        "recommendation. With --write, the new prices are saved in the file, keeping its comments.",
    )
    repricer.add_argument("file", metavar="FILE.toml", help="answers file")
    repricer.add_argument("--write", action="store_true", help="save today's prices in the file")


def list_prices(args: argparse.Namespace) -> int:
    """`prices [QUERY]`: matching models, as text or as a JSON list."""
    from tui.core import prices

    query = " ".join(args.query).strip()
    entries = prices.search(query) if query else prices.fine_tunable()[:NO_QUERY_LIMIT]
    if args.format == "json":
        print(json.dumps([prices.as_json(entry) for entry in entries], indent=2))
        return EXIT_OK if entries else EXIT_INVALID
    if not entries:
        print(f"tune-or-prompt: no model in the catalogue matches {query!r}", file=sys.stderr)
        return EXIT_INVALID
    for entry in entries:
        print(_entry_lines(entry))
    return EXIT_OK


def price(value: float | None) -> str:
    """A price per 1M tokens or per hour as a price list writes it: `$0.40`, `$25.00`, `$0.075`."""
    from tui.core import fmt

    if value is None:
        return fmt.DASH
    return f"${value:,.2f}" if value >= 0.1 or value == 0 else fmt.per_call(value)


def _entry_lines(entry: Any) -> str:
    """One model: its prices, then where each price comes from."""
    training = f"{price(entry.training_usd_per_mtok)} per 1M" if entry.training_usd_per_mtok is not None else "—"
    hosting = f"{price(entry.hosting_usd_per_hour)} an hour" if entry.hosting_usd_per_hour is not None else "—"
    lines = [
        entry.model,
        f"  input {price(entry.input_usd_per_mtok)}, output {price(entry.output_usd_per_mtok)} per 1M tokens"
        f" · training {training} · hosting {hosting}",
        f"  prices: {entry.prices_from}, {entry.source} (checked {entry.checked_on.isoformat()})",
    ]
    if entry.training_source:
        checked = entry.training_checked_on.isoformat() if entry.training_checked_on else "no date"
        lines.append(f"  training and hosting: {entry.training_source} (checked {checked})")
    lines += [f"  note: {note}" for note in entry.notes]
    return "\n".join(lines)


def reprice(args: argparse.Namespace, load: Any, fail: Any) -> int:
    """`reprice FILE [--write]`: today's catalogue prices against the file's."""
    from tui.core import fmt, prices, storage
    from tui.core.assess import assess
    from tui.core.narrative import LABELS

    answers, problems = load(args.file)
    if answers is None:
        return fail(f"{Path(args.file).resolve()}: {problems[0]}")
    updated, lines = answers, []
    for name in ("prompted", "fine_tuned"):
        side = getattr(answers.volume, name)
        if side.model is None:
            continue
        entry = prices.lookup(side.model)
        label = name.replace("_", "-")
        if entry is None:
            lines.append(
                f"{label} ({side.model}): the catalogue no longer lists this model; its prices are left as they are."
            )
            continue
        if not side.uses_tokens:
            lines.append(f"{label} ({side.model}): priced per call, not by tokens; nothing to reprice.")
            continue
        lines.append(_comparison(label, side, entry))
        updated = _with_side(updated, name, prices.side_answers(entry))
    if updated is answers:
        lines.append(
            "No side of this assessment is priced from a catalogue model." if not lines else "Nothing changed."
        )
        print("\n".join(lines))
        return EXIT_OK
    before, after = assess(answers), assess(updated)
    if after.missing:
        lines.append("The net saving and the recommendation are not known yet: answers are still missing.")
    else:
        lines.append(
            f"Net saving over {after.economics.horizon_months} months: "
            f"{fmt.money(before.economics.net_saving_usd_over_horizon)} → "
            f"{fmt.money(after.economics.net_saving_usd_over_horizon)}; recommendation: "
            f"{LABELS[before.recommendation]} → {LABELS[after.recommendation]}."
        )
    print("\n".join(lines))
    if not args.write:
        print("Run again with --write to save these prices in the file.", file=sys.stderr)
        return EXIT_OK
    try:
        storage.save(storage.stamped(updated), args.file)
    except storage.StorageError as error:
        return fail(str(error))
    print(f"Saved today's prices in {Path(args.file).resolve()}.", file=sys.stderr)
    return EXIT_OK


def _comparison(label: str, side: Any, entry: Any) -> str:
    def pair(old: float | None, new: float) -> str:
        return f"{price(old)} → {price(new)}"

    checked = side.prices_checked_on.isoformat() if side.prices_checked_on else "no date"
    return (
        f"{label} ({entry.model}): input {pair(side.input_usd_per_mtok, entry.input_usd_per_mtok)}, output "
        f"{pair(side.output_usd_per_mtok, entry.output_usd_per_mtok)} per 1M tokens "
        f"(checked {checked} → {entry.checked_on.isoformat()}, {entry.prices_from})"
    )


def _with_side(answers: Any, name: str, values: dict[str, Any]) -> Any:
    """The answers with one side's prices and catalogue keys replaced; hosting is left as it is."""
    from tui.core.validation import validate_document

    document = answers.to_document()
    side = document.setdefault("volume", {}).setdefault(name, {})
    side.update({key: value for key, value in values.items() if key != "hosting_usd_per_hour"})
    return validate_document(document)
