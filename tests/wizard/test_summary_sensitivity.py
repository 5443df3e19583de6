"""What a lead reads on the Summary and the panel: the flip points, the tornado chart, the cost
chart's payback label, a verdict that is never cut off, and figures that never contradict."""

from __future__ import annotations

import re

import pytest
from drive import SAMPLE, SAMPLES, open_app, shown_text, type_answer
from running import STEP_KEYS, drawn_lines

from tui.core.assess import assess
from tui.core.storage import load
from tui.wizard.widgets.chart import CostChart
from tui.wizard.widgets.flips import FlipTable
from tui.wizard.widgets.panel import BreakEvenPanel, panel_figures
from tui.wizard.widgets.tornado import TornadoChart

SIZES = [(120, 40), (80, 24), (40, 12)]
LONGEST_HEADLINE = SAMPLES / "prompting_gap_not_significant.toml"
NEVER_PAYS_BACK = SAMPLES / "prompting_low_volume.toml"


def widget_text(app, kind) -> str:
    return shown_text(app.screen.query_one(kind))


def words(text: str) -> str:
    """Drawn text with its line breaks, borders and runs of spaces as single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"[▁▂▃▄▅▆▇▔▏]", " ", text)).strip()


def screen_words(app) -> str:
    """Everything on screen, scroll bars and borders left out."""
    return words("\n".join(drawn_lines(app)))


@pytest.mark.parametrize("size", SIZES)
async def test_the_flip_table_says_calls_per_month_below_202816_give_prompting(size):
    app = open_app(SAMPLE)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.screen.STEP == "summary"
        table = widget_text(app, FlipTable)
        lines = table.splitlines()
        row = next(index for index, line in enumerate(lines) if line.strip().startswith("Calls per month"))
        if size[0] < 60:  # one answer to a block
            assert words(" ".join(lines[row : row + 4])).startswith(
                "Calls per month on this task: 300,000 below 202,816: prompting"
            )
        else:
            assert "300,000" in lines[row]
            column = lines[row].index("below 202,816:")
            cell = lines[row][column:].split("  ")[0] + " " + lines[row + 1][column:].split("  ")[0]
            assert words(cell).startswith("below 202,816: prompting")  # the cell, wrapped in its column or not
            assert "Changes below" in table and "Changes above" in table
        assert "How often the" in table and "weekly: prompting; monthly: prompting" in words(table)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_summary_says_what_would_change_it_after_the_reasons_and_before_the_flip_points(size):
    app = open_app(SAMPLE)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("t")  # to the flip points, mounted after the first frame
        await pilot.pause()
        form = app.screen.query_one("#form")
        assert form.content_region.contains_point(app.screen.query_one(FlipTable).region.offset)
        form.scroll_home(animate=False)
        await pilot.pause()
        reasons = words(shown_text(app.screen.query_one("#summary-text")))
        changes = words(shown_text(app.screen.query_one("#summary-changes")))
        expected = assess(load(SAMPLE)).would_change
        assert expected and changes == words("What would change it " + " ".join(f"• {line}" for line in expected))
        assert reasons.startswith("Why •") and "What would change" not in reasons
        below = [widget.id for widget in app.screen.query("#form Static, #form FlipTable")]
        assert below.index("summary-text") < below.index("summary-changes") < below.index("summary-flips")


async def test_the_flip_table_follows_an_edit_of_the_answers():
    app = open_app(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "250000")
        await pilot.press("f7")
        await pilot.pause()
        lines = widget_text(app, FlipTable).splitlines()
        row = next(line for line in lines if line.strip().startswith("Calls per month"))
        assert "250,000" in row


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_tornado_puts_calls_per_month_first_with_the_widest_bar(size):
    app = open_app(SAMPLE)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = widget_text(app, TornadoChart)
        assert "each answer 25% lower and 25% higher" in words(text)
        assert "now $16,321" in text
        bars = [line for line in text.splitlines() if "│" in line and "25%" not in line]
        widths = [line.count("░") + line.count("█") for line in bars]
        assert widths[0] == max(widths)
        assert "$3.73k" in bars[0] and "$28.9k" in bars[0]  # 225,000 and 375,000 calls a month
        lines = text.splitlines()
        first = lines.index(bars[0])
        assert "Calls per month on this task" in lines[first] + lines[first - 1]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_summary_chart_labels_the_payback_month_and_numbers_its_months(size):
    app = open_app(SAMPLE)
    async with app.run_test(size=size) as pilot:
        await pilot.press("c")
        await pilot.pause()
        chart = app.screen.query_one(CostChart)
        assert app.screen.query_one("#form").content_region.contains_region(chart.region)  # the key shows it whole
        text = shown_text(chart)
        assert "▼ payback at 9.4 months" in text
        assert "┆" in text
        months = text.splitlines()[-1].split()
        assert months[:2] == ["months", "0"] and months[-1] == "18" and len(months) >= 5  # ticks between
        assert "● prompting  ■ fine-tuning  ◆ both" in text
        assert " C " not in text and " S " not in text


async def test_the_panel_chart_on_a_step_labels_the_payback_too():
    app = open_app(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        panel = widget_text(app, BreakEvenPanel)
        assert "payback" in panel and "▼" in panel
        assert "● prompting  ■ fine-tuning  ◆ both" in panel  # the legend fits the panel


async def test_a_chart_that_never_pays_back_says_so():
    app = open_app(NEVER_PAYS_BACK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert "fine-tuning never pays back" in shown_text(app.screen.query_one(CostChart))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_panel_that_never_pays_back_says_what_the_crossover_and_the_payback_each_count(size):
    app = open_app(NEVER_PAYS_BACK)
    async with app.run_test(size=size) as pilot:
        for key in ("f3", "f4", "f7"):
            await pilot.press(key)
            await pilot.pause()
            panel = widget_text(app, BreakEvenPanel)
            assert "Crossover" not in panel
            assert re.search(r"Payback, all costs\s+never", panel)
            if "Upfront alone earned back" in panel:
                assert re.search(r"Upfront alone earned back\s+1\.14M calls", panel)
                assert "(before maintenance and hosting)" in panel
            assert "pays back in" not in panel


async def test_the_panel_says_calls_until_payback_and_the_economics_in_one_sentence():
    app = open_app(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        panel = widget_text(app, BreakEvenPanel)
        assert re.search(r"calls until payback\s+2\.83M calls", panel)
        assert "it pays back in 9.4 months, within the 18-month horizon" in words(panel)


def test_the_panel_interval_is_named_by_its_level():
    answers = load(SAMPLE)
    answers = answers.model_copy(update={"performance": answers.performance.model_copy(update={"alpha": 0.1})})
    labels = [label for label, _ in panel_figures(assess(answers))]
    assert "  90% interval" in labels
    assert "  95% interval" not in labels


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_verdict_reads_whole_on_the_summary_and_on_every_step(size):
    headline = assess(load(LONGEST_HEADLINE)).headline
    label = headline.split(":")[0]
    app = open_app(LONGEST_HEADLINE)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.screen.STEP == "summary"
        assert headline in screen_words(app)
        for key in STEP_KEYS.values():
            await pilot.press(key)
            await pilot.pause()
            panel = words(widget_text(app, BreakEvenPanel))
            assert headline in panel or panel.endswith(f"{label}."), panel
