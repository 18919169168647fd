"""Marshmallow schemas for the records of a factor file: unknown keys are rejected.

Each schema checks what one record can check alone (types, closed vocabularies, ranges);
checks that need the whole tree (sources exist, ids unique, plausibility per hardware
category) live in ``validate.py``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from carbonfactors.kinds import (
    CPU_SEGMENTS,
    HARDWARE_CATEGORIES,
    KINDS,
    OPERATOR_TYPES,
    PUE_SCOPES,
    RUNG_KINDS,
    RUNGS,
    ZONE_TYPES,
)
from carbonfactors.readers.bills.mapping import UNSUPPORTED_TYPES

from .licensing import LICENSES

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/+-]*$"
_id = validate.Regexp(
    ID_PATTERN, error="must start with a letter or digit and use only A-Z a-z 0-9 . _ : / + -"
)

FIRST_YEAR = 1990

#: How a grid intensity counts electricity crossing the zone's border.
ACCOUNTINGS = ("production", "consumption")


def last_year() -> int:
    """Factors may describe at most next year (published forecasts); never further."""
    return dt.date.today().year + 1


class Number(fields.Float):
    """A float that refuses strings, booleans, NaN and infinities (YAML typos otherwise pass)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError("must be a number")
        if not math.isfinite(value):
            raise ValidationError("must be a finite number")
        return float(value)


