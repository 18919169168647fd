"""One error model for the SDK and the HTTP API: problem type → HTTP status → exception class.

``PROBLEMS`` is the registry. Each stable kebab-case problem type has exactly one HTTP status
and one exception class, wherever it appears: a problem document from the service, the
``error`` of a failed item in a batch, openapi.yaml's ``x-problem-types`` list, an exception
raised offline by the SDK, or one raised by ``carbonfactors.Client`` after a failed request.
The service builds its problem documents from this registry (``carbonfactors_service.problems``)
and a test holds openapi.yaml to it, so the three cannot drift.

Callers catch ``CarbonFactorsError`` to handle any failure, or a subclass to handle one;
``field`` and ``reason`` say which input was wrong and why; errors from the service also
carry ``status``, the ``problem`` document and the ``request_id``.
"""

from __future__ import annotations

# Runtime imports are kept to nothing: ``import carbonfactors`` loads this module only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Problem documents name their type as this base plus the slug.
PROBLEM_BASE = "https://carbonfactors.org/problems/"
#: Longest text echoed in a problem document: messages quote what the client sent, and a
#: megabyte-long name must not come back as a megabyte-long error (nor, in a batch, as one
#: per failed job).
MAX_ECHO = 500


def short(text: str) -> str:
    """``text``, cut to ``MAX_ECHO`` characters (an ellipsis says it was cut)."""
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


def problem_document(
    type_: str,
    *,
    title: str,
    status: int,
    detail: str | None = None,
    errors: dict[str, Any] | None = None,
    instance: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The one builder of RFC 9457 problem documents: an HTTP error of the API, the failed
    item of a batch (here or in the service) and an SDK error's ``to_problem()`` are all
    built here, so they have one shape and echo at most ``MAX_ECHO`` characters per text.
    ``extra`` holds extension members (``candidates``, ``request_id``...); None is left out.
    """
    out: dict[str, Any] = {"type": PROBLEM_BASE + type_, "title": title, "status": status}
    if instance is not None:
        out["instance"] = short(instance)
    if detail:
        out["detail"] = short(detail)
    if errors:
        out["errors"] = {
            short(str(k)): [short(str(m)) for m in (v if isinstance(v, list) else [v])]
            for k, v in errors.items()
        }
    out.update((k, v) for k, v in extra.items() if v is not None)
    return out


class CarbonFactorsError(Exception):
    """Root of every error raised by the carbonfactors SDK."""

    #: Stable kebab-case problem type, shared with the HTTP API's problem documents.
    type: str = "carbonfactors-error"
    #: HTTP status of this problem type (None: raised only by the SDK, never served).
    status: int | None = None
    title: str = "carbonfactors error"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        status: int | None = None,
        problem: dict[str, Any] | None = None,
        request_id: str | None = None,
        candidates: tuple[str, ...] | list[str] = (),
        **context: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status
        #: The problem document the service answered, when the error came over HTTP.
        self.problem = problem
        #: The service's request id (``X-Request-Id``), to quote when reporting a failure.
        self.request_id = request_id
        #: "Did you mean": ids the input could have meant (an unknown or ambiguous name),
        #: best first; empty when there is nothing to suggest.
        self.candidates: tuple[str, ...] = tuple(candidates)
        self.context = context

    def to_problem(self) -> dict[str, Any]:
        """This error as an RFC 9457 problem document (without ``instance``): the shape of
        the API's errors and of a batch's failed items (``problem_document``)."""
        return problem_document(
            self.type,
            title=self.title,
            status=self.status or 500,
            detail=self.message,
            errors={self.field: [self.message]} if self.field is not None else None,
            # "did you mean", best first
            candidates=list(self.candidates) if self.candidates else None,
        )

    def again(self) -> CarbonFactorsError:
        """A fresh copy (same type, message, field, candidates), e.g. of a memoized error."""
        return type(self)(self.message, field=self.field, candidates=self.candidates)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description (the problem document); ``field`` is kept for readers that
        branch on it."""
        out = self.to_problem()
        if self.field is not None:
            out["field"] = self.field
        return out


# -- the hierarchy: one class per problem type, grouped by failure kind -----------------------
class InvalidInput(CarbonFactorsError):
    """An input value is malformed or out of range (the field says which)."""

    type = "invalid-input"
    status = 422
    title = "Invalid input"


class InvalidParameter(InvalidInput):
    type = "invalid-parameter"
    status = 400
    title = "Invalid query parameter"


class InvalidBody(InvalidInput):
    type = "invalid-body"
    status = 422
    title = "Invalid request body"


class MalformedJson(InvalidInput):
    type = "malformed-json"
    status = 400
    title = "Malformed JSON"


class BadRequest(InvalidInput):
    type = "bad-request"
    status = 400
    title = "Bad request"


class PayloadTooLarge(InvalidInput):
    type = "payload-too-large"
    status = 413
    title = "Payload too large"


class BatchTooLarge(InvalidInput):
    type = "batch-too-large"
    status = 413
    title = "Batch too large"


class UriTooLong(InvalidInput):
    type = "uri-too-long"
    status = 414
    title = "URI too long"


class UnsupportedMediaType(InvalidInput):
    type = "unsupported-media-type"
    status = 415
    title = "Unsupported media type"


class NotAcceptable(InvalidInput):
    type = "not-acceptable"
    status = 406
    title = "Not acceptable"


class MethodNotAllowed(InvalidInput):
    type = "method-not-allowed"
    status = 405
    title = "Method not allowed"


class NotFound(CarbonFactorsError):
    """An id (route, factor, zone, hardware model, version...) does not exist."""

    type = "not-found"
    status = 404
    title = "Not found"


class AmbiguousName(NotFound):
    """A name that could mean several models, or a system name that only matches one chip:
    it is refused rather than guessed (``candidates`` lists what it could mean)."""

    type = "ambiguous-name"
    status = 422
    title = "Ambiguous name"


class FactorNotFound(NotFound):
    """No factor matches the lookup, even after the documented fallbacks."""

    type = "factor-not-found"
    status = 404
    title = "Factor not found"


class ZoneNotFound(NotFound):
    """No zone, cloud region or alias with this name."""

    type = "zone-not-found"
    status = 404
    title = "Zone not found"


class OperatorNotFound(NotFound):
    type = "operator-not-found"
    status = 404
    title = "Operator not found"


class HardwareNotFound(NotFound):
    type = "hardware-not-found"
    status = 404
    title = "Hardware model not found"


class SourceNotFound(NotFound):
    type = "source-not-found"
    status = 404
    title = "Source not found"


class UnknownVersion(NotFound):
    """The requested dataset version does not exist."""

    type = "unknown-version"
    status = 404
    title = "Unknown dataset version"


class ServiceError(CarbonFactorsError):
    """The service failed or could not be reached; the request may succeed later."""

    type = "service-error"
    status: int | None = None
    title = "Service error"


class InternalError(ServiceError):
    type = "internal-error"
    status = 500
    title = "Internal server error"


class TooManyRequests(ServiceError):
    type = "too-many-requests"
    status = 429
    title = "Too many requests"


class ServiceUnavailable(ServiceError):
    """No answer: connection refused, timed out, or a broken response. Raised by the client
    (wrapping the transport error as ``__cause__``), never served."""

    type = "service-unavailable"
    status: int | None = None
    title = "Service unavailable"


class DatasetError(CarbonFactorsError):
    """A dataset snapshot is unreadable, truncated or fails its checksum."""

    type = "dataset-error"
    status: int | None = None
    title = "Unusable dataset snapshot"


class ProviderError(CarbonFactorsError):
    """A live intensity provider (``carbonfactors.providers``) failed: unreachable, refused
    the request, or answered something unusable. ``provider`` names it. Raised by the SDK
    only; ``fallback=True`` on the provider turns it into a dataset fallback with a note."""

    type = "provider-error"
    status: int | None = None
    title = "Intensity provider error"

    def again(self) -> CarbonFactorsError:
        return type(self)(self.message, field=self.field, **self.context)


class ProviderTimeout(ProviderError):
    type = "provider-timeout"
    title = "Intensity provider timed out"


class ProviderRateLimited(ProviderError):
    """The provider answered 429; ``retry_after`` (seconds) when it said."""

    type = "provider-rate-limited"
    title = "Intensity provider rate limit"


class ProviderBadResponse(ProviderError):
    type = "provider-bad-response"
    title = "Unusable answer from an intensity provider"


class ProblemType:
    """One entry of the registry (a plain class: dataclasses would cost the import)."""

    __slots__ = ("name", "status", "title", "exception")

    def __init__(
        self, name: str, status: int | None, title: str, exception: type[CarbonFactorsError]
    ) -> None:
        self.name = name
        self.status = status
        self.title = title
        self.exception = exception

    def __repr__(self) -> str:
        return f"ProblemType({self.name!r}, {self.status}, {self.exception.__name__})"


def _registry() -> dict[str, ProblemType]:
    out: dict[str, ProblemType] = {}
    todo: list[type[CarbonFactorsError]] = [CarbonFactorsError]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls is not CarbonFactorsError and cls.__module__ == __name__:
            assert cls.type not in out, f"problem type {cls.type} defined twice"
            out[cls.type] = ProblemType(cls.type, cls.status, cls.title, cls)
    return dict(sorted(out.items()))


#: Every problem type: slug -> (status, title, exception class). Types with a status are the
#: ones the HTTP API serves (and openapi.yaml documents); the others are raised by the SDK only.
PROBLEMS: dict[str, ProblemType] = _registry()

#: Status -> problem type for errors raised by the HTTP layer itself (werkzeug).
HTTP_STATUS_TYPES: dict[int, str] = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "payload-too-large",
    414: "uri-too-long",
    415: "unsupported-media-type",
    429: "too-many-requests",
    500: "internal-error",
}


