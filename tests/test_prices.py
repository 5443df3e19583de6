"""SPEC §9: prices from a catalogue — genai-prices' bundled data plus the package's fine-tuning table."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tui.core import prices

TODAY = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
MILLION = 1_000_000


def calc(model: str, input_tokens: int, output_tokens: int) -> Decimal:
    """genai-prices' own price for one call to `provider:model`, at noon UTC today."""
    from genai_prices import Usage, calc_price

    provider_id, _, model_ref = model.partition(":")
    usage = Usage(input_tokens=input_tokens, output_tokens=output_tokens)
    return calc_price(usage, model_ref, provider_id=provider_id, genai_request_timestamp=TODAY).total_price


def our_price(entry: prices.CatalogueEntry, input_tokens: int, output_tokens: int) -> float:
    return (input_tokens * entry.input_usd_per_mtok + output_tokens * entry.output_usd_per_mtok) / MILLION


@pytest.mark.parametrize(
    "model",
    [
        "openai:gpt-4.1",
        "openai:gpt-4.1-mini",
        "openai:gpt-4.1-nano",
        "openai:gpt-4o",
        "openai:gpt-4o-mini",
        "google:gemini-2.5-flash",
        "mistral:mistral-large-latest",
        "aws:amazon.nova-pro-v1:0",
    ],
)
def test_a_million_input_and_output_tokens_cost_what_calc_price_says(model):
    entry = prices.lookup(model)
    assert entry is not None, model
    assert our_price(entry, MILLION, MILLION) == pytest.approx(float(calc(model, MILLION, MILLION)), rel=1e-12)


def test_a_fine_tune_genai_prices_lists_costs_what_calc_price_says_for_a_real_fine_tuned_id():
    entry = prices.lookup("openai:ft:gpt-4o-mini")
    real_id = "openai:ft:gpt-4o-mini-2024-07-18:acme::abc123"
    assert entry is not None and prices.lookup(real_id) == entry
    assert our_price(entry, MILLION, MILLION) == pytest.approx(float(calc(real_id, MILLION, MILLION)), rel=1e-12)


@pytest.mark.parametrize("model", ["anthropic:claude-sonnet-4-5", "google:gemini-1.5-flash"])
def test_a_tiered_price_is_its_first_tier_and_says_so(model):
    entry = prices.lookup(model)
    assert entry is not None
    # Below the first threshold genai-prices charges the first tier, which is what the entry gives.
    assert our_price(entry, 1_000, 1_000) == pytest.approx(float(calc(model, 1_000, 1_000)), rel=1e-12)
    assert any(note.startswith("First tier of a tiered input price") for note in entry.notes), entry.notes


def test_searching_gpt_4_1_mini_gives_its_prices_and_a_training_price_with_source_and_date():
    best = prices.search("gpt-4.1-mini")[0]
    assert best.model == "openai:gpt-4.1-mini"
    assert (best.input_usd_per_mtok, best.output_usd_per_mtok) == (0.40, 1.60)
    assert best.training_usd_per_mtok == 5.00
    assert best.training_source == "https://developers.openai.com/api/docs/pricing"
    assert best.training_checked_on == date(2026, 12, 1)
    shown = prices.as_json(best)
    assert {"model", "input_usd_per_mtok", "output_usd_per_mtok", "training_usd_per_mtok"} <= shown.keys()
    assert {"hosting_usd_per_hour", "source", "checked_on"} <= shown.keys()


def test_search_is_case_insensitive_and_matches_every_word():
    assert prices.search("GPT-4.1-MINI")[0].model == "openai:gpt-4.1-mini"
    found = prices.search("claude sonnet")
    assert found and all("claude" in e.model and "sonnet" in e.model for e in found)
    assert len(prices.search("gpt")) == prices.SEARCH_LIMIT
    assert prices.search("   ") == []


def test_a_fine_tuned_model_is_priced_by_the_fine_tuned_price_not_the_base_price():
    base = prices.lookup("openai:gpt-4.1-mini")
    tuned = prices.lookup("openai:ft:gpt-4.1-mini")
    assert base is not None and tuned is not None
    assert (tuned.input_usd_per_mtok, tuned.output_usd_per_mtok) == (0.80, 3.20)
    assert (base.input_usd_per_mtok, base.output_usd_per_mtok) == (0.40, 1.60)
    assert tuned.base_model == "openai:gpt-4.1-mini" and tuned.fine_tuned and not base.fine_tuned
    # An OpenAI fine-tuned model id names the same entry.
    assert prices.lookup("openai:ft:gpt-4.1-mini-2025-04-14:acme::abc123") == tuned


def test_where_genai_prices_lists_the_fine_tune_the_table_agrees_with_it():
    from genai_prices.data import providers

    openai = next(p for p in providers if p.id == "openai")
    listed = {m.id for m in openai.models}
    checked = 0
    for row in prices.fine_tuning_rows():
        ft_id = row.model.partition(":")[2]
        if ft_id in listed and row.input_usd_per_mtok is not None:
            entry = prices.lookup(row.model)
            assert entry is not None
            assert (entry.input_usd_per_mtok, entry.output_usd_per_mtok) == (
                row.input_usd_per_mtok,
                row.output_usd_per_mtok,
            )
            checked += 1
    assert checked >= 2  # ft:gpt-4o and ft:gpt-4o-mini


