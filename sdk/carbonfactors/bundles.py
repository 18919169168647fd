"""The two bundles of a release, and which one each place answers from.

A release is offered in two bundles (see factors/LICENSE.md): ``open`` holds only values
whose licences let anyone redistribute them under attribution terms (the wheel carries
it), ``full`` adds share-alike data, each part under its own licence (the
``carbonfactors[full]`` data distribution and the service's default). Which factor goes
where is computed by the pipeline from each value's inputs
(``carbonfactors_pipeline.licensing``); the SDK only needs the names, to check a request
and to label every answer with ``(dataset_version, bundle, bundle_sha256)``.
"""

from __future__ import annotations

from .errors import InvalidInput

OPEN = "open"
FULL = "full"
#: Bundles in order of growing content (and growing licence obligations).
BUNDLES: tuple[str, ...] = (OPEN, FULL)
#: What ``pip install carbonfactors`` carries.
WHEEL_BUNDLE = OPEN
#: What the service answers from unless asked otherwise.
SERVICE_BUNDLE = FULL
#: How to get the ``full`` bundle, for messages that point to it.
HOW_TO_GET_FULL = 'pip install "carbonfactors[full]" (offline) or bundle=full (service, Client)'


def check(name: str | None, *, default: str = SERVICE_BUNDLE, field: str = "bundle") -> str:
    """The bundle ``name`` means (``default`` when None), or a typed error naming the field."""
    if name is None:
        return default
    if name not in BUNDLES:
        raise InvalidInput(
            f"unknown bundle '{name}' (one of: {', '.join(BUNDLES)}); 'open' holds only "
            f"attribution-licensed data, 'full' adds share-alike data",
            field=field,
        )
    return name


#: Names the wheels of release 2026.12 wrote (before ``open``/``full``).
_LEGACY = {"default": OPEN}


def normalize(name: object) -> str:
    """The bundle a snapshot's ``bundle`` key names: ``full`` when absent (a whole release)."""
    if not name:
        return FULL
    text = str(name)
    return _LEGACY.get(text, text)
