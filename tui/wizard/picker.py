"""Pick a side's model from the price catalogue: type to filter, Enter to take its prices.

The catalogue (genai-prices' bundled data and the package's fine-tuning table) is read the
first time the picker opens, in a thread, so neither start-up nor the keys wait for it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.wizard.dialogs import DIALOG_CSS
from tui.wizard.widgets.question import AnswerInput  # its editing keys in the order typed

if TYPE_CHECKING:
    from tui.core.prices import CatalogueEntry

SIDE_TITLES = {"prompted": "Prompted", "fine_tuned": "Fine-tuned"}


def price_text(value: float) -> str:
    """A price as a person would type it: 0.4, 1.6, 0.075 (never 1e-07)."""
    return format(Decimal(str(value)).normalize(), "f")


def source_name(source: str) -> str:
    """The site a price was read from, short enough for one row."""
    return urlparse(source).netloc or source


def row_text(entry: CatalogueEntry) -> str:
    """One row of the list: the model, its prices per 1M tokens, training and hosting, source and date."""
    parts = [f"${price_text(entry.input_usd_per_mtok)} in / ${price_text(entry.output_usd_per_mtok)} out"]
    if entry.training_usd_per_mtok is not None:
        parts.append(f"training ${price_text(entry.training_usd_per_mtok)}")
    if entry.hosting_usd_per_hour is not None:
        parts.append(f"hosting ${price_text(entry.hosting_usd_per_hour)}/h")
    parts.append(f"{source_name(entry.source)}, {entry.checked_on.isoformat()}")
    return f"{entry.model}\n  " + " · ".join(parts)


def details_text(entry: CatalogueEntry) -> str:
    """What the highlighted row does not fit: the full source, the training source, the notes."""
    lines = [
        f"{entry.model}: prices per 1M tokens from {entry.source} ({entry.prices_from}, checked {entry.checked_on.isoformat()})."
    ]
    if entry.training_source and entry.training_checked_on:
        lines.append(f"Training and hosting: {entry.training_source}, checked {entry.training_checked_on.isoformat()}.")
    lines.extend(entry.notes)
    return "\n".join(lines)


class ModelPicker(ModalScreen["CatalogueEntry | None"]):
    """A searchable list of the catalogue's models; returns the chosen entry, or None."""

    CSS_PATH = DIALOG_CSS
    DEFAULT_CSS = """
    ModelPicker .dialog { width: 100; }
    ModelPicker #picker-list { height: 14; margin-bottom: 1; }
    ModelPicker #picker-details { height: auto; max-height: 5; color: $foreground-muted; }
    Screen.-short ModelPicker #picker-list, Screen.-tiny ModelPicker #picker-list { height: 6; }
    """
    AUTO_FOCUS = "#picker-query"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next model", show=False),
        Binding("up", "move(-1)", "Previous model", show=False),
    ]

    def __init__(self, side: str, current_model: str | None = None) -> None:
        super().__init__()
        self.side = side
        self.current_model = current_model
        self._entries: dict[str, CatalogueEntry] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"{SIDE_TITLES[self.side]}: pick the model", classes="dialog-title")
            yield AnswerInput(
                self.current_model or "", placeholder="e.g. gpt-4.1-mini, claude, llama", id="picker-query"
            )
            yield Static("Loading the price catalogue…", id="picker-status", classes="help", markup=False)
            yield OptionList(id="picker-list", compact=True)
            yield Static("", id="picker-details", markup=False)
            yield Static(
                "Type to filter; ↑↓ choose; Enter fills this side's prices per 1M tokens; Esc cancels.",
                classes="help",
            )

    def on_mount(self) -> None:
        self._search(self.query_one("#picker-query", Input).value)

    @on(Input.Changed, "#picker-query")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, group="picker")
    def _search(self, query: str) -> None:
        """Search in a thread: the first search reads the catalogue (about a second)."""
        from tui.core import prices

        if query.strip():
            found = prices.search(query, limit=50)
        else:
            found = prices.fine_tunable() if self.side == "fine_tuned" else []
        missing = bool(self.current_model) and prices.lookup(self.current_model or "") is None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, found, missing, prices.catalogue_version())

    def _show(self, query: str, found: list[CatalogueEntry], missing: bool, version: str) -> None:
        if not self.is_attached or not self.is_current:
            return  # closed while the catalogue was being read
        if query != self.query_one("#picker-query", Input).value:
            return  # typed on since: a newer search is coming
        self._entries = {entry.model: entry for entry in found}
        options = self.query_one("#picker-list", OptionList)
        options.set_options([Option(row_text(entry), id=entry.model) for entry in found])
        if found:
            options.highlighted = 0
        status = self.query_one("#picker-status", Static)
        if missing:
            status.update(
                f"{self.current_model} is no longer in {version}; the prices in this assessment stay as they are."
            )
        elif not query.strip():
            shown = "the models that can be fine-tuned; type" if found else "type"
            status.update(f"{version}: {shown} part of a model's name to search them all.")
        else:
            count = f"{len(found)} model{'s' if len(found) != 1 else ''}" if found else "No model"
            status.update(f"{count} match {query.strip()!r} in {version}.")
        self._show_details()

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _show_details(self) -> None:
        entry = self._highlighted()
        self.query_one("#picker-details", Static).update(details_text(entry) if entry else "")

    def _highlighted(self) -> CatalogueEntry | None:
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        return self._entries.get(options.get_option_at_index(options.highlighted).id or "")

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-list", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#picker-query")
    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self) -> None:
        entry = self._highlighted()
        if entry is not None:
            self.dismiss(entry)

    def action_cancel(self) -> None:
        self.dismiss(None)