def test_every_table_row_has_a_source_a_date_and_models_the_catalogue_knows():
    rows = prices.fine_tuning_rows()
    assert {row.base_model for row in rows} >= {
        f"openai:{m}" for m in ("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini")
    }
    for row in rows:
        assert row.source.startswith("https://"), row
        assert isinstance(row.checked_on, date) and row.checked_on <= date.today(), row
        assert row.training_usd_per_mtok > 0, row
        provider_id, _, model_id = row.model.partition(":")
        assert model_id == "ft:" + row.base_model.partition(":")[2], row
        assert row.model.startswith(row.base_model.partition(":")[0] + ":"), row
        base = prices.lookup(row.base_model)
        assert base is not None and base.model == row.base_model, row
        assert prices.lookup(row.model) is not None, row


def test_a_model_the_catalogue_does_not_list_is_none_never_zero():
    assert prices.lookup("openai:gpt-0-imaginary") is None
    assert prices.lookup("no-such-provider:gpt-4.1") is None


def test_a_model_a_provider_resells_names_the_provider_and_where_the_price_came_from():
    entry = prices.lookup("azure:gpt-4.1-mini")
    assert entry is not None and entry.model == "azure:gpt-4.1-mini"
    assert (entry.input_usd_per_mtok, entry.output_usd_per_mtok) == (0.40, 1.60)
    assert any("OpenAI" in note for note in entry.notes)
    assert entry.training_usd_per_mtok is None  # no citable Azure fine-tuning price in the table


def test_picking_a_model_gives_the_answers_for_a_side():
    answers = prices.side_answers(prices.lookup("openai:gpt-4.1"))
    assert answers == {
        "model": "openai:gpt-4.1",
        "input_usd_per_mtok": 2.0,
        "output_usd_per_mtok": 8.0,
        "prices_from": prices.catalogue_version(),
        "prices_checked_on": prices.BUNDLED_DATA_CHECKED_ON,
    }
    tuned = prices.lookup("openai:ft:gpt-4.1-nano")
    assert prices.side_answers(tuned)["hosting_usd_per_hour"] == 0.0
    assert prices.training_answers(tuned) == {"training_usd_per_mtok": 1.5}


def test_the_catalogue_version_names_the_pinned_release():
    assert prices.catalogue_version() == "genai-prices 0.2.3"


def test_a_price_is_stale_only_when_checked_more_than_90_days_before_today():
    today = date(2026, 12, 1)
    assert prices.stale(date(2026, 6, 1), today)
    assert not prices.stale(date(2026, 9, 2), today)  # 90 days
    assert prices.stale(date(2026, 9, 1), today)  # 91 days


def run_probe(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_importing_the_price_module_does_not_import_genai_prices():
    process = run_probe(
        """
        import sys
        import tui.core.prices as prices
        prices.catalogue_version(); prices.stale(__import__("datetime").date(2026, 1, 1), __import__("datetime").date(2026, 6, 1))
        print("LOADED", sorted(m for m in sys.modules if m.split(".")[0] in ("genai_prices", "httpx2")))
        """
    )
    assert process.returncode == 0, process.stderr
    assert "LOADED []" in process.stdout, process.stdout


def test_prices_come_from_the_bundled_data_with_the_network_cut_off_and_the_updater_never_started():
    process = run_probe(
        """
        import socket, threading

        def refuse(*args, **kwargs):
            raise AssertionError("network used")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        import genai_prices.update_prices as updates
        import httpx2

        calls = []
        updates.UpdatePrices.start = lambda self, *a, **k: calls.append("start")
        updates.UpdatePrices.fetch = lambda self: calls.append("fetch")
        httpx2.get = lambda *a, **k: calls.append("httpx2.get")

        from tui.core import prices
        assert prices.search("gpt-4.1-mini")[0].input_usd_per_mtok == 0.4
        assert prices.lookup("anthropic:claude-sonnet-4-5") is not None
        assert calls == [], calls
        assert updates._shared_updater.thread is None and updates._shared_updater.ref_count == 0
        assert not any(t.name == "genai_prices:update" for t in threading.enumerate())
        print("OFFLINE OK")
        """
    )
    assert process.returncode == 0, process.stderr
    assert "OFFLINE OK" in process.stdout


def test_prices_ignore_a_snapshot_the_updater_would_have_installed():
    from genai_prices import data_snapshot

    before = prices.lookup("openai:gpt-4.1-mini")
    data_snapshot.set_custom_snapshot(data_snapshot.DataSnapshot(providers=[], from_auto_update=True))
    try:
        prices._catalogue.cache_clear()
        prices._by_name.cache_clear()
        assert prices.lookup("openai:gpt-4.1-mini") == before
    finally:
        data_snapshot.set_custom_snapshot(None)


def test_a_fine_tune_served_at_the_base_price_costs_the_base_price_and_no_hosting():
    base = prices.lookup("fireworks:llama-v3p1-8b-instruct")
    tuned = prices.lookup("fireworks:ft:llama-v3p1-8b-instruct")
    assert base is not None and tuned is not None
    assert (tuned.input_usd_per_mtok, tuned.output_usd_per_mtok) == (base.input_usd_per_mtok, base.output_usd_per_mtok)
    assert tuned.hosting_usd_per_hour == 0.0 and tuned.training_usd_per_mtok == 0.50
    assert tuned.training_source == "https://fireworks.ai/pricing"
