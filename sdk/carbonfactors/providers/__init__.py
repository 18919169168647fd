"""Live intensity providers: series the project cannot redistribute or does not hold.

A provider turns (zone, interval) into points of grid intensity; the footprint engine
weights a timed job with them exactly as with a dataset series (``temporal.py``). Three
ship here, registered in ``PROVIDERS`` (explicit, no entry points):

* ``csv``: a user's own CSV (``time,value``), e.g. an export from a utility or a meter;
* ``neso``: the NESO Carbon Intensity API (Great Britain, half-hourly, no key, CC BY 4.0,
  CO2 only, direct);
* ``electricitymaps``: Electricity Maps' past-range API (the user's token; hourly,
  lifecycle, consumption-based; its terms are the user's licence, not redistributable).

A result computed with a provider names it (``intensity_provider``, and ``provider:<name>``
as the source of the series factor): the dataset version alone does not reproduce it.
Timeouts, 429 and bad bodies raise a ``ProviderError`` subclass; with ``fallback=True``
the engine uses the dataset instead and says why in the result's notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput, ProviderError
from ..series import ESTIMATED, MEASURED, MISSING, RESOLUTIONS, Series, format_instant

if TYPE_CHECKING:
    from ..dataset import Dataset
    from ..jobs import Job

#: (slot start in seconds since the epoch, gCO2(e)/kWh, estimated?)
Point = tuple[float, float, bool]


class Provider:
    """Base of the providers: what they serve, and ``points`` to fetch."""

    #: Stable name, carried by every result computed with this provider.
    name = "provider"
    resolution = "PT1H"
    basis = "lifecycle"
    accounting: str | None = None
    unit = "gCO2e/kWh"
    gas: str | None = None
    license = "LicenseRef-Provider-Terms"

    def __init__(self, *, fallback: bool = False) -> None:
        #: On a ProviderError, use the dataset instead (with a note) rather than raise.
        self.fallback = fallback

    def supports(self, zone: str) -> bool:
        return True

    def points(self, zone: str, start: float, end: float) -> list[Point]:
        raise NotImplementedError

    def series(self, zone: str, start: float, end: float) -> Series:
        """The points of [start, end) on the provider's regular grid (absent -> missing)."""
        step = RESOLUTIONS[self.resolution]
        first = start - (start % step)
        n = max(1, int(-(-(end - first) // step)))
        values: list[float | None] = [None] * n
        flags = [MISSING] * n
        for t, v, est in self.points(zone, first, first + n * step):
            k = int((t - first) // step)
            if 0 <= k < n and (t - first) % step == 0:
                values[k] = v
                flags[k] = ESTIMATED if est else MEASURED
        return Series(
            f"provider:{self.name}:{zone}:{format_instant(first)}",
            zone,
            first,
            step,
            tuple(values),
            "".join(flags),
            self.unit,
            self.basis,
            f"provider:{self.name}",
            self.resolution,
            self.accounting,
            self.gas,
            f"fetched live from {self.name}",
            self.license,
            provider=self.name,
        )


def fetch_for_job(
    provider: Provider, ds: Dataset, job: Job
) -> tuple[list[Series], str | None, list[str]]:
    """The provider's series for a timed job: (series, provider name or None, notes).

    On a ``ProviderError`` with ``provider.fallback`` the name is None and a note says
    why: the caller then uses the dataset."""
    from ..temporal import _zones

    assert job.timing is not None and job.location is not None
    zones = [z for z in _zones(ds, job.location) if provider.supports(z)]
    if not zones:
        raise InvalidInput(
            f"provider {provider.name} does not serve {job.location} (nor the grid it draws from)",
            field="location",
        )
    if provider.basis != job.basis:
        raise InvalidInput(
            f"basis: provider {provider.name} serves {provider.basis} intensity; set basis "
            f"to {provider.basis} (the job asks for {job.basis})",
            field="basis",
        )
    try:
        s = provider.series(zones[0], job.timing.start, job.timing.end)
    except ProviderError as exc:
        if not provider.fallback:
            raise
        return [], None, [f"provider {provider.name} failed ({exc.message}): dataset used instead"]
    return [s], provider.name, []


def get_provider(name: str, **options: Any) -> Provider:
    """A provider by name (``csv``, ``neso``, ``electricitymaps``) with its options."""
    if name == "csv":
        from .csvfile import CsvProvider

        return CsvProvider(**options)
    if name == "neso":
        from .neso import NesoProvider

        return NesoProvider(**options)
    if name == "electricitymaps":
        from .electricitymaps import ElectricityMapsProvider

        return ElectricityMapsProvider(**options)
    raise InvalidInput(
        f"unknown provider '{name}' (one of: {', '.join(PROVIDERS)})", field="provider"
    )


PROVIDERS: Sequence[str] = ("csv", "neso", "electricitymaps")

__all__ = ["PROVIDERS", "Point", "Provider", "fetch_for_job", "get_provider"]
