"""The per-provider mapping tables (``factors/billing/<provider>.yaml``), loaded and applied.

A table says, as data reviewed like every factor file, which bill lines are what: an
instance type for some hours, vCPU-hours, GPU-hours, memory GB-hours, storage GB-months of
a class, network GB, or a line with no factor (``unsupported``, with the reason). The
reader classifies each *distinct* line key once (service, usage type, description, unit,
resource type, instance type), so a 10-million-row bill costs one regex pass per SKU.

Tables are found beside the bundled snapshot in a wheel (``carbonfactors/data/billing``)
or in the repository's ``factors/billing``; ``CARBONFACTORS_BILLING`` names another folder.
The pipeline's file schema (``carbonfactors_pipeline.billing``) checks them in CI.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...errors import InvalidInput
from . import units

#: What a rule may classify a line as, and the unit dimension each kind's quantity needs.
KINDS: dict[str, str | None] = {
    "instance": units.TIME,
    "gpu": units.TIME,
    "vcpu": units.TIME,
    "memory": units.DATA_TIME,
    "storage": units.DATA_TIME,
    "network": units.DATA,
    "unsupported": None,
}
#: Line fields a rule's ``where`` may test.
FIELDS = ("service", "usage_type", "description", "unit", "resource_type", "instance_type")
#: How a table's ``region`` option writes a location: ``lower`` (us-east-1), ``compact``
#: (Azure's "East US" / "EastUS" -> eastus).
REGION_STYLES = ("lower", "compact")
ENV = "CARBONFACTORS_BILLING"
#: Why an ``unsupported`` line has no footprint, as its ``error_type`` (a rule's
#: ``error_type``; ``unsupported-service`` when the rule names none).
UNSUPPORTED_TYPES = {
    "unsupported-service": "a recognised service with no energy factor",
    "unsupported-network": "internet, intra-region or CDN traffic, or data processed "
    "(the network factor covers traffic between cloud regions only)",
    "unsupported-requests": "priced per request, operation, event or metric",
    "unsupported-fee": "a flat hourly or monthly fee of a resource that is not a machine "
    "(IP address, gateway, load balancer, key, security plan, provisioned throughput)",
    "unsupported-licence": "a software licence or marketplace fee (the machine is billed "
    "on its own line)",
    "unsupported-size-unknown": "the size the energy depends on is not on the line "
    "(memory of a function, vCPUs of a database or an instance class)",
}

#: Recognised lines whose quantity is not a use of a machine, storage or the network:
#: requests, flat fees, licences. Typed and counted like every unsupported line, and also
#: counted apart in the summary (``not_by_quantity_*``), so the classified share of the
#: lines billed by a quantity of a resource can be read beside the share of all lines.
NOT_BY_QUANTITY = frozenset({"unsupported-requests", "unsupported-fee", "unsupported-licence"})


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    where: tuple[tuple[str, re.Pattern[str]], ...]
    model: str | None = None
    type_from: tuple[str, ...] = ()
    type_pattern: re.Pattern[str] | None = None
    type_lower: bool = False
    type_spaces: str | None = None
    unit: str | None = None
    storage_class: str | None = None
    reason: str | None = None
    error_type: str | None = None
    #: Where the line says how many units each quantity counts ("2 vCore" hours): the
    #: first field whose ``count_pattern`` matches gives the ``count`` group.
    count_from: tuple[str, ...] = ()
    count_pattern: re.Pattern[str] | None = None
    #: When the count is named, not written ("P30": a 1,024 GiB disk): name -> number.
    count_values: tuple[tuple[str, float], ...] = ()

    def count(self, line: dict[str, str]) -> float | None:
        """Units per quantity (1 without a ``count`` rule; None when none is readable)."""
        if self.count_pattern is None:
            return 1.0
        for f in self.count_from:
            m = self.count_pattern.search(line.get(f) or "")
            if m:
                if self.count_values:
                    return dict(self.count_values).get(m.group("count").upper())
                return float(m.group("count"))
        return None

    def matches(self, line: dict[str, str]) -> bool:
        return all(p.search(line.get(f) or "") for f, p in self.where)

    def instance(self, line: dict[str, str]) -> str | None:
        """The model id for ``line`` (``{type}`` filled from the first field that has it)."""
        if self.model is None:
            return None
        if "{type}" not in self.model:
            return self.model
        assert self.type_pattern is not None
        for f in self.type_from:
            m = self.type_pattern.search(line.get(f) or "")
            if m:
                t = m.group("type").strip()
                if self.type_spaces is not None:
                    t = re.sub(r"\s+", self.type_spaces, t)
                if self.type_lower:
                    t = t.lower()
                return self.model.replace("{type}", t)
        return None


@dataclass(frozen=True)
class Replication:
    """One of CCF's replication factors (``--method ccf`` only): lines whose every
    ``where`` pattern matches are multiplied by ``factor`` (first match wins)."""

    where: tuple[tuple[str, re.Pattern[str]], ...]
    factor: float
    constant: str

    def matches(self, line: dict[str, str]) -> bool:
        return all(p.search(line.get(f) or "") for f, p in self.where)


@dataclass(frozen=True)
class Table:
    provider: str
    names: tuple[str, ...]
    region: str
    rules: tuple[Rule, ...]
    path: str = ""
    #: Whether a unit's leading block size ("10 Hours") multiplies the quantity.
    blocks: bool = True
    #: CCF's replication factors, tried in order (``ccf_replication`` in the table).
    replication: tuple[Replication, ...] = ()
    _cache: dict[tuple[str, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    def classify(self, line: dict[str, str]) -> Rule | None:
        for rule in self.rules:
            if rule.matches(line):
                return rule
        return None

    def ccf_replication(self, line: dict[str, str]) -> float:
        """CCF's replication factor for a line (1 when no entry matches)."""
        for entry in self.replication:
            if entry.matches(line):
                return entry.factor
        return 1.0

    def location(self, region: str) -> str | None:
        r = region.strip()
        if not r or r.upper() == "NULL":
            return None
        r = r.lower()
        if self.region == "compact":
            r = re.sub(r"[\s_-]+", "", r)
        return f"{self.provider}:{r}"


