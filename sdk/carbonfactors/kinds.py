"""The closed vocabularies of the data model: factor kinds, their units and bases.

Everything that checks or converts a unit reads it from here, so the validator, the
build, the engine and the API can never disagree about what ``unit: W`` means.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """What a factor of one kind may look like."""

    name: str
    units: tuple[str, ...]
    bases: tuple[str, ...]
    description: str
    #: Hard plausibility range of ``value`` in the kind's *first* unit; ``None`` = open end.
    minimum: float | None = None
    maximum: float | None = None
    #: Whether ``minimum`` itself is allowed (power and embodied carbon must be > 0).
    minimum_inclusive: bool = True


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "grid_intensity",
            ("gCO2e/kWh",),
            ("lifecycle", "direct", "marginal"),
            "Carbon intensity of grid electricity.",
            0.0,
            2000.0,
        ),
        Kind(
            "pue",
            ("dimensionless",),
            ("measured", "design", "estimated"),
            "Power usage effectiveness: facility energy / IT energy.",
            1.0,
            3.0,
        ),
        Kind(
            "embodied",
            ("kgCO2e", "kgCO2e/GB", "kgCO2e/cm2", "kgCO2e/mm2"),
            ("manufacturing", "non-use", "cradle-to-grave"),
            "Greenhouse gases emitted to make (and ship, dispose of) one unit of hardware.",
            0.0,
            None,
            False,
        ),
        Kind(
            "power",
            ("W", "W/vCPU", "W/GB", "W/TB"),
            ("tdp", "average", "idle", "max", "min", "load-10", "load-50", "load-100", "typical"),
            "Electrical power drawn by hardware.",
            0.0,
            None,
            False,
        ),
        Kind(
            "lifetime",
            ("years",),
            ("service", "accounting"),
            "How long hardware stays in service; embodied carbon is amortized over it.",
            0.0,
            30.0,
            False,
        ),
        Kind(
            "in_use_share",
            ("fraction",),
            ("estimated", "measured"),
            "Share of its lifetime that hardware is allocated to work.",
            0.0,
            1.0,
            False,
        ),
        Kind(
            "cfe_share",
            ("fraction",),
            ("hourly",),
            "Share of consumption matched hourly by carbon-free energy (a market metric).",
            0.0,
            1.0,
        ),
    )
}

#: Rungs of the embodied-carbon method hierarchy (``factors/README.md``), best first. A
#: footprint's default embodied value comes from the best rung a model has, because a
#: manufacturer's or a published life-cycle assessment of the very product beats an estimate
#: and an estimate beats a model of its parts; ``category-default`` is the last resort.
EMBODIED_RUNGS: tuple[str, ...] = (
    "product-lca",
    "published-estimate",
    "component-model",
    "category-default",
)
#: A figure covering only part of the product (e.g. the compute die alone): kept and
#: queryable, never a default value.
LOWER_BOUND_RUNG = "lower-bound"
RUNGS: tuple[str, ...] = (*EMBODIED_RUNGS, LOWER_BOUND_RUNG)
#: Kinds whose factors may say which rung they stand on.
RUNG_KINDS: tuple[str, ...] = ("embodied", "power")

#: Categories of hardware; per-category plausibility bounds live in ``PLAUSIBLE``.
HARDWARE_CATEGORIES: tuple[str, ...] = (
    "gpu",
    "tpu",
    "accelerator",
    "cpu",
    "cpu_architecture",
    "server",
    "storage",
    "cloud_instance",
    "component",
)

#: Zone types, from the most to the least aggregated.
ZONE_TYPES: tuple[str, ...] = ("aggregate", "country", "subnational", "cloud_region")

#: Operator (PUE subject) types.
OPERATOR_TYPES: tuple[str, ...] = ("operator", "campus", "industry")

#: What a PUE figure covers (required on every PUE factor; its ``period`` says when):
#: ``fleet-annual`` an operator's average over its data centers for a calendar or fiscal
#: year; ``fleet-ttm`` the same over a trailing twelve months not aligned to a year;
#: ``site-annual`` / ``site-ttm`` / ``site-quarter`` / ``site-month`` one campus,
#: geography or region over that period; ``site`` one of them over a period not stated;
#: ``new-builds`` the buildings completed in a year; ``design`` a design target;
#: ``survey`` an industry survey average; ``unstated`` a tool default or blog figure whose
#: coverage is not stated. Best first: within one year and basis, the first listed wins.
PUE_SCOPES: tuple[str, ...] = (
    "fleet-annual",
    "fleet-ttm",
    "site-annual",
    "site-ttm",
    "site-quarter",
    "site-month",
    "site",
    "survey",
    "unstated",
    "new-builds",
    "design",
)
#: Scopes never used as a default PUE: they describe new or designed buildings, not the
#: fleet a job runs on (still listed, and queryable by id and with ``scope=``).
PUE_NOT_DEFAULT: frozenset[str] = frozenset({"new-builds", "design"})

#: Absurdity bounds (exclusive of 0, inclusive of the max) for whole-unit values by category.
#: A value outside is a typo or a unit slip (watts for kilowatts, grams for kilograms).
PLAUSIBLE: dict[tuple[str, str], tuple[float, float]] = {
    ("power", "gpu"): (5.0, 3000.0),
    ("power", "tpu"): (5.0, 3000.0),
    ("power", "accelerator"): (1.0, 3000.0),
    # Intel Quark Microcontroller D1000 is rated 0.03 W (ARK extract), Atom Z500 0.65 W
    ("power", "cpu"): (0.02, 1000.0),
    # 1-socket Xeon E-2100 servers idle at 10-20 W (SPECpower_ssj2008 via CCF: PRIMERGY
    # TX1320 M4 10.0 W, ThinkSystem SR150 16.8 W), so the floor sits below them
    ("power", "server"): (5.0, 200000.0),
    ("power", "storage"): (1.0, 50000.0),
    ("power", "cloud_instance"): (0.1, 50000.0),
    ("power", "component"): (0.01, 5000.0),
    ("embodied", "gpu"): (1.0, 10000.0),
    ("embodied", "tpu"): (1.0, 10000.0),
    ("embodied", "accelerator"): (0.1, 10000.0),
    ("embodied", "cpu"): (0.1, 500.0),
    ("embodied", "server"): (10.0, 200000.0),
    ("embodied", "storage"): (1.0, 100000.0),
    ("embodied", "cloud_instance"): (0.01, 100000.0),
    ("embodied", "component"): (0.0001, 10000.0),
}

#: Hardware categories and zone types are also valid lifetime/in-use-share subjects, prefixed.
CATEGORY_SUBJECT_PREFIX = "category:"


#: CPU market segments (``specs.segment``, decided from the model name by the ``cpus``
#: importer): a CPU's embodied default is its segment's before the generic CPU default.
CPU_SEGMENTS = ("server", "desktop", "mobile", "embedded")


def category_subject(category: str, segment: str | None = None) -> str:
    """The subject id under which per-category defaults (lifetime, in-use share) are filed;
    with a segment, the segment's own defaults (``category:cpu:mobile``)."""
    return CATEGORY_SUBJECT_PREFIX + category + (f":{segment}" if segment else "")


def category_subjects(category: str, specs: dict[str, object] | None) -> tuple[str, ...]:
    """Where a model's category defaults are looked up, most specific first: its segment's
    (when its specs name one), then its category's."""
    segment = (specs or {}).get("segment")
    general = category_subject(category)
    if isinstance(segment, str) and segment:
        return (category_subject(category, segment), general)
    return (general,)


def factor_id(
    kind: str, subject: str, year: int | str, source: str, *qualifiers: str | None
) -> str:
    """The one spelling of a factor id: ``<kind>:<subject>:<year>:<source>[:<qualifier>...]``.

    Qualifiers (a basis, a period...) are appended when one source gives several values for
    the same kind, subject and year; ``None`` qualifiers are left out. Ids are promised
    stable, so every importer formats them here rather than by hand.
    """
    return ":".join([kind, subject, str(year), source, *(q for q in qualifiers if q)])
