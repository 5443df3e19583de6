"""Step 2: how many calls a month, and what a call costs each way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Static

from tui.core.humane import NotANumber, parse
from tui.wizard.screens.base import StepScreen, show_text

if TYPE_CHECKING:
    from tui.core.prices import CatalogueEntry

SIDES = ("prompted", "fine_tuned")
PROVENANCE = ("model", "prices_from", "prices_checked_on")  # kept with the prices a pick filled
PICKED_PRICES = ("input_usd_per_mtok", "output_usd_per_mtok")


def provenance_text(kept: dict, side: str) -> str:
    """The line under a side: "Priced from openai:gpt-4.1-mini (genai-prices 0.2.3, checked …)", or ""."""
    scope = f"volume.{side}"
    model = kept.get(f"{scope}.model")
    if not model:
        return ""
    source, checked = kept.get(f"{scope}.prices_from"), kept.get(f"{scope}.prices_checked_on")
    details = [str(source)] if source else []
    details += [f"checked {checked}"] if checked else []
    return f"Priced from {model}" + (f" ({', '.join(details)})" if details else "")


class VolumeScreen(StepScreen):
    STEP = "volume"
    INTRO = (
        "Fine-tuning costs money up front and saves a little on every call, so volume decides "
        "whether the saving ever adds up. Count the calls of this task alone."
    )
    SECTIONS = {
        "volume.prompted.cost_per_call_usd": "Prompted: the larger model with an engineered prompt",
        "volume.fine_tuned.cost_per_call_usd": "Fine-tuned: the smaller model trained on your task",
    }
    MODE_LABELS = {"volume.prompted": "Prompted: enter as", "volume.fine_tuned": "Fine-tuned: enter as"}
    DEFAULT_CSS = """
    VolumeScreen .picker { height: auto; margin-bottom: 1; }
    VolumeScreen .picker Button { margin-right: 2; }
    VolumeScreen .provenance { color: $foreground-muted; width: 1fr; }
    """

    def compose_content(self) -> ComposeResult:
        # Kept by reference: the fine-tuned side is mounted after the first frame.
        self._provenance = {
            side: Static("", id=f"provenance-{side}", classes="provenance", markup=False) for side in SIDES
        }
        for widget in super().compose_content():
            yield widget
            side = (widget.id or "").removeprefix("modes-volume--")
            if side in SIDES:
                yield Horizontal(
                    Button("Pick the model…", id=f"pick-{side}", compact=True),
                    self._provenance[side],
                    classes="picker",
                )

    def show_findings(self, evaluation) -> None:
        for side in SIDES:
            show_text(self._provenance[side], provenance_text(self.app.form.kept, side))

    @on(Button.Pressed, "#pick-prompted")
    def _pick_prompted(self) -> None:
        self._pick("prompted")

    @on(Button.Pressed, "#pick-fine_tuned")
    def _pick_fine_tuned(self) -> None:
        self._pick("fine_tuned")

    @work(exclusive=True, group="picker")
    async def _pick(self, side: str) -> None:
        """Open the catalogue for one side and fill that side's prices from the model chosen."""
        from tui.wizard.picker import ModelPicker

        entry = await self.app.push_screen_wait(ModelPicker(side, self.app.form.kept.get(f"volume.{side}.model")))
        if entry is not None:
            self.apply_pick(side, entry)

    def apply_pick(self, side: str, entry: CatalogueEntry) -> None:
        """Fill a side from a catalogue entry: its token prices (switching to tokens), where
        they came from, and for the fine-tuned side its hosting and the training price."""
        from tui.core.prices import side_answers, training_answers
        from tui.wizard.picker import price_text

        app, scope = self.app, f"volume.{side}"
        answers = side_answers(entry)
        for key in PROVENANCE:
            app.keep(f"{scope}.{key}", answers[key])
        app.set_mode(scope, "tokens")
        said = [
            f"${price_text(entry.input_usd_per_mtok)} input and ${price_text(entry.output_usd_per_mtok)} output per 1M tokens"
        ]
        for key in PICKED_PRICES:
            app.answer(f"{scope}.{key}", price_text(answers[key]))
        if "hosting_usd_per_hour" in answers:
            said.append(self._fill_hosting(scope, answers["hosting_usd_per_hour"]))
        training = training_answers(entry) if side == "fine_tuned" else {}
        if training:
            said.append(self._fill_training(training["training_usd_per_mtok"]))
        self.load_from_form()
        checked = entry.checked_on.isoformat()
        app.notify(
            f"{entry.model}: {'; '.join(said)} ({entry.prices_from}, checked {checked}).",
            title="Prices from the catalogue",
            timeout=10,
            markup=False,
        )

    def _fill_hosting(self, scope: str, per_hour: float) -> str:
        """Hosting by the hour, unless a monthly fee of the user's own is already there."""
        from tui.wizard.picker import price_text

        app = self.app
        monthly = app.form.raw.get(f"{scope}.hosting_usd_per_month", "")
        try:
            kept_monthly = bool(parse(monthly, "money"))
        except NotANumber:
            kept_monthly = True
        if kept_monthly:
            return f"hosting by the hour ${price_text(per_hour)} not filled: your monthly fee {monthly.strip()} is kept"
        app.answer(f"{scope}.hosting_usd_per_month", "")
        app.answer(f"{scope}.hosting_usd_per_hour", price_text(per_hour))
        return f"hosting ${price_text(per_hour)} an hour"

    def _fill_training(self, per_mtok: float) -> str:
        """The training price goes to the Data step; it switches to tokens unless a cost is given there."""
        from tui.wizard.picker import price_text

        app = self.app
        app.answer("data.training_usd_per_mtok", price_text(per_mtok))
        if app.form.modes["data"] == "tokens" or not app.form.raw.get("data.training_compute_usd", "").strip():
            app.set_mode("data", "tokens")
            return f"training ${price_text(per_mtok)} per 1M tokens on the Data step"
        return f"training ${price_text(per_mtok)} per 1M tokens kept on the Data step, which still uses your first run's cost"

    def typed_in(self, control: Widget) -> None:
        """Typing a side's token price by hand: the prices no longer come from the catalogue."""
        path = (control.id or "").removeprefix("q-").replace("--", ".")
        scope, _, key = path.rpartition(".")
        kept = self.app.form.kept
        if key in PICKED_PRICES and kept.get(f"{scope}.model") and control.has_focus:
            for name in PROVENANCE:
                self.app.keep(f"{scope}.{name}", None)
            side = scope.removeprefix("volume.")
            show_text(self._provenance[side], provenance_text(kept, side))