def served() -> dict[str, ProblemType]:
    """The problem types the HTTP API can answer with (those that have a status)."""
    return {k: p for k, p in PROBLEMS.items() if p.status is not None}


def slug(type_uri: str) -> str:
    """``https://carbonfactors.org/problems/zone-not-found`` -> ``zone-not-found``."""
    return type_uri[len(PROBLEM_BASE) :] if type_uri.startswith(PROBLEM_BASE) else type_uri


def exception_for(type_: str | None, status: int) -> type[CarbonFactorsError]:
    """The class for a problem type, else the closest one for the status."""
    known = PROBLEMS.get(slug(type_ or "")) or PROBLEMS.get(HTTP_STATUS_TYPES.get(status, ""))
    if known is not None:
        return known.exception
    if status >= 500:
        return ServiceError
    if status == 404:
        return NotFound
    return InvalidInput


def from_problem(
    doc: dict[str, Any], status: int, *, request_id: str | None = None
) -> CarbonFactorsError:
    """The exception for a problem document (from a response, or a failed batch item)."""
    cls = exception_for(doc.get("type"), status)
    detail = doc.get("detail") or doc.get("title") or f"HTTP {status}"
    errors = doc.get("errors")
    field = doc.get("field")
    if field is None and isinstance(errors, dict) and len(errors) == 1:
        field = next(iter(errors))
    found = doc.get("candidates")
    candidates = [str(c) for c in found] if isinstance(found, list) else []
    return cls(
        str(detail),
        field=field,
        status=status,
        problem=doc,
        request_id=request_id or doc.get("request_id"),
        candidates=candidates,
    )
