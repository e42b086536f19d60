"""The competency questions over real graphs, and the scores on the bundled gold set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from payvand.competency import answer_questions, evaluate
from payvand.errors import InputError
from payvand.evaluation import Evaluation, Question
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import to_quads
from payvand.model import Article
from payvand.sources import read_gold
from payvand.store import OxigraphStore
from tests.conftest import DATA

GOLD = DATA / "articles" / "gold"
HELDOUT = DATA / "heldout"

# The scores reached on data/articles/gold (where the rules were developed) and on data/heldout
# (written apart from them), a little under the last measured figures: extraction may not slide
# below them. (set, language, measure) -> floor.
FLOORS: dict[tuple[str, str, str], float] = {
    ("gold", "fa", "entity"): 0.98,
    ("gold", "fa", "relation"): 0.98,
    ("gold", "fa", "date"): 0.96,
    ("gold", "en", "entity"): 0.98,
    ("gold", "en", "relation"): 0.98,
    ("gold", "en", "date"): 0.93,
    ("heldout", "fa", "entity"): 0.92,
    ("heldout", "fa", "relation"): 0.86,
    ("heldout", "fa", "date"): 0.94,
    ("heldout", "en", "entity"): 0.95,
    ("heldout", "en", "relation"): 0.84,
    ("heldout", "en", "date"): 0.91,
}


@pytest.fixture(scope="module")
def all_scores(gazetteer: Gazetteer) -> dict[str, Evaluation]:
    return {
        "gold": evaluate(read_gold(GOLD), gazetteer),
        "heldout": evaluate(read_gold(HELDOUT), gazetteer),
    }


@pytest.fixture(scope="module")
def scores(all_scores: dict[str, Evaluation]) -> Evaluation:
    return all_scores["gold"]


@pytest.mark.parametrize(("name", "lang", "measure"), sorted(FLOORS))
def test_scores_do_not_slide(
    all_scores: dict[str, Evaluation], name: str, lang: str, measure: str
) -> None:
    summary = all_scores[name].by_language()[lang]
    value = {
        "entity": summary.entity.f1,
        "relation": summary.relation.f1,
        "date": summary.date_accuracy,
    }[measure]
    assert value >= FLOORS[(name, lang, measure)], f"{name} {lang} {measure} fell to {value:.3f}"


def test_every_gold_article_is_scored(scores: Evaluation) -> None:
    names = {path.name.removesuffix(".gold.json") for path in GOLD.glob("*.gold.json")}
    assert {a.name for a in scores.articles} == names
    assert scores.overall.counts[Question.DATE].expected == len(names)


def test_answers_come_from_the_article_graph_alone(gazetteer: Gazetteer) -> None:
    iris = Iris()
    store = OxigraphStore(None)
    first = Article(
        url="https://example.org/a",
        text="اصفهان و کازان خواهرخوانده شدند\nتاریخ انتشار: ۲۰ فروردین ۱۴۰۴\n"
        "به گزارش ایرنا، تفاهم‌نامه خواهرخواندگی اصفهان و کازان امضا شد.",
    )
    second = Article(url="https://example.org/b", text="Tabriz welcomed a delegation from Baku.")
    for article in (first, second):
        store.replace_graph(
            iris.article(article.url), to_quads(extract_article(article, gazetteer), iris)
        )
    answers = answer_questions(store, iris.article(first.url))
    places = {label for place in answers.places for label in place.labels}
    assert {"اصفهان", "کازان"} <= places
    assert "Tabriz" not in places
    assert "Baku" not in places
    assert len(answers.twinnings) == 1
    assert answers.date == date(2025, 4, 9)
    other = answer_questions(store, iris.article(second.url))
    assert other.twinnings == ()
    assert other.date is None


def test_a_bad_gold_file_stops_the_run_with_its_name(tmp_path: Path, gazetteer: Gazetteer) -> None:
    (tmp_path / "fa-x.gold.json").write_text('{"source": "fa-x.txt"', encoding="utf-8")
    with pytest.raises(InputError, match=r"fa-x\.gold\.json.*not JSON"):
        evaluate(read_gold(tmp_path), gazetteer)


def test_a_missing_source_is_named(tmp_path: Path, gazetteer: Gazetteer) -> None:
    record = (GOLD / "fa-irna-isfahan-kazan-twinning.gold.json").read_text(encoding="utf-8")
    (tmp_path / "fa-x.gold.json").write_text(record, encoding="utf-8")
    with pytest.raises(InputError, match=r"field 'source'.*not a file"):
        evaluate(read_gold(tmp_path), gazetteer)


def test_an_empty_directory_is_an_error(tmp_path: Path, gazetteer: Gazetteer) -> None:
    with pytest.raises(InputError, match=r"no \*\.gold\.json"):
        evaluate(read_gold(tmp_path), gazetteer)
