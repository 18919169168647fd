"""Validate a factors tree and turn it into a snapshot.

One pass reads every file, checks each record against its schema and then the whole tree
against the cross-file rules, and collects *every* problem as ``file:line: field: reason``
so a contributor fixes a pull request in one round. The same pass yields the snapshot that
``build`` and ``release`` use, so what is validated is exactly what is served.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from carbonfactors import snapshot as snap
from carbonfactors.kinds import (
    CATEGORY_SUBJECT_PREFIX,
    CPU_SEGMENTS,
    HARDWARE_CATEGORIES,
    PLAUSIBLE,
    category_subject,
)
from carbonfactors.names import normalize_name

from .factorfiles import LineMap, factor_files, plain, read_yaml
from .fileschemas import RECORD_SCHEMAS, SourceSchema, did_you_mean, flatten_messages
from .hardware_screens import AGPL_FACT_SOURCES
from .seriesfiles import check as check_series
from .seriesfiles import series_headers
from .spec_screens import agpl_spec_fields, gpu_types_without_accelerators, shape_in_name
from .validate_base import (
    CITED_SPECS as CITED_SPECS,
)
from .validate_base import (
    DISAGREEMENT_THRESHOLD as DISAGREEMENT_THRESHOLD,
)
from .validate_base import (
    LOADED_POWER_BASES as LOADED_POWER_BASES,
)
from .validate_base import (
    SOURCE_WHAT as SOURCE_WHAT,
)
from .validate_base import (
    Origin as Origin,
)
from .validate_base import (
    Problem as Problem,
)
from .validate_base import (
    Result as Result,
)
from .validate_base import (
    unknown as unknown,
)
from .validate_rules import _ValidatorRules


class _Validator(_ValidatorRules):
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
        categories = {CATEGORY_SUBJECT_PREFIX + c for c in HARDWARE_CATEGORIES} | {
            category_subject("cpu", s) for s in CPU_SEGMENTS
        }

        def need(coll: str, rid: str, fld: str, value: Any, pool: Any, what: str) -> None:
            if value is not None and value not in pool:
                path, line = self.at(coll, rid, fld)
                self.problem(path, line, fld, unknown(what, value, pool))

        for z in r["zones"]:
            need("zones", z["id"], "parent", z["parent"], zones, "zone")
            need("zones", z["id"], "grid_zone", z["grid_zone"], zones, "zone")
            need("zones", z["id"], "operator", z["operator"], operators, "operator")
            need("zones", z["id"], "mapping_source", z["mapping_source"], sources, "source")
            for served in z.get("serving_zones") or ():
                need("zones", z["id"], "serving_zones", served, zones, "zone")
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

    def instance_spec_sources(self) -> None:
        """Every published instance spec (vCPUs, memory, CPU, storage, platform) cites a
        non-AGPL list."""
        for hid, key, why in agpl_spec_fields(self.records["hardware"], AGPL_FACT_SOURCES):
            path, line = self.at("hardware", hid, "specs")
            self.problem(
                path,
                line,
                f"specs.{key}",
                f"'{hid}' {key} {why}: take it from a cited list (CCF, the provider's size "
                "table: importers/_instance_shapes.py) or leave it out",
            )
        for hid in gpu_types_without_accelerators(self.records["hardware"]):
            path, line = self.at("hardware", hid, "specs")
            self.problem(
                path,
                line,
                "specs.accelerators",
                f"'{hid}' is named as a GPU type but its specs carry no accelerators: it "
                "would be sized as a plain instance with CPU-only power; curate its "
                "accelerator share (importers/_accelerated_types.py) or state specs.gpu_unsized",
            )
        for hid, gb in shape_in_name(self.records["hardware"]):
            path, line = self.at("hardware", hid, "specs")
            self.problem(
                path,
                line,
                "specs.memory_gb",
                f"instance-shape-in-name: '{hid}' states {gb:g} GB in its name by its "
                "provider's documented naming but its specs carry no memory_gb: read it "
                "from the name (importers/_instance_shapes.py) and say what is missing",
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
        self.instance_sized_embodied({h["id"]: h for h in self.records["hardware"]})
        self.instance_shape_licence({h["id"]: h for h in self.records["hardware"]})
        self.instance_spec_sources()
        self.agpl_inputs()
        self.chip_sized_embodied({h["id"]: h for h in self.records["hardware"]})
        self.board_counts({h["id"]: h for h in self.records["hardware"]})
        self.cpu_segment_defaults()
        self.accelerator_embodied()
        self.disagreements()
        self.series()
        self.result.problems.sort()
        for name in snap.COLLECTIONS:
            self.result.snapshot[name] = sorted(self.records[name], key=lambda rec: rec["id"])
        self.accelerator_floor()
        self.grid_defaults()
        self.result.problems.sort()
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
        res = Result(snapshot={"format": snap.FORMAT, "rules": snap.RULES})
        res.problems.append(Problem(str(root), 1, "path", "not a directory"))
        return res
    return _Validator(root).run()
