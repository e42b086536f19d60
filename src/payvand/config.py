"""Settings, read from the environment (``PAYVAND_*``) and the command line; used by cli and web."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
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

    store: str = Field(default="var/store", description="on-disk store directory, or ':memory:'")
    base_iri: str = Field(default=DEFAULT_BASE, description="base of every minted IRI")
    data_dir: Path = Field(default_factory=default_data_dir)
    project_dir: Path = Field(default_factory=default_project_dir)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
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
