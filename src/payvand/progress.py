"""How a long ingest shows its progress on stderr: a bar on a terminal, plain lines elsewhere."""

from __future__ import annotations

import time
from typing import IO, Protocol


class Counts(Protocol):
    """What the display reads from the running ingest report."""

    articles: int
    unchanged: int
    failed: int
    quads: int


BAR_WIDTH = 24
TERMINAL_EVERY = 0.2
LINES_EVERY = 10.0


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class ProgressDisplay:
    """Articles/s, quads/s and the time left, redrawn in place on a terminal.

    When ``stream`` is not a terminal (a log file, CI), a plain line is written at most every
    ten seconds instead. ``total`` is the number of articles expected, if known, for the ETA.
    """

    def __init__(self, stream: IO[str], *, total: int | None = None) -> None:
        self.stream = stream
        self.total = total
        self.terminal = stream.isatty()
        self.started = time.monotonic()
        self.shown = 0.0
        self.line = ""

    def _text(self, counts: Counts) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        done = counts.articles + counts.unchanged + counts.failed
        rate = counts.articles / elapsed
        text = (
            f"{done:,} articles ({counts.unchanged:,} unchanged), {rate:,.0f} articles/s, "
            f"{counts.quads / elapsed:,.0f} quads/s"
        )
        if self.total:
            share = min(done / self.total, 1.0)
            eta = (self.total - done) / (done / elapsed) if done else 0.0
            bar = "#" * round(share * BAR_WIDTH)
            text = f"[{bar:<{BAR_WIDTH}}] {share:4.0%} {text}, ETA {_duration(eta)}"
        return text

    def update(self, counts: Counts) -> None:
        now = time.monotonic()
        every = TERMINAL_EVERY if self.terminal else LINES_EVERY
        if now - self.shown < every:
            return
        self.shown = now
        text = self._text(counts)
        if self.terminal:
            self.stream.write("\r" + text.ljust(len(self.line)))
            self.line = text
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """A line of its own (an input error), above the bar."""
        if self.terminal and self.line:
            self.stream.write("\r" + " " * len(self.line) + "\r")
        self.stream.write(text + "\n")
        if self.terminal and self.line:
            self.stream.write(self.line)
        self.stream.flush()

    def close(self) -> None:
        if self.terminal and self.line:
            self.stream.write("\n")
            self.stream.flush()
        self.line = ""