def _bad(path: str, where: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{path}: {where}: {reason}", field="mapping")


def _regex(text: Any, path: str, where: str) -> re.Pattern[str]:
    if not isinstance(text, str) or not text:
        raise _bad(path, where, "must be a non-empty regular expression")
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as exc:
        raise _bad(path, where, f"invalid regular expression: {exc}") from None


def parse_table(doc: Any, path: str = "<table>") -> Table:
    """A table from its YAML document; raises ``InvalidInput`` naming the bad key."""
    if not isinstance(doc, dict):
        raise _bad(path, "table", "must be a mapping")
    unknown = set(doc) - {"provider", "names", "region", "rules", "blocks", "ccf_replication"}
    if unknown:
        raise _bad(path, sorted(unknown)[0], "unknown key")
    provider = doc.get("provider")
    if not isinstance(provider, str) or not provider:
        raise _bad(path, "provider", "required")
    region = doc.get("region", "lower")
    if region not in REGION_STYLES:
        raise _bad(path, "region", f"one of {', '.join(REGION_STYLES)}")
    rules = []
    seen: set[str] = set()
    for i, raw in enumerate(doc.get("rules") or []):
        where_at = f"rules[{i}]"
        if not isinstance(raw, dict):
            raise _bad(path, where_at, "must be a mapping")
        allowed = {
            "id",
            "where",
            "kind",
            "model",
            "type",
            "unit",
            "storage_class",
            "reason",
            "error_type",
            "count",
        }
        extra = set(raw) - allowed
        if extra:
            raise _bad(path, f"{where_at}.{sorted(extra)[0]}", "unknown key")
        rid, kind = raw.get("id"), raw.get("kind")
        if not isinstance(rid, str) or rid in seen:
            raise _bad(path, f"{where_at}.id", "required and unique")
        seen.add(rid)
        if kind not in KINDS:
            raise _bad(path, f"{where_at}.kind", f"one of {', '.join(KINDS)}")
        compiled = _where(raw.get("where"), path, where_at)
        model = raw.get("model")
        if kind != "unsupported" and not model:
            raise _bad(path, f"{where_at}.model", f"required for kind {kind}")
        if kind == "unsupported" and not raw.get("reason"):
            raise _bad(path, f"{where_at}.reason", "required for kind unsupported")
        etype = raw.get("error_type")
        if etype is not None and (kind != "unsupported" or etype not in UNSUPPORTED_TYPES):
            raise _bad(
                path,
                f"{where_at}.error_type",
                f"only for kind unsupported, one of {', '.join(UNSUPPORTED_TYPES)}",
            )
        t = raw.get("type") or {}
        pattern = None
        if model and "{type}" in model:
            if not t.get("from") or not t.get("pattern"):
                raise _bad(path, f"{where_at}.type", "from and pattern required by {type}")
            pattern = _regex(t["pattern"], path, f"{where_at}.type.pattern")
            if "type" not in pattern.groupindex:
                raise _bad(path, f"{where_at}.type.pattern", "needs a (?P<type>...) group")
        c = raw.get("count") or {}
        count_pattern = None
        if c:
            if not c.get("from") or not c.get("pattern"):
                raise _bad(path, f"{where_at}.count", "from and pattern required")
            count_pattern = _regex(c["pattern"], path, f"{where_at}.count.pattern")
            if "count" not in count_pattern.groupindex:
                raise _bad(path, f"{where_at}.count.pattern", "needs a (?P<count>...) group")
            for name, value in (c.get("values") or {}).items():
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                    raise _bad(path, f"{where_at}.count.values.{name}", "a number > 0")
        if raw.get("unit") is not None and units.parse(raw["unit"]) is None:
            raise _bad(path, f"{where_at}.unit", f"unknown unit '{raw['unit']}'")
        rules.append(
            Rule(
                rid,
                kind,
                compiled,
                model,
                tuple(t.get("from") or ()),
                pattern,
                bool(t.get("lower")),
                t.get("spaces"),
                raw.get("unit"),
                raw.get("storage_class"),
                raw.get("reason"),
                etype,
                tuple(c.get("from") or ()),
                count_pattern,
                tuple((str(k).upper(), float(v)) for k, v in (c.get("values") or {}).items()),
            )
        )
    names = tuple(str(n) for n in (doc.get("names") or [provider]))
    blocks = doc.get("blocks", "multiply")
    if blocks not in ("multiply", "base-units"):
        raise _bad(path, "blocks", "one of multiply, base-units")
    return Table(
        provider,
        names,
        region,
        tuple(rules),
        path,
        blocks=blocks == "multiply",
        replication=_replication(doc.get("ccf_replication") or [], path),
    )


def _where(where: Any, path: str, at: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if not isinstance(where, dict) or not where:
        raise _bad(path, f"{at}.where", "a non-empty mapping of field -> pattern")
    bad_fields = set(where) - set(FIELDS)
    if bad_fields:
        raise _bad(path, f"{at}.where.{sorted(bad_fields)[0]}", f"not one of {FIELDS}")
    return tuple((f, _regex(p, path, f"{at}.where.{f}")) for f, p in where.items())


def _replication(raw: Any, path: str) -> tuple[Replication, ...]:
    out = []
    for i, entry in enumerate(raw):
        at = f"ccf_replication[{i}]"
        if not isinstance(entry, dict) or set(entry) - {"where", "factor", "constant"}:
            raise _bad(path, at, "a mapping of where, factor, constant")
        factor = entry.get("factor")
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor < 1:
            raise _bad(path, f"{at}.factor", "a number >= 1")
        constant = entry.get("constant")
        if not isinstance(constant, str) or not constant:
            raise _bad(path, f"{at}.constant", "CCF's constant name, required")
        out.append(Replication(_where(entry.get("where"), path, at), float(factor), constant))
    return tuple(out)


def folder() -> Path:
    """Where the tables are: $CARBONFACTORS_BILLING, the wheel's copy, or the repository's."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    packaged = here.parents[2] / "data" / "billing"
    if packaged.is_dir():
        return packaged
    return here.parents[4] / "factors" / "billing"


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, Table]:
    try:
        import yaml
    except ModuleNotFoundError:  # pragma: no cover - exercised without the extra
        raise ImportError("bill readers need PyYAML: pip install 'carbonfactors[frame]'") from None
    out: dict[str, Table] = {}
    root = Path(path)
    if not root.is_dir():
        raise InvalidInput(f"no billing mapping tables in {root}", field="mapping")
    for p in sorted(root.glob("*.yaml")):
        with p.open(encoding="utf-8") as fh:
            table = parse_table(yaml.safe_load(fh), str(p.name))
        out[table.provider] = table
    return out


def tables(path: str | Path | None = None) -> dict[str, Table]:
    """Every provider's table, by provider id (``aws``, ``gcp``, ``azure``, ``oci``)."""
    return _load(str(path or folder()))


def by_name(all_tables: dict[str, Table]) -> dict[str, Table]:
    """Tables by the provider names bills use (FOCUS ``ProviderName``), lower-cased."""
    out: dict[str, Table] = {}
    for t in all_tables.values():
        out[t.provider.lower()] = t
        for n in t.names:
            out[n.lower()] = t
    return out
