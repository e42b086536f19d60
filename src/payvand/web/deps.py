"""Dependencies the routes receive: the store and the settings, put on the app by create_app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from payvand.config import Settings
from payvand.store.base import ReadableStore


def get_store(request: Request) -> ReadableStore:
    store: ReadableStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[ReadableStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
