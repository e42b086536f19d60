"""Settings, read from the environment (``PAYVAND_*``) and the command line; used by cli and web."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from payvand.namespaces import DEFAULT_BASE


def default_data_dir() -> Path:
    """``data/`` of the checkout this package runs from, else ``./data``."""
    checkout = Path(__file__).resolve().parents[2] / "data"
    return checkout if checkout.is_dir() else Path("data")


def default_project_dir() -> Path:
    """The checkout this package runs from (for ``ontology/`` and ``queries/``), else the cwd."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "ontology").is_dir() else Path()


class Settings(BaseSettings):
    """Everything an operator may set; in the environment as ``PAYVAND_`` + the name in capitals."""

    model_config = SettingsConfigDict(env_prefix="PAYVAND_", extra="ignore")

    store: str = Field(
        default="var/store",
        description="on-disk store directory, ':memory:', or the http(s) URL of a SPARQL server",
    )
    base_iri: str = Field(default=DEFAULT_BASE, description="base of every minted IRI")
    data_dir: Path = Field(default_factory=default_data_dir)
    project_dir: Path = Field(default_factory=default_project_dir)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    write_token: str | None = Field(
        default=None,
        description="bearer token that allows /update and writes to /store; unset: read-only",
    )
    query_timeout: float = Field(
        default=30.0, gt=0, description="seconds a query may run; a request may ask for less"
    )
    query_workers: int = Field(
        default=2,
        ge=0,
        description="serving processes over an on-disk store, each replaced when a query "
        "overruns (0: serve in one process, which cannot stop a query that overruns)",
    )
    overrun_cooldown: float = Field(
        default=60.0,
        ge=0,
        description="seconds a query that ran past its time limit is refused (429) when asked "
        "again with no more time than it ran, after it was last seen running (0: never)",
    )
    long_queries_per_client: int = Field(
        default=1,
        ge=0,
        description="long queries (past 0.15 s) a client (remote address) may have running in a "
        "serving process before a query that ran long before is refused (429); 0: no cap",
    )
    overruns_per_client: int = Field(
        default=2,
        ge=0,
        description="queries of a client that may run on past their time limit (each costs a "
        "serving process) within the overrun cooldown before its queries that are not known "
        "to be quick are refused (429) for the rest of it; 0: no cap",
    )
    max_rows: int = Field(
        default=100_000, ge=0, description="rows or triples a result may have (0: no cap)"
    )
    max_response_bytes: int = Field(
        default=256 * 1024 * 1024, ge=0, description="bytes a result may have (0: no cap)"
    )
    max_body_bytes: int = Field(
        default=16 * 1024 * 1024, ge=1, description="bytes a request body may have"
    )
    cors_origins: str = Field(
        default="",
        description="comma-separated origins allowed to call the API from a browser "
        "('*' for any); empty: CORS off",
    )
    allowed_services: str = Field(
        default="",
        description="comma-separated SPARQL endpoints a query may call with SERVICE (an entry "
        "ending in '/' allows every URL under it); empty: SERVICE is refused",
    )
    allowed_loads: str = Field(
        default="",
        description="comma-separated URLs an update may LOAD from (an entry ending in '/' "
        "allows every URL under it); empty: LOAD is refused",
    )
    # A remote store (``store`` is a URL): Oxigraph server's layout unless the endpoints are set.
    sparql_query_url: str | None = Field(default=None, description="SPARQL query endpoint")
    sparql_update_url: str | None = Field(default=None, description="SPARQL Update endpoint")
    sparql_store_url: str | None = Field(
        default=None, description="Graph Store protocol endpoint (none: INSERT DATA and CONSTRUCT)"
    )
    sparql_user: str | None = None
    sparql_password: SecretStr | None = None
    sparql_auth: Literal["basic", "digest"] = "basic"
    sparql_read_only: bool = Field(default=False, description="only read the remote store")
    sparql_timeout: float = Field(default=60.0, gt=0, description="seconds per HTTP request")
    # Ingest: the most an article (a line, a text or page, a feed item) and a feed may weigh.
    max_article_bytes: int = Field(default=5 * 1024 * 1024, ge=1)
    max_file_bytes: int = Field(default=200 * 1024 * 1024, ge=1)
    # Ingest: worker processes (0: one per core) and articles per write batch.
    workers: int = Field(default=0, ge=0)
    # Ingest: the most memory (address space, bytes) a worker process may use; 0: no ceiling.
    worker_memory_bytes: int = Field(default=2 * 1024 * 1024 * 1024, ge=0)
    batch_size: int = Field(default=1000, ge=1)
    search_index: Path | None = Field(
        default=None,
        description="the full-text index (an SQLite file); default: beside an on-disk store "
        "(var/store.search.sqlite), in ~/.cache/payvand/ for a SPARQL server, in memory for "
        "':memory:'",
    )
    releases_dir: Path | None = Field(
        default=None, description="a directory of releases (payvand release) to serve at /releases"
    )
    analytics_check_seconds: float = Field(
        default=1.0,
        ge=0,
        description="how often, at most, the analytics check whether the store changed",
    )

    @field_validator("base_iri")
    @classmethod
    def _base_ends_with_separator(cls, value: str) -> str:
        if not value.endswith(("/", "#")):
            raise ValueError("the base IRI must end with '/' or '#'")
        return value

    @field_validator("write_token")
    @classmethod
    def _token_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        return value.strip() if value is not None else None

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @property
    def allowed_service_list(self) -> list[str]:
        return [u.strip() for u in self.allowed_services.split(",") if u.strip()]

    @property
    def allowed_load_list(self) -> list[str]:
        return [u.strip() for u in self.allowed_loads.split(",") if u.strip()]

    @property
    def gazetteer_dir(self) -> Path:
        return self.data_dir / "gazetteer"

    @property
    def articles_dir(self) -> Path:
        return self.data_dir / "articles"

    @property
    def ontology_dir(self) -> Path:
        return self.project_dir / "ontology"

    @property
    def queries_dir(self) -> Path:
        return self.project_dir / "queries"

    @property
    def node_modules_dir(self) -> Path:
        return self.project_dir / "node_modules"
