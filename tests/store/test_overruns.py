"""The memory of the queries that ran past their time limit, in one process or shared by several
through a directory."""

from __future__ import annotations

from pathlib import Path

from payvand.store.overruns import Overruns, overrun_key

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
