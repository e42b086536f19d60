"""The store the settings name: the endpoints of a remote SPARQL server, for cli and web alike."""

from __future__ import annotations

from payvand.config import Settings
from payvand.store import Endpoints, is_remote


def remote_endpoints(settings: Settings) -> Endpoints | None:
    """The remote store's endpoints from the settings, when the store is a URL."""
    if not is_remote(settings.store):
        return None
    password = settings.sparql_password.get_secret_value() if settings.sparql_password else None
    return Endpoints.of(
        settings.store,
        query=settings.sparql_query_url,
        update=settings.sparql_update_url,
        store=settings.sparql_store_url,
        user=settings.sparql_user,
        password=password,
        auth=settings.sparql_auth,
        timeout=settings.sparql_timeout,
    )
