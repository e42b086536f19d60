"""Routes whose plain ``def`` endpoints release what they hold in the thread that ran them.

pyoxigraph's result iterators must be dropped in the thread that made them. An endpoint that
raises while it holds one would send it, in its traceback, to the event loop's thread, where its
drop fails ("… is unsendable, but is being dropped on another thread"). :class:`ThreadRoute`
clears the traceback's frames in the endpoint's own thread before the error travels on, and
:func:`in_thread` does the same for work an ``async`` endpoint hands to the thread pool.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute

from payvand.store.evaluation import release_frames

P = ParamSpec("P")
T = TypeVar("T")


def releasing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint``, clearing its traceback's frames where it runs when it raises."""

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        except BaseException as err:
            release_frames(err)
            raise

    return run


async def in_thread(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``function(*args, **kwargs)`` in the thread pool, releasing its frames there if it raises."""
    return await run_in_threadpool(releasing(function), *args, **kwargs)


class ThreadRoute(APIRoute):
    """An APIRoute whose synchronous endpoint goes through :func:`releasing`."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = releasing(endpoint)
        super().__init__(path, endpoint, **kwargs)
