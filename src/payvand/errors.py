"""The one tree of errors Payvand raises.

::

    PayvandError
    ├── InputError      a bad article, gazetteer row, setting or request parameter
    ├── QueryError      bad or failing SPARQL (with the parser's message and position)
    │   ├── QueryTimeoutError   a query stopped at the time limit
    │   └── QueryRefusedError   a query refused before it runs: known to overrun, or one too many
    ├── StoreError      the store is unreachable, locked or corrupt
    └── NotFoundError   an unknown entity, graph, view or query name

Messages say what went wrong, where (file, line, field, IRI or query) and what to do next.
"""

from __future__ import annotations


class PayvandError(Exception):
    """Root of every error Payvand raises on purpose."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    @property
    def headers(self) -> dict[str, str]:
        """HTTP headers an answer with this error carries."""
        return {}


class InputError(PayvandError):
    """Bad input: an article, a gazetteer row, a setting or a request parameter."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        where = ", ".join(
            part
            for part in (
                source,
                f"line {line}" if line is not None else None,
                f"field '{field}'" if field is not None else None,
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.source = source
        self.line = line
        self.field = field


class QueryError(PayvandError):
    """A SPARQL query or update that cannot be parsed or evaluated.

    A syntax error has the ``line`` and ``column`` (from 1) of the mistake, and the parser's own
    ``parser_message``.
    """

    status = 400

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        parser_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.parser_message = parser_message


class QueryTimeoutError(QueryError):
    """A query that ran past its time limit and was stopped."""

    status = 504


class QueryRefusedError(QueryError):
    """A query refused before it runs, for a while (``retry_after`` seconds): it ran past its
    time limit lately, or its client already has as many long queries running as it may."""

    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class StoreError(PayvandError):
    """The store cannot be reached, opened or written."""

    status = 503


class NotFoundError(PayvandError):
    """An entity, graph, view or named query that does not exist."""

    status = 404
