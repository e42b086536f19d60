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

# The scores reached on data/articles/gold, a little under the last measured figures:
# extraction may not slide below them. (language, measure) -> floor.
FLOORS: dict[tuple[str, str], float] = {
    ("fa", "entity"): 0.98,
    ("fa", "relation"): 0.98,
    ("fa", "date"): 0.96,
    ("en", "entity"): 0.98,
    ("en", "relation"): 0.98,
    ("en", "date"): 0.93,
}


@pytest.fixture(scope="module")
def scores(gazetteer: Gazetteer) -> Evaluation:
    return evaluate(read_gold(GOLD), gazetteer)


@pytest.mark.parametrize(("lang", "measure"), sorted(FLOORS))
def test_scores_do_not_slide(scores: Evaluation, lang: str, measure: str) -> None:
    summary = scores.by_language()[lang]
    value = {
        "entity": summary.entity.f1,
        "relation": summary.relation.f1,
        "date": summary.date_accuracy,
    }[measure]
    assert value >= FLOORS[(lang, measure)], f"{lang} {measure} fell to {value:.3f}"


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
