"""One GET for every HTTP provider: typed errors for timeouts, 429, failures, bad bodies."""

from __future__ import annotations

from typing import Any

from ..errors import ProviderBadResponse, ProviderError, ProviderRateLimited, ProviderTimeout

#: (connect, read) seconds.
DEFAULT_TIMEOUT = (3.05, 10.0)


def get_json(
    session: Any,
    provider: str,
    url: str,
    *,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
) -> Any:
    import requests

    try:
        resp = session.get(url, params=params, headers=headers, timeout=timeout)
    except requests.Timeout as exc:
        raise ProviderTimeout(
            f"{provider}: no answer within {timeout[1]:g} s ({url})", provider=provider
        ) from exc
    except requests.RequestException as exc:
        raise ProviderError(
            f"{provider}: cannot reach {url} ({type(exc).__name__})", provider=provider
        ) from exc
    if resp.status_code == 429:
        retry = resp.headers.get("Retry-After")
        raise ProviderRateLimited(
            f"{provider}: rate limited (429)" + (f"; retry after {retry} s" if retry else ""),
            provider=provider,
            retry_after=retry,
        )
    if resp.status_code != 200:
        raise ProviderError(f"{provider}: HTTP {resp.status_code} from {url}", provider=provider)
    try:
        return resp.json()
    except ValueError:
        raise ProviderBadResponse(
            f"{provider}: the answer is not JSON", provider=provider
        ) from None


def bad(provider: str, what: str) -> ProviderBadResponse:
    return ProviderBadResponse(f"{provider}: unusable answer ({what})", provider=provider)
