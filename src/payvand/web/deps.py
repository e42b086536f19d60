"""Dependencies the routes receive: the store and the settings, put on the app by create_app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from payvand.config import Settings
from payvand.store.base import GraphStore


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
