"""sources.py for the ontology side: Turtle files, the topic scheme, dated posts, known twinnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from payvand.errors import InputError
from payvand.sources import load_gazetteer, load_topics, read_turtle

ORGANISATIONS = (
    "id,kind,name_fa,name_en\nicro,cultural_organisation,سازمان فرهنگ و ارتباطات اسلامی,ICRO\n"
)
PERSONS = "id,name_fa,name_en\nx,ایکس,X\n"
CITIES = "id,name_fa,name_en,country\nir-tehran,تهران,Tehran,IR\nkr-seoul,سئول,Seoul,KR\n"


def gazetteer_dir(tmp_path: Path, **files: str) -> Path:
    (tmp_path / "places").mkdir(parents=True)
    (tmp_path / "organisations.csv").write_text(ORGANISATIONS, encoding="utf-8")
    (tmp_path / "persons.csv").write_text(PERSONS, encoding="utf-8")
    (tmp_path / "places" / "cities.csv").write_text(CITIES, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_dated_posts_are_read(tmp_path: Path) -> None:
    posts = "person,organisation,role_fa,role_en,start,end\nx,icro,رئیس,Head,2013-08,2021-08-03\n"
    gazetteer = load_gazetteer(gazetteer_dir(tmp_path, posts=posts))
    (post,) = gazetteer.posts
    assert (post.start, post.end) == ("2013-08", "2021-08-03")


@pytest.mark.parametrize(
    ("posts", "message"),
    [
        (
            "person,organisation,role_fa,role_en,start,end\nx,icro,رئیس,Head,1402/01,\n",
            "posts.csv, line 2, field 'start': '1402/01' is not a date",
        ),
        (
            "person,organisation,role_fa,role_en,start,end\nx,icro,رئیس,Head,2013,2021-02-30\n",
            "posts.csv, line 2, field 'end': '2021-02-30' is not a date",
        ),
    ],
)
def test_a_bad_post_date_names_file_line_and_field(
    tmp_path: Path, posts: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        load_gazetteer(gazetteer_dir(tmp_path, posts=posts))


def test_known_twinnings_are_checked(tmp_path: Path) -> None:
    good = "city_a,city_b,year,status\nir-tehran,kr-seoul,1963,concluded\n"
    (twinning,) = load_gazetteer(gazetteer_dir(tmp_path / "a", twinnings=good)).twinnings
    assert (twinning.year, twinning.status) == ("1963", "concluded")
    bad = "city_a,city_b,year,status\nir-tehran,kr-seoul,1963,friends\n"
    with pytest.raises(InputError, match="line 2, field 'status': is 'friends'; use one of"):
        load_gazetteer(gazetteer_dir(tmp_path / "b", twinnings=bad))


def test_bad_turtle_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "topics.ttl"
    path.write_text('@prefix a: <http://a/> .\na:x a:y a:z .\na:x a:y "open .\n', encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path}, line 3: is not valid Turtle"):
        read_turtle(path)
    with pytest.raises(InputError, match="cannot be read"):
        read_turtle(tmp_path / "missing.ttl")


def test_a_scheme_without_concepts_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "topics.ttl"
    path.write_text("<http://a/x> <http://a/y> <http://a/z> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no skos:Concept"):
        load_topics(path)
