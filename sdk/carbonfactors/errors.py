"""One exception root for everything the SDK raises, with subclasses by failure kind.

Callers catch ``CarbonFactorsError`` to handle any failure, or a subclass to handle one;
``field`` and ``reason`` say exactly which input was wrong and why.
"""

from __future__ import annotations

from typing import Any


class CarbonFactorsError(Exception):
    """Root of every error raised by the carbonfactors SDK."""

    #: Stable kebab-case problem type, shared with the HTTP API's problem documents.
    type: str = "carbonfactors-error"

    def __init__(self, message: str, *, field: str | None = None, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.context = context

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description, used for per-item batch errors and problem documents."""
        out: dict[str, Any] = {"type": self.type, "detail": self.message}
        if self.field is not None:
            out["field"] = self.field
        return out


class InvalidInput(CarbonFactorsError):
    """An input value is malformed or out of range (the field says which)."""

    type = "invalid-input"


class NotFound(CarbonFactorsError):
    """An id (factor, zone, hardware model, version...) is not in the dataset."""

    type = "not-found"


class FactorNotFound(NotFound):
    """No factor matches the lookup, even after the documented fallbacks."""

    type = "factor-not-found"


class UnknownVersion(NotFound):
    """The requested dataset version does not exist."""

    type = "unknown-version"


class DatasetError(CarbonFactorsError):
    """A dataset snapshot is unreadable or fails its checksum."""

    type = "dataset-error"
