"""Import per-item results into the paired counts: one file with both columns, or two run
files joined on the item id, optionally clustered.

The file is read in a thread, so the screen keeps answering keys; a progress bar follows the
rows read (and the bytes, when the size is known). Esc stops the reading and nothing is
imported; the counts go into the form only once the whole file has been read without a problem.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, ContentSwitcher, Input, Label, ProgressBar, RadioButton, RadioSet, Static

from tui.wizard.dialogs import DIALOG_CSS, PathSuggester
from tui.wizard.widgets.question import AnswerInput  # its editing keys in the order typed

if TYPE_CHECKING:
    from tui.core.results_import import PairedCounts, ReadProgress, Results

SHOWN_PROBLEMS = 6


@dataclass(frozen=True)
class Imported:
    counts: PairedCounts
    summary: str


def problems_text(problems: list, total: int) -> str:
    """The first few problems, how many more there are, and that nothing was imported."""
    shown = [f"✗ {problem}" for problem in problems[:SHOWN_PROBLEMS]]
    more = total - len(shown)
    return "\n".join(shown + ([f"  and {more:,} more"] if more > 0 else [])) + "\nNothing was imported."


def clustered_text(results: Results, alpha: float) -> str:
    """The clustered figures of an import with a cluster column (not kept in the assessment)."""
    from tui.core import fmt
    from tui.core.gap_report import clustered_gap

    clustered = clustered_gap(results, alpha)
    if clustered is None or results.clusters is None:
        return ""
    if results.kind == "binary":
        low, high = fmt.points(clustered.ci_low * 100), fmt.points(clustered.ci_high * 100)
    else:
        low, high = f"{clustered.ci_low:+.3f}", f"{clustered.ci_high:+.3f}"
    effect = fmt.DASH if clustered.design_effect is None else f"{clustered.design_effect:.2f}"
    return (
        f" {clustered.clusters:,} clusters by {results.clusters.column!r}, design effect {effect}: the "
        f"{fmt.level(clustered.level)} interval of the difference, clustered, is {low} to {high}. The assessment "
        "keeps the counts only; `tune-or-prompt gap … --cluster-column` reports the clustered figures in full."
    )


class ImportResultsDialog(ModalScreen[Imported | None]):
    """Read per-item results (CSV, TSV or JSONL) into paired counts; nothing half-imported."""

    CSS_PATH = DIALOG_CSS
    DEFAULT_CSS = """
    ImportResultsDialog .dialog { width: 80; }
    ImportResultsDialog RadioSet { margin-bottom: 1; }
    ImportResultsDialog ContentSwitcher, ImportResultsDialog ContentSwitcher > Vertical { height: auto; }
    ImportResultsDialog #import-progress { display: none; }
    ImportResultsDialog.-reading #import-progress { display: block; }
    """
    AUTO_FOCUS = "#path"  # the file first; Shift+Tab reaches the choice of one file or two
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    class Progressed(Message):
        """The reading thread got this far."""

        def __init__(self, progress: ReadProgress) -> None:
            super().__init__()
            self.progress = progress

    class Finished(Message):
        """The reading thread ended: with results, or with the text of why nothing was imported."""

        def __init__(self, results: Results | None, problem: str = "", cancelled: bool = False) -> None:
            super().__init__()
            self.results, self.problem, self.cancelled = results, problem, cancelled

    def __init__(self, alpha: float = 0.05) -> None:
        super().__init__()
        self.alpha = alpha
        self._stop = threading.Event()
        self._reading = False
        self._threshold: float | None = None
        self._source = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label("Import per-item results", classes="dialog-title")
            yield Static(
                "One row per test item: an id, then each approach's result as 1/0, true/false, yes/no "
                "or a numeric score. One file has columns id, prompted, fine_tuned; a run file has id and correct.",
                classes="help",
            )
            with RadioSet(id="import-layout", compact=True):
                yield RadioButton("One file with both columns", value=True, id="layout-one", compact=True)
                yield RadioButton("Two files, one run per approach, joined on the id", id="layout-two", compact=True)
            with ContentSwitcher(initial="files-one", id="import-files"):
                with Vertical(id="files-one"):
                    yield Label("File")
                    yield AnswerInput(placeholder="e.g. results.csv", suggester=PathSuggester(), id="path")
                with Vertical(id="files-two"):
                    yield Label("Prompted run")
                    yield AnswerInput(
                        placeholder="e.g. runs/prompted.jsonl", suggester=PathSuggester(), id="prompted-path"
                    )
                    yield Label("Fine-tuned run")
                    yield AnswerInput(
                        placeholder="e.g. runs/fine_tuned.jsonl", suggester=PathSuggester(), id="fine-tuned-path"
                    )
                    yield Label("Value column (optional)")
                    yield AnswerInput(
                        placeholder="correct, score or value; metrics.acc for nested JSON", id="value-column"
                    )
            yield Label("Id column (optional)")
            yield AnswerInput(placeholder="id, item_id … (found by name)", id="id-column")
            yield Label("Cluster column (optional: items sharing a document, customer or conversation)")
            yield AnswerInput(placeholder="e.g. document_id", id="cluster-column")
            yield Label("Pass mark for numeric scores (optional)")
            yield AnswerInput(placeholder="e.g. 4 on a 1–5 rubric", id="threshold")
            yield Static("", id="import-error", classes="error", markup=False)
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-status", classes="help", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Import", id="ok", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    @on(RadioSet.Changed, "#import-layout")
    def _layout_chosen(self, event: RadioSet.Changed) -> None:
        two = event.pressed.id == "layout-two"
        self.query_one("#import-files", ContentSwitcher).current = "files-two" if two else "files-one"

    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _reader(self) -> tuple[Callable[..., Results], str] | str:
        """What to read and how it is named, or the problem with what was typed."""
        from tui.core.results_import import Columns, JoinColumns, read_joined, read_results

        id_column, cluster = self._text("#id-column") or None, self._text("#cluster-column") or None
        if self.query_one("#import-files", ContentSwitcher).current == "files-one":
            path = self._text("#path")
            if not path:
                return "✗ Type the path of the results file."
            columns = Columns(id=id_column, cluster=cluster)
            return partial(read_results, Path(os.path.expanduser(path)), columns), Path(path).name
        prompted, fine_tuned = self._text("#prompted-path"), self._text("#fine-tuned-path")
        if not prompted or not fine_tuned:
            return "✗ Type the paths of both run files: the prompted one and the fine-tuned one."
        columns = JoinColumns(id=id_column, value=self._text("#value-column") or None, cluster=cluster)
        paths = (Path(os.path.expanduser(prompted)), Path(os.path.expanduser(fine_tuned)))
        return partial(read_joined, *paths, columns), f"{Path(prompted).name} and {Path(fine_tuned).name}"

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _start(self) -> None:
        """Check what was typed, then read the file(s) in a thread."""
        from tui.core.humane import NotANumber, parse

        if self._reading:
            return
        error = self.query_one("#import-error", Static)
        try:
            self._threshold = parse(self.query_one("#threshold", Input).value, "number")
        except NotANumber as problem:
            error.update(f"✗ Pass mark: {problem}")
            return
        reader = self._reader()
        if isinstance(reader, str):
            error.update(reader)
            return
        read, self._source = reader
        error.update("")
        self._reading = True
        self._stop.clear()
        self.add_class("-reading")
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#import-status", Static).update(f"Reading {self._source}… Esc stops.")
        self.query_one("#ok", Button).disabled = True
        self._read(read)

    @work(thread=True, exclusive=True, group="import-read")
    def _read(self, read: Callable[..., Results]) -> None:
        """Read in a thread; everything it says goes back as a (thread-safe) message."""
        from tui.core.results_import import ResultsCancelled, ResultsInvalid

        try:
            results = read(
                progress=lambda progress: self.post_message(self.Progressed(progress)), cancelled=self._stop.is_set
            )
        except ResultsCancelled:
            self.post_message(self.Finished(None, cancelled=True))
        except ResultsInvalid as invalid:
            self.post_message(self.Finished(None, problems_text(invalid.problems, invalid.total)))
        except OSError as error:
            self.post_message(self.Finished(None, f"✗ {error.strerror or error}\nNothing was imported."))
        else:
            self.post_message(self.Finished(results))

    def on_import_results_dialog_progressed(self, message: Progressed) -> None:
        if not self._reading:
            return
        progress, bar = message.progress, self.query_one("#import-progress", ProgressBar)
        if progress.fraction is not None and progress.bytes_total:
            bar.update(total=progress.bytes_total, progress=progress.bytes_read or 0)
        self.query_one("#import-status", Static).update(f"{progress.rows:,} rows read from {self._source}… Esc stops.")

    def on_import_results_dialog_finished(self, message: Finished) -> None:
        self._reading = False
        self.remove_class("-reading")
        self.query_one("#ok", Button).disabled = False
        status = self.query_one("#import-status", Static)
        if message.cancelled:
            status.update("Stopped: nothing was imported. Esc closes; Import reads again.")
            return
        status.update("")
        results = message.results
        if results is None:
            self.query_one("#import-error", Static).update(message.problem)
            return
        if results.kind == "score" and self._threshold is None:
            self.query_one("#import-error", Static).update(
                "✗ The file has numeric scores: give the pass mark at or above which an item counts as correct."
            )
            return
        self.dismiss(Imported(results.paired_counts(self._threshold), self._summary(results)))

    def _summary(self, results: Results) -> str:
        counts = results.paired_counts(self._threshold)
        disagreements = counts.only_prompted_correct + counts.only_fine_tuned_correct
        return (
            f"{results.count:,} items from {self._source}: both correct {counts.both_correct:,}, only prompted "
            f"{counts.only_prompted_correct:,}, only fine-tuned {counts.only_fine_tuned_correct:,}, both wrong "
            f"{counts.both_wrong:,}. Check the labels of the {disagreements:,} items where they disagree."
            + clustered_text(results, self.alpha)
        )

    def action_cancel(self) -> None:
        """Esc: stop a reading under way (nothing is imported), or close."""
        if self._reading:
            self._stop.set()
            self.query_one("#import-status", Static).update("Stopping…")
            return
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def on_unmount(self) -> None:
        self._stop.set()  # closed another way (Ctrl+Q) while reading: the thread stops too
