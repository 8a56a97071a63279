"""A one-line progress bar for long commands (``tiercert batch``), on a terminal only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ._i18n import translator, whole_number

if TYPE_CHECKING:
    from .batch import Outcome


class ProgressBar:
    """A one-line progress bar, redrawn in place; silent unless ``stream`` is a terminal.

    Messages for the same terminal go through :meth:`above`, which clears the bar's line
    first and draws the bar again after: a message is never glued onto the bar."""

    def __init__(
        self,
        stream: TextIO,
        fraction: Callable[[], float | None],
        *,
        every: int = 500,
        lang: str = "en",
    ):
        isatty = getattr(stream, "isatty", None)
        self.active = bool(isatty and isatty())
        self.stream = stream
        self.fraction = fraction
        self.every = every
        self.done = 0
        self.rejected = 0
        self._shown = 0  # the width of the bar on the screen, 0 when none is
        self.lang = lang

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.rejected += not outcome.ok
        if self.active and self.done % self.every == 0:
            self._draw()

    def add(self, count: int) -> None:
        """Count ``count`` scored rows at once (a batch's row loop scores them in chunks)."""
        before = self.done
        self.done += count
        if self.active and self.done // self.every > before // self.every:
            self._draw()

    def above(self, text: str) -> None:
        """Write ``text`` (whole lines) to the stream, above the bar when one is shown."""
        if not self._shown:
            self.stream.write(text)
            return
        self.stream.write("\r" + " " * self._shown + "\r" + text)
        self._draw()

    def _draw(self) -> None:
        share = self.fraction()
        bar = ""
        if share is not None:
            filled = int(share * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {share * 100:3.0f}% "
        words = (
            translator(self.lang)
            .gettext("{rows} rows, {rejected} rejected")
            .format(
                rows=whole_number(self.done, self.lang),
                rejected=whole_number(self.rejected, self.lang),
            )
        )
        line = f"{bar}{words}"
        self.stream.write("\r" + line)
        self.stream.flush()
        self._shown = len(line)

    def finish(self) -> None:
        if self.active and self.done >= self.every:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
        self._shown = 0


__all__ = ["ProgressBar"]
