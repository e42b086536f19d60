"""`payvand analyse` on an on-disk store holding tests/data/analytics-small.trig."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat

from payvand.cli import cli
from payvand.store import OxigraphStore
from tests.conftest import ANALYTICS_SMALL
from tests.test_exploration import ID, expected_sister_cities

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("analyse") / "store"
    disk = OxigraphStore(path)
    disk.load(ANALYTICS_SMALL.read_bytes(), format=RdfFormat.TRIG)
    disk.close()
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def rows(out: str) -> list[list[str]]:
    """The rows of a printed table, split on runs of two spaces."""
    import re

    return [re.split(r"\s{2,}", line.strip()) for line in out.splitlines()[2:] if line.strip()]


def test_summary_by_default(store: str) -> None:
    code, out, err = run("analyse", "sister_cities", "--store", store)
    assert code == 0, err
    assert "nodes              9" in out
    assert "components         2" in out
    code, out, _ = run(
        "analyse", "sister_cities", "--store", store, "--from", "1401", "--to", "1401"
    )
    assert "period             2022-03-21..2023-03-20" in out
    assert "articles           3" in out


def test_measure_table(store: str) -> None:
    code, out, err = run(
        "analyse", "sister_cities", "--store", store, "--measure", "pagerank", "--top", "3"
    )
    assert code == 0, err
    expected = nx.pagerank(expected_sister_cities(), weight="weight")
    top = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:3]
    table = rows(out)
    assert [r[2] for r in table] == [n[len(ID) :] for n, _ in top]
    assert [float(r[1]) for r in table] == pytest.approx([s for _, s in top], abs=1e-6)
    assert out.splitlines()[0].split() == ["rank", "pagerank", "id", "type", "name"]
    code, _out, err = run(
        "analyse", "sister_cities", "--store", store, "--measure", "betweenness", "--k", "2"
    )
    assert code == 0
    assert "estimated from k=2" in err


def test_communities_path_neighbourhood_compare(store: str) -> None:
    code, out, err = run("analyse", "sister_cities", "--store", store, "--communities", "louvain")
    assert code == 0, err
    assert "modularity" in err
    assert sum(int(r[1]) for r in rows(out)) == 9
    code, out, err = run(
        "analyse",
        "sister_cities",
        "--store",
        store,
        "--path",
        "city/ir-tabriz",
        "city/uz-samarkand",
        "--k",
        "2",
    )
    assert code == 0, err
    assert out.count("(3 hops)") == 2
    assert "https://w3id.org/payvand/id/article/a3" in out
    code, out, _ = run(
        "analyse", "sister_cities", "--store", store, "--path", "city/ir-tabriz", "city/uz-khiva"
    )
    assert "different components" in out
    code, out, err = run(
        "analyse", "sister_cities", "--store", store, "--neighbourhood", "city/ir-isfahan"
    )
    assert code == 0, err
    assert [r[0] for r in rows(out)] == [
        "city/ir-isfahan",
        "city/ru-kazan",
        "city/uz-samarkand",
        "country/ir",
    ]
    code, out, err = run("analyse", "sister_cities", "--store", store, "--compare", "2021", "2022")
    assert code == 0, err
    assert "3 appeared, 0 disappeared" in err


@pytest.mark.parametrize("measure", ["degree", "pagerank"])
def test_compare_by_a_measure(store: str, measure: str) -> None:
    """--measure with --compare names what is compared (the README's example)."""
    code, out, err = run(
        "analyse",
        "sister_cities",
        "--store",
        store,
        "--compare",
        "2021",
        "2022",
        "--measure",
        measure,
    )
    assert code == 0, err
    assert "3 appeared, 0 disappeared" in err
    assert rows(out)
    assert all(r[0] in ("gained", "lost") for r in rows(out))


def test_export(store: str, tmp_path: Path) -> None:
    target = tmp_path / "cities.gexf"
    code, _out, err = run(
        "analyse", "sister_cities", "--store", store, "--export", "gexf", "-o", str(target)
    )
    assert code == 0, err
    assert nx.read_gexf(target).number_of_edges() == 8


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["analyse", "nope"], "the views are actors, comentions, sister_cities, statements"),
        (["analyse", "actors", "--measure", "fame"], "'fame' is not one of"),
        (
            ["analyse", "sister_cities", "--neighbourhood", "city/nowhere"],
            "there is no entity 'city/nowhere'",
        ),
        (
            ["analyse", "sister_cities", "--measure", "degree", "--communities", "louvain"],
            "give one of",
        ),
        (["analyse", "sister_cities", "--from", "someday"], "'someday' is not a date"),
    ],
)
def test_errors_are_one_line(store: str, args: list[str], says: str) -> None:
    code, _out, err = run(*args, "--store", store)
    assert code in (1, 2)
    assert says in err
    assert "Traceback" not in err