class StrictInt(fields.Integer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise ValidationError("must be an integer")
        return int(super()._deserialize(value, attr, data, **kwargs))


class Text(fields.String):
    """A non-empty string; YAML's bare ``NO`` (Norway!) arrives as a boolean and is refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validate", validate.Length(min=1))
        super().__init__(**kwargs)


class DateText(fields.String):
    """An ISO date (YYYY-MM-DD), a year-month or a year, kept as text."""

    _pattern = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = str(super()._deserialize(value, attr, data, **kwargs))
        if not self._pattern.match(text):
            raise ValidationError("must be a date as YYYY-MM-DD, YYYY-MM or YYYY")
        return text


def flatten_messages(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Marshmallow's nested messages as (dotted.field, reason) pairs."""
    out: list[tuple[str, str]] = []
    if isinstance(messages, dict):
        for key, val in messages.items():
            name = "record" if key == "_schema" else str(key)
            out.extend(flatten_messages(val, f"{prefix}.{name}" if prefix else name))
    elif isinstance(messages, list):
        for m in messages:
            out.extend(flatten_messages(m, prefix))
    else:
        reason = str(messages)
        if reason == "Unknown field.":
            reason = "unknown field (allowed fields are listed in factors/README.md)"
        elif reason == "Missing data for required field.":
            reason = "missing required field"
        out.append((prefix, reason))
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" suffix naming the closest known spellings, or nothing."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


class Strict(Schema):
    class Meta:
        unknown = RAISE
        ordered = True


class SourceSchema(Strict):
    id = Text(required=True, validate=_id)
    producer = Text(required=True)
    title = Text(required=True)
    citation = Text(required=True)
    url = fields.Url(required=True)
    published = DateText(required=True)
    accessed = DateText(required=True)
    #: An SPDX identifier or a LicenseRef- of carbonfactors_pipeline.licence_terms.LICENSES (closed list).
    license = Text(
        required=True,
        validate=validate.OneOf(
            tuple(LICENSES),
            error="'{input}' is not a known licence id (SPDX id or LicenseRef- listed in "
            "service/carbonfactors_pipeline/licence_terms.py): one of {choices}",
        ),
    )
    license_url = fields.Url(required=True)
    #: Attribution text; when absent it is generated from producer, title and citation.
    attribution = Text(load_default=None)
    #: Lower wins when two sources give the same kind, subject, year and basis.
    priority = StrictInt(load_default=100, validate=validate.Range(0, 1000))
    upstream = Text(load_default=None)
    notes = Text(load_default=None)


class ZoneSchema(Strict):
    id = Text(required=True, validate=_id)
    name = Text(required=True)
    type = Text(required=True, validate=validate.OneOf(ZONE_TYPES))
    parent = Text(load_default=None)
    provider = Text(load_default=None)
    grid_zone = Text(load_default=None)
    operator = Text(load_default=None)
    mapping_source = Text(load_default=None)
    #: Why the zone draws from ``grid_zone``: location, serving utility or balancing
    #: authority, and the pages that say so (``factors/region-mappings.yaml``).
    mapping_evidence = Text(load_default=None)
    #: True when the evidence does not settle the mapping alone.
    mapping_judgement = fields.Boolean(load_default=None)
    location = Text(load_default=None)
    aliases = fields.List(Text(), load_default=list)
    #: Why a sub-national grid is not interconnected with its parent's (an island or
    #: separate system): a wider area's value never stands for it (audit 2026-12-06, class A).
    isolated = Text(load_default=None)
    #: The first year ``isolated`` holds, when the zone was fed from its parent's grid
    #: before (Kaliningrad, islanded from the Baltic ring in February 2025); None: always.
    isolated_since = fields.Integer(load_default=None, validate=validate.Range(min=1990, max=2100))
    #: The balancing authorities serving an area split between several (a US state), named
    #: in its ``mapping_evidence``: their values bound the area's estimate (rule G4).
    serving_zones = fields.List(Text(), load_default=None)
    #: The year the cloud region or site opened and the announcement that says so
    #: (``factors/region-mappings.yaml``): a grid lookup for an earlier year warns
    #: (the before-opening rule).
    opened = fields.Integer(load_default=None, validate=validate.Range(min=1990, max=2100))
    opened_evidence = Text(load_default=None)

    @validates_schema
    def _cloud_region(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["type"] == "cloud_region":
            missing = [k for k in ("provider", "grid_zone", "mapping_source") if not data.get(k)]
            if missing:
                raise ValidationError({k: ["required for a cloud_region"] for k in missing})
            if not data["id"].startswith(f"{data['provider']}:"):
                raise ValidationError(
                    {"id": [f"a cloud region id is '{data['provider']}:<region>'"]}
                )
        elif data.get("grid_zone") and data["type"] == "country":
            if not (data.get("mapping_source") and data.get("mapping_evidence")):
                raise ValidationError(
                    {"grid_zone": ["a country maps to a grid zone only with its evidence"]}
                )
        elif data.get("grid_zone") and data["type"] != "subnational":
            raise ValidationError(
                {
                    "grid_zone": [
                        "only cloud regions, countries and sub-national areas map to a grid zone"
                    ]
                }
            )


class OperatorSchema(Strict):
    id = Text(required=True, validate=_id)
    name = Text(required=True)
    type = Text(required=True, validate=validate.OneOf(OPERATOR_TYPES))
    parent = Text(load_default=None)
    zone = Text(load_default=None)
    location = Text(load_default=None)


class TechnologySchema(Strict):
    id = Text(required=True, validate=_id)
    name = Text(required=True)


class AcceleratorPart(Strict):
    model = Text(required=True)
    #: How many; below 1 the provider's stated share of one accelerator (AWS g6f.large: 1/8
    #: of an L4, Azure NVadsA10 v5: 1/6 of an A10). Above 1 it must be whole.
    count = Number(required=True, validate=validate.Range(min=0, min_inclusive=False))

    @validates_schema
    def _whole_above_one(self, data: dict[str, Any], **_: Any) -> None:
        n = data.get("count")
        if isinstance(n, float) and n > 1 and not n.is_integer():
            raise ValidationError({"count": ["a count above 1 is a whole number"]})


class SpecsSchema(Strict):
    """Technical description of a hardware model; every key has one spelling."""

    memory_gb = Number(validate=validate.Range(min=0))
    #: The lowest cited reading of ``memory_gb`` when sources disagree (Meta MTIA: per chip
    #: or per board of two): a sized embodied value's low bound is computed at it.
    memory_gb_low = Number(validate=validate.Range(min=0))
    memory_type = Text()
    memory_bandwidth_tbs = Number(validate=validate.Range(min=0))
    cores = StrictInt(validate=validate.Range(min=1))
    threads = StrictInt(validate=validate.Range(min=1))
    base_clock_ghz = Number(validate=validate.Range(min=0))
    die_area_mm2 = Number(validate=validate.Range(min=0))
    process_nm = Number(validate=validate.Range(min=0))
    transistors_billion = Number(validate=validate.Range(min=0))
    #: GPUs on one board (Tesla K80, M60: two): ``die_area_mm2`` is one GPU's die.
    gpus_per_board = StrictInt(validate=validate.Range(min=1))
    #: Identical compute dies in one package (Ascend 910C, B200/B300, Gaudi 3, TPU v7: two):
    #: ``die_area_mm2`` is one die's; ``compute_dies_low`` the lower cited count when
    #: readings disagree (a sized value's low bound is computed at it).
    compute_dies = StrictInt(validate=validate.Range(min=1))
    compute_dies_low = StrictInt(validate=validate.Range(min=1))
    #: Silicon of a multi-tile package beyond ``die_area_mm2`` (Ponte Vecchio: the tiles
    #: stacked on its base dies), area and the leading node: a sized value's high bound
    #: costs it (audit 1796585890 class D3).
    tiles_beyond_die_mm2 = Number(validate=validate.Range(min=0))
    tiles_beyond_die_nm = Number(validate=validate.Range(min=0))
    #: Those tiles are stacked on the base dies (Foveros), so a sized value costs
    #: ``_accelerator_tiles.TILE_CENTRE_SHARE`` of them (audit 1796682238 class T1).
    tiles_stacked = fields.Boolean()
    #: The share of the package on file the part carries (Max 1100: one of two stacks).
    package_share = Number(validate=validate.Range(min=0, max=1))
    #: The catalog id of a part with the same die (audit 1796630035 class N1, H100 NVL on
    #: the H100 PCIe's GH100): the die fields are that part's, cited in ``sources``.
    same_die_as = Text()
    #: The die's code name (GH100, AD102), cited: screen ``accel-stem-sibling`` finds a
    #: class-valued part on a sized part's die by it (``_accelerator_same_die.DIE_NAMES``).
    die_name = Text()
    form_factor = Text()
    interface = Text()
    family = Text()
    microarchitecture = Text()
    #: CPU market segment, from the model name (``importers/_cpu_segment.py``): picks the
    #: segment's category defaults (``category:cpu:<segment>``) before the generic one.
    segment = Text(validate=validate.OneOf(CPU_SEGMENTS))
    units = StrictInt(validate=validate.Range(min=1))
    vcpus = Number(validate=validate.Range(min=0))
    cpu = Text()
    cpu_count = StrictInt(validate=validate.Range(min=1))
    #: The PCF sheet's own CPU count where ``cpu_count`` holds a cited correction of it
    #: (``importers/_pcf_sockets.SOCKETS``, class SK): the configuration its values are for.
    sheet_cpu_count = StrictInt(validate=validate.Range(min=1))
    #: A server's SPECpower_ssj2008 models (keys) that are a letter variant of it with
    #: results at its socket count (``_pcf_specpower.measured_siblings``, class K2).
    specpower_siblings = fields.List(Text())
    #: Chips of the model's own SPECpower_ssj2008 results (single servers, at most four),
    #: the cited socket counts ``socket_screens`` compares ``cpu_count`` with (class SK).
    specpower_chips = fields.List(StrictInt(validate=validate.Range(min=1)))
    accelerators = fields.List(fields.Nested(AcceleratorPart))
    #: A GPU type whose share the catalog cannot size (model not in the catalog, or named
    #: only by AGPL code): what the provider states. Such a type never takes a plain
    #: instance's default (``resolve.hardware.composite``).
    gpu_unsized = Text()
    storage_gb = Number(validate=validate.Range(min=0))
    storage_type = Text()
    capacity_gb = Number(validate=validate.Range(min=0))
    fp16_tflops = Number(validate=validate.Range(min=0))
    platform = Text()
    host = Text()
    host_share = Number(validate=validate.Range(min=0, max=1))
    #: Where the specs come from: spec key -> source id in sources.yaml. Required for every
    #: spec a derivation uses (die area, process, memory...): see the validator.
    sources = fields.Dict(keys=Text(), values=Text())


class HardwareSchema(Strict):
    id = Text(required=True, validate=_id)
    name = Text(required=True)
    category = Text(required=True, validate=validate.OneOf(HARDWARE_CATEGORIES))
    vendor = Text(required=True)
    aliases = fields.List(Text(), load_default=list)
    release_year = StrictInt(load_default=None, validate=validate.Range(1970, 2100))
    provider = Text(load_default=None)
    specs = fields.Nested(SpecsSchema, load_default=dict)


class DerivedFromSchema(Strict):
    """What a derived value rests on: its licence is computed from these (licensing.py)."""

    #: Ids of the factors of this dataset the value was computed from (pooled, summed...).
    factors = fields.List(Text(validate=_id), load_default=list)
    #: Sources whose figures the derivation used without a factor of their own (a host
    #: archetype, a mapping table, a coefficient), beside the factor's own ``source``.
    sources = fields.List(Text(validate=_id), load_default=list)


class FactorSchema(Strict):
    id = Text(required=True, validate=_id)
    kind = Text(required=True, validate=validate.OneOf(tuple(KINDS)))
    subject = Text(required=True)
    year = StrictInt(required=True)
    value = Number(required=True)
    unit = Text(required=True)
    low = Number(load_default=None)
    high = Number(load_default=None)
    basis = Text(load_default=None)
    #: Grid intensity only: ``production`` (emissions of what is generated in the zone) or
    #: ``consumption`` (imports traced and included). Two series of one zone that differ
    #: here are never chained into one default series.
    accounting = Text(load_default=None, validate=validate.OneOf(ACCOUNTINGS))
    period = Text(load_default=None)
    #: PUE only, required there: what the figure covers (carbonfactors.kinds.PUE_SCOPES).
    scope = Text(load_default=None, validate=validate.OneOf(PUE_SCOPES))
    #: Which rung of the method hierarchy the value stands on (embodied, power).
    rung = Text(load_default=None, validate=validate.OneOf(RUNGS))
    source = Text(required=True)
    method = Text(load_default=None)
    inputs = fields.Dict(keys=fields.String(), load_default=None)
    #: The factors and sources a derived value rests on; its licence is computed from them.
    derived_from = fields.Nested(DerivedFromSchema, load_default=None)

    @validates_schema
    def _consistent(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        kind = KINDS[data["kind"]]
        year = data["year"]
        if not FIRST_YEAR <= year <= last_year():
            errors["year"] = [f"{year} is outside {FIRST_YEAR}..{last_year()}"]
        if data["unit"] not in kind.units:
            errors["unit"] = [
                f"'{data['unit']}' is not a unit of {kind.name} (one of: {', '.join(kind.units)})"
                + did_you_mean(data["unit"], kind.units)
            ]
        if data["rung"] is not None and kind.name not in RUNG_KINDS:
            errors["rung"] = [f"only {', '.join(RUNG_KINDS)} factors name a rung"]
        if data["accounting"] is not None and kind.name != "grid_intensity":
            errors["accounting"] = ["only grid_intensity factors have an accounting"]
        if data["basis"] is not None and data["basis"] not in kind.bases:
            errors["basis"] = [
                f"'{data['basis']}' is not a basis of {kind.name} (one of: {', '.join(kind.bases)})"
                + did_you_mean(data["basis"], kind.bases)
            ]
        if kind.name == "pue" and data["scope"] is None:
            errors["scope"] = [f"required for pue (one of: {', '.join(PUE_SCOPES)})"]
        elif kind.name != "pue" and data["scope"] is not None:
            errors["scope"] = ["only pue factors have a scope"]
        value, low, high = data["value"], data["low"], data["high"]
        if data["unit"] == kind.units[0]:
            for name, v in (("value", value), ("low", low), ("high", high)):
                if v is None:
                    continue
                if kind.minimum is not None and (
                    v < kind.minimum or (v == kind.minimum and not kind.minimum_inclusive)
                ):
                    op = ">=" if kind.minimum_inclusive else ">"
                    errors.setdefault(name, []).append(
                        f"{v:g} {data['unit']} is implausible for {kind.name}: must be {op} {kind.minimum:g}"
                    )
                elif kind.maximum is not None and v > kind.maximum:
                    errors.setdefault(name, []).append(
                        f"{v:g} {data['unit']} is implausible for {kind.name}: must be <= {kind.maximum:g}"
                    )
        elif value <= 0 and not (kind.minimum_inclusive and value == kind.minimum):
            errors.setdefault("value", []).append(f"{value:g} must be > 0")
        if low is not None and low > value:
            errors.setdefault("low", []).append(f"low {low:g} is greater than value {value:g}")
        if high is not None and high < value:
            errors.setdefault("high", []).append(f"high {high:g} is less than value {value:g}")
        if errors:
            raise ValidationError(errors)


#: Top-level keys of a factor file and the schema of their records.
RECORD_SCHEMAS: dict[str, type[Strict]] = {
    "zones": ZoneSchema,
    "operators": OperatorSchema,
    "technologies": TechnologySchema,
    "hardware": HardwareSchema,
    "factors": FactorSchema,
}


# -- bill mapping tables (factors/billing/<provider>.yaml) ---------------------------------
#: Line fields a rule may test, and the kinds a rule may give (carbonfactors.readers.bills).
BILLING_FIELDS = ("service", "usage_type", "description", "unit", "resource_type", "instance_type")
BILLING_KINDS = ("instance", "gpu", "vcpu", "memory", "storage", "network", "unsupported")
BILLING_UNSUPPORTED = tuple(UNSUPPORTED_TYPES)


class BillingTypeSchema(Strict):
    #: Line fields to read the ``{type}`` of ``model`` from, in order.
    from_ = fields.List(
        Text(validate=validate.OneOf(BILLING_FIELDS)), data_key="from", required=True
    )
    pattern = Text(required=True)
    lower = fields.Boolean(load_default=False)
    spaces = fields.String(load_default=None)


class BillingCountSchema(Strict):
    #: Line fields to read the units per quantity from ("2 vCore"), in order.
    from_ = fields.List(
        Text(validate=validate.OneOf(BILLING_FIELDS)), data_key="from", required=True
    )
    pattern = Text(required=True)
    #: When the line names the count ("P30"), the number each name stands for.
    values = fields.Dict(keys=Text(), values=fields.Float(), load_default=None)


class BillingRuleSchema(Strict):
    id = Text(required=True, validate=_id)
    where = fields.Dict(
        keys=Text(validate=validate.OneOf(BILLING_FIELDS)), values=Text(), required=True
    )
    kind = Text(required=True, validate=validate.OneOf(BILLING_KINDS))
    model = Text(load_default=None)
    type = fields.Nested(BillingTypeSchema, load_default=None)
    unit = Text(load_default=None)
    storage_class = Text(load_default=None, validate=validate.OneOf(("ssd", "hdd")))
    reason = Text(load_default=None)
    error_type = Text(load_default=None, validate=validate.OneOf(BILLING_UNSUPPORTED))
    count = fields.Nested(BillingCountSchema, load_default=None)


class BillingReplicationSchema(Strict):
    where = fields.Dict(
        keys=Text(validate=validate.OneOf(BILLING_FIELDS)), values=Text(), required=True
    )
    factor = fields.Float(required=True, validate=validate.Range(min=1))
    constant = Text(required=True)


class BillingTableSchema(Strict):
    provider = Text(required=True, validate=_id)
    names = fields.List(Text(), load_default=list)
    region = Text(load_default="lower", validate=validate.OneOf(("lower", "compact")))
    blocks = Text(load_default="multiply", validate=validate.OneOf(("multiply", "base-units")))
    rules = fields.List(fields.Nested(BillingRuleSchema), required=True)
    ccf_replication = fields.List(fields.Nested(BillingReplicationSchema), load_default=list)
