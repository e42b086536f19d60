"""The ingest progress display: redrawn in place on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io
from dataclasses import dataclass

from payvand.progress import ProgressDisplay


@dataclass
class Counts:
    articles: int = 0
    unchanged: int = 0
    failed: int = 0
    quads: int = 0


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_with_rates_and_eta_redrawn_in_place() -> None:
    stream = Terminal()
    display = ProgressDisplay(stream, total=100)
    display.update(Counts(articles=40, unchanged=10, quads=8000))
    display.message("error: a.jsonl, line 3: is not JSON")
    display.close()
    text = stream.getvalue()
    assert text.startswith("\r[############            ]  50% 50 articles (10 unchanged)")
    assert "articles/s" in text
    assert "quads/s" in text
    assert "ETA 0:" in text
    assert "\rerror: a.jsonl, line 3: is not JSON\n[####" in text  # above the bar, redrawn
    assert text.endswith("\n")


def test_a_log_gets_plain_lines_not_more_than_every_ten_seconds() -> None:
    stream = io.StringIO()
    display = ProgressDisplay(stream)
    display.update(Counts(articles=5, quads=900))
    display.update(Counts(articles=9, quads=1800))  # too soon after the first: not shown
    display.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("5 articles (0 unchanged), ")
    assert "\r" not in stream.getvalue()
    assert "ETA" not in lines[0]
