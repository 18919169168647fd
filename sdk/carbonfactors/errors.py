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

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        candidates: tuple[str, ...] | list[str] = (),
        **context: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        #: "Did you mean": ids the input could have meant (an unknown or ambiguous name),
        #: best first; empty when there is nothing to suggest.
        self.candidates: tuple[str, ...] = tuple(candidates)
        self.context = context

    def again(self) -> CarbonFactorsError:
        """A fresh copy (same type, message, field, candidates), e.g. of a memoized error."""
        return type(self)(self.message, field=self.field, candidates=self.candidates)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description, used for per-item batch errors and problem documents."""
        out: dict[str, Any] = {"type": self.type, "detail": self.message}
        if self.field is not None:
            out["field"] = self.field
        if self.candidates:
            out["candidates"] = list(self.candidates)
        return out


class InvalidInput(CarbonFactorsError):
    """An input value is malformed or out of range (the field says which)."""

    type = "invalid-input"


class NotFound(CarbonFactorsError):
    """An id (factor, zone, hardware model, version...) is not in the dataset."""

    type = "not-found"


class AmbiguousName(NotFound):
    """A name that could mean several models, or a system name that only matches one chip:
    it is refused rather than guessed (``candidates`` lists what it could mean)."""

    type = "ambiguous-name"


class FactorNotFound(NotFound):
    """No factor matches the lookup, even after the documented fallbacks."""

    type = "factor-not-found"


class UnknownVersion(NotFound):
    """The requested dataset version does not exist."""

    type = "unknown-version"


class DatasetError(CarbonFactorsError):
    """A dataset snapshot is unreadable or fails its checksum."""

    type = "dataset-error"
