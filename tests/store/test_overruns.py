"""The memory of the queries that ran past their time limit, and of the clients whose queries
cost a serving process, in one process or shared by several through a directory."""

from __future__ import annotations

import time
from pathlib import Path

from payvand.store.overruns import Overruns, client_key, overrun_key

KEY = overrun_key("SELECT * WHERE { ?v1 ?v2 ?v3 }", None, None, True, "SELECT")


def test_a_query_noted_is_found_with_the_longest_time_it_ran() -> None:
    overruns = Overruns(cooldown=60)
    assert overruns.find(KEY) is None
    overruns.note(KEY, 2.0)
    overruns.note(KEY, 1.0)  # a shorter look later says nothing new
    found = overruns.find(KEY)
    assert found is not None
    assert found.seconds == 2.0


def test_a_query_that_ended_is_forgotten() -> None:
    overruns = Overruns(cooldown=60)
    overruns.note(KEY, 2.0)
    overruns.forget(KEY)
    assert overruns.find(KEY) is None


def test_without_a_cooldown_nothing_is_remembered(tmp_path: Path) -> None:
    overruns = Overruns(cooldown=0, directory=tmp_path / "overruns")
    overruns.note(KEY, 2.0)
    assert overruns.find(KEY) is None
    assert not (tmp_path / "overruns").exists()


def test_processes_share_what_they_note_through_the_directory(tmp_path: Path) -> None:
    one = Overruns(cooldown=60, directory=tmp_path / "overruns")
    other = Overruns(cooldown=60, directory=tmp_path / "overruns")  # as a replacement would
    one.note(KEY, 3.0)
    found = other.find(KEY)
    assert found is not None
    assert found.seconds == 3.0
    other.forget(KEY)
    assert one.find(KEY) is None


def test_a_stray_file_in_the_directory_is_no_overrun(tmp_path: Path) -> None:
    directory = tmp_path / "overruns"
    overruns = Overruns(cooldown=60, directory=directory)
    (directory / KEY).write_text("not two numbers", encoding="ascii")
    assert overruns.find(KEY) is None


def test_keys_differ_by_dataset() -> None:
    assert overrun_key("ASK {}", None) != overrun_key("ASK {}", ("http://example.org/g",))


def test_a_clients_costly_overruns_are_counted_within_the_cooldown(tmp_path: Path) -> None:
    one = Overruns(cooldown=60, directory=tmp_path / "overruns")
    other = Overruns(cooldown=60, directory=tmp_path / "overruns")  # another serving process
    assert one.client_overruns("203.0.113.9") == ()
    one.note_client("203.0.113.9")
    other.note_client("203.0.113.9")
    assert len(one.client_overruns("203.0.113.9")) == 2
    assert other.client_overruns("198.51.100.2") == ()  # another client owes nothing
    times = one.client_overruns("203.0.113.9")
    assert list(times) == sorted(times)


def test_a_clients_overruns_older_than_the_cooldown_are_forgotten(tmp_path: Path) -> None:
    overruns = Overruns(cooldown=0.2, directory=tmp_path / "overruns")
    overruns.note_client("203.0.113.9")
    assert len(overruns.client_overruns("203.0.113.9")) == 1
    time.sleep(0.3)
    assert overruns.client_overruns("203.0.113.9") == ()
    overruns.note_client("203.0.113.9")  # the old one is not written back
    assert len(overruns.client_overruns("203.0.113.9")) == 1


def test_without_a_cooldown_no_client_is_counted() -> None:
    overruns = Overruns(cooldown=0)
    overruns.note_client("203.0.113.9")
    assert overruns.client_overruns("203.0.113.9") == ()


def test_a_sweep_drops_the_clients_that_owe_nothing_and_keeps_the_others(tmp_path: Path) -> None:
    directory = tmp_path / "overruns"
    overruns = Overruns(cooldown=60, directory=directory)
    overruns.note_client("203.0.113.9")
    stale = client_key("198.51.100.2")
    (directory / stale).write_text(f"{time.monotonic() - 120!r}\n", encoding="ascii")
    overruns._sweep(directory)
    assert not (directory / stale).exists()
    assert len(overruns.client_overruns("203.0.113.9")) == 1
