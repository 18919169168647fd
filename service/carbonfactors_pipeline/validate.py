"""Validate a factors tree and turn it into a snapshot.

One pass reads every file, checks each record against its schema and then the whole tree
against the cross-file rules, and collects *every* problem as ``file:line: field: reason``
so a contributor fixes a pull request in one round. The same pass yields the snapshot that
``build`` and ``release`` use, so what is validated is exactly what is served.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from carbonfactors import snapshot as snap
from carbonfactors.kinds import CATEGORY_SUBJECT_PREFIX, HARDWARE_CATEGORIES, PLAUSIBLE
from carbonfactors.names import normalize_name

from . import corrections, licensing
from .factorfiles import LineMap, factor_files, plain, read_yaml
from .fileschemas import RECORD_SCHEMAS, SourceSchema, did_you_mean, flatten_messages
from .hardware_screens import screen_hardware
from .screens import Flag, Reasons, read_reasons, screen, spread
from .seriesfiles import check as check_series
from .seriesfiles import series_headers

#: Specs that embodied-carbon derivations read (ACT's die model, Boavizta's CPU model): a
#: record holding one must cite its source in ``specs.sources`` (issue 9 item 8).
CITED_SPECS: tuple[str, ...] = ("die_area_mm2", "process_nm")

#: Power bases at which an instance runs its accelerators (checked against their idle draw).
LOADED_POWER_BASES = ("max", "load-100", "tdp", "average")
#: Relative disagreement between two sources above which reviewers are shown the pair.
DISAGREEMENT_THRESHOLD = 0.25


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.reason}"


@dataclass
class Origin:
    path: str
    line: int
    record: LineMap


@dataclass
class Result:
    """What one validation run found: the dataset, its problems and its review notes."""

    snapshot: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    #: Grid values the plausibility screens flagged (see screens.py), kept or excluded.
    flags: list[Flag] = field(default_factory=list)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


#: How a factor's missing source is named in problems (one wording for every check).
SOURCE_WHAT = "source (not in factors/sources.yaml)"


def unknown(what: str, value: Any, pool: Any) -> str:
    """The reason for a reference to nothing: what it should name, and the nearest names."""
    return f"unknown {what} '{value}'" + did_you_mean(value, pool)


class _Validator:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.result = Result(snapshot={"format": snap.FORMAT})
        self.records: dict[str, list[dict[str, Any]]] = {name: [] for name in snap.COLLECTIONS}
        self.reasons = Reasons({}, {}, [], [], {})
        self.factor_ids: set[str] = set()
        self.source_licenses: dict[str, str] = {}

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: str, line: int, fld: str, reason: str) -> None:
        self.result.problems.append(Problem(path, line, fld, reason))

    # -- per-record --------------------------------------------------------------------
    def load_records(self, path: Path, collection: str, items: Any, key_line: int) -> None:
        rel = self.rel(path)
        if not isinstance(items, list):
            self.problem(rel, key_line, collection, "must be a list of records")
            return
        schema = (SourceSchema if collection == "sources" else RECORD_SCHEMAS[collection])()
        for item in items:
            if not isinstance(item, LineMap):
                self.problem(rel, key_line, collection, "each entry must be a mapping of fields")
                continue
            for key, line in item.duplicate_keys:
                self.problem(rel, line, str(key), "field given twice in one record")
            try:
                loaded = schema.load(plain(item))
            except ValidationError as err:
                for fld, reason in flatten_messages(err.messages):
                    top = fld.split(".", 1)[0]
                    if reason.startswith("unknown field"):
                        reason += did_you_mean(fld.rsplit(".", 1)[-1], schema.fields)
                    self.problem(rel, item.line_of(top), fld, reason)
                # Report a bad source reference now too, not only after the rest is fixed.
                self.check_source(rel, item)
                continue
            rid = loaded["id"]
            prior = self.result.origins.get((collection, rid))
            if prior is not None:
                self.problem(
                    rel,
                    item.line_of("id"),
                    "id",
                    f"duplicate {collection[:-1] if collection != 'hardware' else 'hardware'} "
                    f"id '{rid}' (first defined at {prior.path}:{prior.line})",
                )
                continue
            self.result.origins[(collection, rid)] = Origin(rel, item.line_of("id"), item)
            self.records[collection].append(dict(loaded))

    def check_source(self, rel: str, item: LineMap) -> None:
        src = item.get("source")
        known = {s["id"] for s in self.records["sources"]}
        if isinstance(src, str) and known and src not in known:
            self.problem(rel, item.line_of("source"), "source", unknown(SOURCE_WHAT, src, known))

    def load_file(self, path: Path, allowed: tuple[str, ...]) -> None:
        rel = self.rel(path)
        ff = read_yaml(path)
        for err in ff.errors:
            self.problem(rel, err.line, "file", err.reason)
        if ff.errors:
            return
        if ff.data is None:
            self.problem(rel, 1, "file", "file is empty")
            return
        if not isinstance(ff.data, LineMap):
            self.problem(
                rel, 1, "file", f"top level must be a mapping with keys: {', '.join(allowed)}"
            )
            return
        for key, line in ff.data.duplicate_keys:
            self.problem(rel, line, str(key), "key given twice in one file")
        for key, items in ff.data.items():
            if key not in allowed:
                self.problem(
                    rel,
                    ff.data.line_of(key),
                    str(key),
                    f"unknown top-level key (allowed: {', '.join(allowed)})",
                )
                continue
            self.load_records(path, key, items, ff.data.line_of(key))

    # -- cross-file ----------------------------------------------------------------------
    def at(self, collection: str, rid: str, fld: str) -> tuple[str, int]:
        o = self.result.origins[(collection, rid)]
        return o.path, o.record.line_of(fld)

    def cross_checks(self) -> None:
        r = self.records
        sources = {s["id"] for s in r["sources"]}
        zones = {z["id"]: z for z in r["zones"]}
        operators = {o["id"]: o for o in r["operators"]}
        hardware = {h["id"]: h for h in r["hardware"]}
        entity_owner: dict[str, str] = {}
        for coll in ("zones", "operators", "technologies", "hardware"):
            for rec in r[coll]:
                if rec["id"] in entity_owner:
                    path, line = self.at(coll, rec["id"], "id")
                    self.problem(
                        path, line, "id", f"'{rec['id']}' is already a {entity_owner[rec['id']]} id"
                    )
                else:
                    entity_owner[rec["id"]] = coll[:-1] if coll != "hardware" else "hardware"
        categories = {CATEGORY_SUBJECT_PREFIX + c for c in HARDWARE_CATEGORIES}

        def need(coll: str, rid: str, fld: str, value: Any, pool: Any, what: str) -> None:
            if value is not None and value not in pool:
                path, line = self.at(coll, rid, fld)
                self.problem(path, line, fld, unknown(what, value, pool))

        for z in r["zones"]:
            need("zones", z["id"], "parent", z["parent"], zones, "zone")
            need("zones", z["id"], "grid_zone", z["grid_zone"], zones, "zone")
            need("zones", z["id"], "operator", z["operator"], operators, "operator")
            need("zones", z["id"], "mapping_source", z["mapping_source"], sources, "source")
            gz = zones.get(z["grid_zone"] or "")
            if gz is not None and gz["type"] == "cloud_region":
                path, line = self.at("zones", z["id"], "grid_zone")
                self.problem(
                    path, line, "grid_zone", "must be a grid zone, not another cloud region"
                )
        for o in r["operators"]:
            need("operators", o["id"], "parent", o["parent"], operators, "operator")
            need("operators", o["id"], "zone", o["zone"], zones, "zone")
        aliases: dict[str, str] = {}
        for h in r["hardware"]:
            for name in [h["id"], h["name"], *h["aliases"]]:
                key = normalize_name(name)
                other = aliases.setdefault(key, h["id"])
                if other != h["id"]:
                    path, line = self.at("hardware", h["id"], "aliases")
                    self.problem(path, line, "aliases", f"'{name}' also names '{other}': ambiguous")
            cited = h["specs"].get("sources", {})
            for key in CITED_SPECS:
                if key in h["specs"] and key not in cited:
                    path, line = self.at("hardware", h["id"], "specs")
                    self.problem(
                        path,
                        line,
                        f"specs.sources.{key}",
                        f"'{key}' feeds embodied derivations: name its source in specs.sources",
                    )
            for key, sid in cited.items():
                if key == "sources" or key not in h["specs"]:
                    path, line = self.at("hardware", h["id"], "specs")
                    self.problem(path, line, f"specs.sources.{key}", f"no spec '{key}' to cite")
                need("hardware", h["id"], "specs", sid, sources, "source (specs.sources)")
            for i, part in enumerate(h["specs"].get("accelerators", [])):
                if part["model"] not in hardware:
                    path, line = self.at("hardware", h["id"], "specs")
                    self.problem(
                        path,
                        line,
                        f"specs.accelerators.{i}.model",
                        f"unknown hardware '{part['model']}'",
                    )

        seen_key: dict[tuple[Any, ...], str] = {}
        for f in r["factors"]:
            fid = f["id"]
            need(
                "factors",
                fid,
                "source",
                f["source"],
                sources,
                SOURCE_WHAT,
            )
            self.derivation(f, sources)
            subj = f["subject"]
            if subj not in entity_owner and subj not in categories:
                path, line = self.at("factors", fid, "subject")
                self.problem(
                    path,
                    line,
                    "subject",
                    f"unknown subject '{subj}' (no zone, operator, technology or hardware has this id)",
                )
            hw = hardware.get(subj)
            if hw is not None:
                bounds = PLAUSIBLE.get((f["kind"], hw["category"]))
                if bounds and f["unit"] in ("W", "kgCO2e"):
                    lo, hi = bounds
                    for name in ("value", "low", "high"):
                        v = f[name]
                        if v is not None and not lo <= v <= hi:
                            path, line = self.at("factors", fid, name)
                            self.problem(
                                path,
                                line,
                                name,
                                f"{v:g} {f['unit']} is absurd for a {hw['category']} {f['kind']} "
                                f"(plausible: {lo:g}..{hi:g})",
                            )
            ukey = (f["kind"], subj, f["year"], f["basis"], f["source"], f["unit"], f["period"])
            if ukey in seen_key:
                path, line = self.at("factors", fid, "id")
                self.problem(
                    path,
                    line,
                    "id",
                    f"same kind, subject, year, basis, source, unit and period as '{seen_key[ukey]}'",
                )
            else:
                seen_key[ukey] = fid
        self.instance_power_floor(hardware)

    def derivation(self, f: dict[str, Any], sources: set[str]) -> None:
        """A derived value records inputs that exist; one citing our derivations records some."""
        derived = f.get("derived_from") or {}
        for sid in derived.get("sources") or ():
            if sid not in sources:
                path, line = self.at("factors", f["id"], "derived_from")
                self.problem(path, line, "derived_from.sources", unknown(SOURCE_WHAT, sid, sources))
        for fid in (*(derived.get("factors") or ()), *licensing.input_factors(f)):
            if fid not in self.factor_ids or fid == f["id"]:
                path, line = self.at("factors", f["id"], "derived_from")
                why = "a factor cannot derive from itself" if fid == f["id"] else None
                self.problem(
                    path,
                    line,
                    "derived_from.factors",
                    why or unknown("factor", fid, self.factor_ids),
                )
        lic = licensing.terms(self.source_licenses.get(f["source"], ""))
        if (
            lic is not None
            and lic.computed
            and not (derived.get("factors") or derived.get("sources") or licensing.input_factors(f))
        ):
            path, line = self.at("factors", f["id"], "source")
            self.problem(
                path,
                line,
                "derived_from",
                f"'{f['source']}' is a derivation: its licence is computed from the inputs, so "
                "record them in derived_from (factors and/or sources)",
            )

    def licences(self) -> None:
        """Write each factor's computed licence (``license``) into the snapshot records."""
        snapshot = {"sources": self.records["sources"], "factors": self.records["factors"]}
        computed = licensing.compute_licenses(snapshot)
        for f in self.records["factors"]:
            f["license"] = computed[f["id"]]

    def instance_power_floor(self, hardware: dict[str, dict[str, Any]]) -> None:
        """An instance's power at load may not be below its accelerators' idle draw.

        Every power factor of a hardware entry with ``specs.accelerators`` at a loaded basis
        (``LOADED_POWER_BASES``) must be >= sum of count x the accelerator's idle (else min)
        power, when the catalog has one: a value below it cannot include the accelerators
        (e.g. CPU + memory power only for a GPU instance). No floor is set against TDP:
        no source gives a fraction of TDP that every accelerator reaches at full load.
        """
        idle: dict[str, float] = {}
        for f in self.records["factors"]:
            if f["kind"] == "power" and f["unit"] == "W" and f["basis"] in ("idle", "min"):
                prior = idle.get(f["subject"])
                # idle wins over min; among equals the lower value (the conservative floor)
                if prior is None or f["basis"] == "idle" or f["value"] < prior:
                    idle[f["subject"]] = f["value"]
        for f in self.records["factors"]:
            if f["kind"] != "power" or f["unit"] != "W" or f["basis"] not in LOADED_POWER_BASES:
                continue
            parts = (hardware.get(f["subject"]) or {}).get("specs", {}).get("accelerators") or []
            known = [
                (p["count"], p["model"], idle[p["model"]]) for p in parts if p["model"] in idle
            ]
            floor = sum(n * w for n, _, w in known)
            if known and f["value"] < floor:
                path, line = self.at("factors", f["id"], "value")
                what = " + ".join(f"{n} x {m} idle {w:g} W" for n, m, w in known)
                self.problem(
                    path,
                    line,
                    "value",
                    f"{f['value']:g} W at {f['basis']} is below the idle draw of the instance's "
                    f"accelerators ({what} = {floor:g} W): the power must include them",
                )

    def billing(self) -> None:
        """The bill mapping tables: their schema, patterns and the models they name."""
        from . import billing

        ids = {h["id"] for h in self.records["hardware"]}
        for path, line, fld, reason in billing.check(self.root, ids, self.rel):
            self.problem(path, line, fld, reason)

    def corrections(self) -> None:
        """Each correction names a factor, cites a known source, and has been applied."""
        rel = self.rel(self.root / corrections.FILE)
        found, problems = corrections.read(self.root)
        for line, fld, reason in problems:
            self.problem(rel, line, fld, reason)
        if not found:
            return
        factors = {f["id"]: f for f in self.records["factors"]}
        sources = {s["id"] for s in self.records["sources"]}
        for fid, fix in sorted(found.items()):
            f = factors.get(fid)
            if fix["evidence"] not in sources:
                self.problem(rel, fix["line"], "evidence", f"unknown source '{fix['evidence']}'")
            if f is None:
                self.problem(rel, fix["line"], "id", f"no factor '{fid}' to correct")
            elif f["value"] != fix["value"] or "corrections.yaml" not in (f["method"] or ""):
                path, line = self.at("factors", fid, "value")
                self.problem(
                    path,
                    line,
                    "value",
                    f"correction in {rel} not applied: re-run the importer that writes this file",
                )

    def screens(self) -> None:
        """Flag implausible grid and hardware values; excluded ones carry their reason."""
        path, reasons = read_reasons(self.root)
        rel = self.rel(Path(path))
        for line, fld, reason in reasons.problems:
            self.problem(rel, line, fld, reason)
        factors = {f["id"]: f for f in self.records["factors"]}
        for fid in sorted({k[0] for k in reasons.keep} | set(reasons.exclude)):
            if fid not in factors:
                self.problem(rel, reasons.lines.get(fid, 1), "factor", f"unknown factor '{fid}'")
        self.reasons = reasons
        self.result.flags = sorted(
            screen(self.records["factors"], reasons)
            + screen_hardware(self.records["factors"], self.records["hardware"], reasons),
            key=lambda fl: fl.factor,
        )
        for fl in self.result.flags:
            if fl.excluded and fl.factor in factors:
                factors[fl.factor]["excluded"] = fl.excluded

    def disagreements(self) -> None:
        """Grid values of two sources more than the threshold apart: explained, or open."""
        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        for f in self.records["factors"]:
            if f["kind"] == "grid_intensity":
                groups[(f["subject"], f["year"], f["basis"])].append(f)
        for (subject, year, basis), fs in sorted(groups.items(), key=lambda kv: str(kv[0])):
            if len({f["source"] for f in fs}) < 2:
                continue
            lo = min(fs, key=lambda f: f["value"])
            hi = max(fs, key=lambda f: f["value"])
            rel = spread(lo["value"], hi["value"])
            if rel is not None and rel <= DISAGREEMENT_THRESHOLD:
                continue
            if rel is None and hi["value"] - lo["value"] < 1.0:
                continue  # both near zero: no disagreement worth a review
            note = self.reasons.explanation(subject, year, (lo["source"], hi["source"]))

            def side(f: dict[str, Any]) -> dict[str, Any]:
                keys = ("id", "value", "source", "accounting", "excluded")
                return {k: f.get(k) for k in keys if f.get(k) is not None}

            self.result.disagreements.append(
                {
                    "subject": subject,
                    "year": year,
                    "basis": basis,
                    "low": side(lo),
                    "high": side(hi),
                    "spread": None if rel is None else round(rel, 4),
                    "status": "open" if note is None else "explained",
                    "note": note,
                }
            )

    def run(self) -> Result:
        sources = self.root / "sources.yaml"
        if not sources.exists():
            self.problem(
                self.rel(sources), 1, "file", "bibliography factors/sources.yaml is missing"
            )
        else:
            self.load_file(sources, ("sources",))
        for path in factor_files(self.root):
            if path.suffix not in (".yaml", ".yml"):
                self.problem(self.rel(path), 1, "file", "only YAML (.yaml) factor files are read")
                continue
            self.load_file(path, tuple(RECORD_SCHEMAS))
        self.factor_ids = {f["id"] for f in self.records["factors"]}
        self.source_licenses = {s["id"]: s["license"] for s in self.records["sources"]}
        self.cross_checks()
        self.licences()
        self.billing()
        self.corrections()
        self.screens()
        self.disagreements()
        self.series()
        self.result.problems.sort()
        for name in snap.COLLECTIONS:
            self.result.snapshot[name] = sorted(self.records[name], key=lambda rec: rec["id"])
        return self.result

    def series(self) -> None:
        """Intensity series (``series/``): checked, and carried in the snapshot header."""
        zones = {z["id"]: z for z in self.records["zones"]}
        sources = {s["id"]: s for s in self.records["sources"]}
        found = []
        for path in series_headers(self.root):
            record, issues = check_series(path, self.rel(path), zones, sources)
            for issue in issues:
                self.problem(*issue)
            if record is not None:
                found.append(record)
        if found:  # no key at all without series: older snapshots keep their bytes
            self.result.snapshot["series"] = sorted(found, key=lambda rec: rec["id"])


def validate_tree(root: Path) -> Result:
    """Validate ``root`` (a factors/ folder); never raises for bad data, only reports it."""
    if not root.is_dir():
        res = Result(snapshot={"format": snap.FORMAT})
        res.problems.append(Problem(str(root), 1, "path", "not a directory"))
        return res
    return _Validator(root).run()
