"""One wizard kept running for many generated examples, and what it draws.

Starting the app for every hypothesis example would take most of the test time. Instead the
app runs under Pilot on an event loop in a background thread, and each example is a coroutine
sent to that loop; hypothesis itself stays synchronous, so it can still shrink a failure.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
import threading
from collections.abc import Awaitable
from concurrent.futures import Future
from typing import TypeVar

from textual.pilot import Pilot

from tui.wizard.app import WizardApp

T = TypeVar("T")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
STEP_KEYS = {"assessment": "f2", "volume": "f3", "stability": "f4", "data": "f5", "performance": "f6", "summary": "f7"}


class RunningApp:
    """A WizardApp under Pilot in its own thread; `call` runs a coroutine there and returns its result."""

    def __init__(self, app: WizardApp, size: tuple[int, int]) -> None:
        self.app = app
        self.size = size
        self.loop = asyncio.new_event_loop()
        self._ready: Future[Pilot] = Future()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="wizard", daemon=True)
        self._thread.start()
        self.pilot = self._ready.result(timeout=60)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._main())
        except BaseException as error:  # the app crashed: let the next call say so
            if not self._ready.done():
                self._ready.set_exception(error)
            self.crash = error

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        async with self.app.run_test(size=self.size) as pilot:
            self._context = contextvars.copy_context()  # with the app set as the active one
            self._ready.set_result(pilot)
            await self._stop.wait()

    async def _in_app_context(self, work: Awaitable[T]) -> T:
        return await asyncio.get_running_loop().create_task(work, context=self._context.copy())

    def call(self, work: Awaitable[T], timeout: float = 60) -> T:
        """Run `work` on the app's loop; a hang past `timeout` seconds fails the test."""
        result = asyncio.run_coroutine_threadsafe(self._in_app_context(work), self.loop).result(timeout)
        self.assert_alive()
        return result

    def assert_alive(self) -> None:
        error = getattr(self.app, "_exception", None) or getattr(self, "crash", None)
        assert error is None, f"the app crashed: {error!r}"
        assert self.app.is_running, "the app stopped"

    def close(self) -> None:
        if self._stop is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(60)


def drawn_lines(app: WizardApp) -> list[str]:
    """The text of every line the top screen would send to the terminal, as Textual composed it."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip if not segment.control) for strip in strips]


def control_characters_drawn(app: WizardApp) -> list[str]:
    """Control characters in what the app draws: there should never be any."""
    return [match.group() for line in drawn_lines(app) for match in CONTROL.finditer(line)]
