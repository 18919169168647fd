"""Cross-file rules of the validator: derivations, licences, power floors, billing,
corrections, screens and source disagreements.

Kept apart from validate.py, which loads the records these rules read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from . import corrections, instance_cpu_host_screen, keep_note_screen, licensing
from .correction_screens import RULE as COVERAGE_RULE
from .correction_screens import screen_correction_coverage
from .cpu_screens import (
    client_cpu_defaults,
    duplicate_segments,
    segment_die_range,
    server_socket_defaults,
    tdp_outside_family,
)
from .factorfiles import SCREENS_FILE
from .hardware_screens import (
    AGPL_FACT_SOURCES,
    CHIP_CATEGORIES,
    screen_hardware,
    shape_sources,
    sized_chip,
    sized_plain_instance,
)
from .instance_platform_screen import platform_screen
from .instance_series_screens import RULES as SERIES_RULES
from .instance_series_screens import confidential_twin, screen_series
from .pcf_mean_screens import RULE as PCF_MEAN_RULE
from .pcf_mean_screens import screen_pcf_means
from .screens import Flag, read_reasons, screen, spread
from .server_screens import SERVER_RULES, screen_servers
from .socket_screens import RULE as SOCKET_RULE
from .socket_screens import screen_sockets
from .upstream_sources import beside
from .validate_base import (
    DISAGREEMENT_THRESHOLD,
    LOADED_POWER_BASES,
    SOURCE_WHAT,
    _ValidatorBase,
    unknown,
)

#: Server PCF siblings far apart (``server_screens``): a problem until a note explains it.
SIBLING_RULE = SERVER_RULES[3]
#: A server on the category default beside a measured sibling (class K2): a problem too.
MEASURED_SIBLING_RULE = SERVER_RULES[4]
#: A GPU-server PCF value that does not say its sheet names no GPU (class GX): a problem.
GPU_SERVER_RULE = SERVER_RULES[5]
#: Server rules flagged on a hardware id (class K2): a problem until a peer or a note.
HARDWARE_SERVER_RULES = (MEASURED_SIBLING_RULE, SERVER_RULES[6], SOCKET_RULE)


class _ValidatorRules(_ValidatorBase):
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
                what = " + ".join(f"{n:g} x {m} idle {w:g} W" for n, m, w in known)
                self.problem(
                    path,
                    line,
                    "value",
                    f"{f['value']:g} W at {f['basis']} is below the idle draw of the instance's "
                    f"accelerators ({what} = {floor:g} W): the power must include them",
                )

    def instance_sized_embodied(self, hardware: dict[str, dict[str, Any]]) -> None:
        """Every sized plain cloud instance type has an embodied value of its own.

        A type with its vCPUs and memory on file but no embodied factor would take the
        cloud-instance category default, one median for every size (401 kg for 8 vCPUs and
        for a 3 TB bare-metal host alike: audit 2026-12-06, class C). Rule C3 of the
        ``category-defaults`` importer sizes one; a missing one means that importer was not
        re-run after the catalog changed.
        """
        have = {f["subject"] for f in self.records["factors"] if f["kind"] == "embodied"}
        if "category:cloud_instance" not in have:
            return  # no category default to fall to (a partial tree): nothing size-blind
        for hid, h in sorted(hardware.items()):
            if sized_plain_instance(h) and hid not in have:
                path, line = self.at("hardware", hid, "id")
                self.problem(
                    path,
                    line,
                    "embodied",
                    f"cloud instance '{hid}' has vCPUs and memory on file but no embodied "
                    "value: it would take the size-blind category default; re-run "
                    "'carbonfactors import category-defaults' (rule C3 sizes one)",
                )
            elif (twin := confidential_twin(hid)) in have and hid not in have:
                path, line = self.at("hardware", hid, "id")
                self.problem(
                    path,
                    line,
                    "embodied",
                    f"confidential type '{hid}' has no embodied value while its twin "
                    f"'{twin}' (same sizes and processor) has one: it would take the "
                    "category default; cite its series' size table "
                    "(importers/_instance_shapes.py) so rule C3 sizes it (class AZC)",
                )

    def instance_shape_licence(self, hardware: dict[str, dict[str, Any]]) -> None:
        """No instance value sized from a shape only an AGPL archetype states hides it.

        A cloud instance record names where its vCPUs and memory come from
        (``specs.sources``). A factor of that instance computed from them (its ``inputs``
        hold ``vcpus`` or ``memory_gb``) must record that list in ``derived_from``, so the
        computed licence keeps it out of every bundle; before issue 19's fix, rule C3 sized
        about 270 plain types from Boavizta's AGPL archetypes and recorded only the method."""
        for f in self.records["factors"]:
            h = hardware.get(f["subject"])
            if h is None or h.get("category") != "cloud_instance":
                continue
            agpl = shape_sources(h) & AGPL_FACT_SOURCES
            used = set(f.get("inputs") or {}) & {"vcpus", "memory_gb"}
            named = set((f.get("derived_from") or {}).get("sources") or ())
            if agpl and used and not agpl <= named:
                path, line = self.at("factors", f["id"], "derived_from")
                self.problem(
                    path,
                    line,
                    "derived_from.sources",
                    f"sized from the {' and '.join(sorted(used))} of '{h['id']}', which only "
                    f"{', '.join(sorted(agpl))} (AGPL code) states: no value may rest on it; "
                    "cite the provider's size table (importers/_instance_shapes.py)",
                )

    def agpl_inputs(self) -> None:
        """No value or bound uses AGPL (GPL) code without recording it (issue 19).

        Such a source may be cited by its own factors, and a value that records it as an
        input has a computed licence that ships it in no bundle. A value whose method names
        it (where the inputs of a bound are described) without ``derived_from`` (followed
        recursively) recording it would ship under a licence its inputs do not give: before
        issue 19's fix, the S1/S2 accelerator bounds used Boavizta API's GPU model so."""
        code = {
            sid
            for sid, lic in self.source_licenses.items()
            if "GPL" in (licensing.spdx_id(lic) or lic).upper()
        }
        prov = licensing.Provenance(self.records)
        for f in self.records["factors"]:
            if f["source"] in code:
                continue
            method = f.get("method") or ""
            named = {s for s in code if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", method)}
            hidden = sorted(named - prov.sources(f["id"]))
            if hidden:
                path, line = self.at("factors", f["id"], "method")
                self.problem(
                    path,
                    line,
                    "derived_from",
                    f"its method uses {', '.join(hidden)} (AGPL code, a place to find primary "
                    "publications, never the source of a shipped value or bound) without "
                    "recording it in derived_from: re-derive it from the primary or drop it",
                )

    def chip_sized_embodied(self, hardware: dict[str, dict[str, Any]]) -> None:
        """Every accelerator with a die area and node on file has an embodied value of its own.

        Without one it would take its category default (224 kgCO2e, two HBM datacenter GPUs'
        median, also for an 8 W SoC: audit 2026-12-06, class D); the ``accelerators``
        importer sizes one from the die and memory, so a missing one means it was not re-run.
        A part with a die area but no node counts when another part with the same die (area
        and transistor count) gives the node (audit 2026-12-06 seed 1796548636, class L).
        """
        from .importers._accelerator_die_blanks import (
            same_die_memory,
            same_die_node,
            with_sibling_transistors,
        )

        borrowed = same_die_node(hardware)
        # M0 (audit 2026-12-06 seed 1796563618 #37): a value sized at 0 GB on a die whose
        # other boards state their memory left the memory out; a blank transistor count is
        # the vendor's same area-and-node sibling's (O1: A800 SXM was sized at 0 GB).
        memory = same_die_memory(with_sibling_transistors(hardware)[0])
        for f in self.records["factors"]:
            i = f.get("inputs") or {}
            if (
                f["kind"] == "embodied"
                and f.get("rung") == "component-model"
                and f["subject"] in memory
                and "memory_gb" in i
                and not i["memory_gb"]
            ):
                path, line = self.at("factors", f["id"], "inputs")
                self.problem(
                    path,
                    line,
                    "inputs",
                    f"accelerator-memory: '{f['id']}' is sized at 0 GB of memory, but the "
                    f"boards on its die state theirs ({memory[f['subject']][3]}); re-run "
                    "'carbonfactors import accelerators' (it takes their memory)",
                )
        have = {
            f["subject"]
            for f in self.records["factors"]
            if f["kind"] == "embodied" and f.get("rung") != "lower-bound"
        }
        for hid, h in sorted(hardware.items()):
            chip = sized_chip(h) or (hid in borrowed and h.get("release_year") is not None)
            if chip and hid not in have and f"category:{h['category']}" in have:
                path, line = self.at("hardware", hid, "id")
                self.problem(
                    path,
                    line,
                    "embodied",
                    f"{h['category']} '{hid}' has a die area and node on file but no embodied "
                    "value of its own: it would take the category default; re-run "
                    "'carbonfactors import accelerators' (it sizes one from die and memory)",
                )
        # A node but no die area (audit 2026-12-06 #33, #37): bracketed by its node's dies
        # (``_accelerator_sized.node_peers``) once three sized dies share its node.
        dies: dict[float, set[float]] = defaultdict(set)
        for f in self.records["factors"]:
            i = f.get("inputs") or {}
            if (
                f.get("rung") == "component-model"
                and i.get("die_area_mm2")
                and i.get("process_nm")
                and not ({"family_model", "process_nm_from"} & set(i))
            ):
                dies[float(i["process_nm"])].add(float(i["die_area_mm2"]))
        for hid, h in sorted(hardware.items()):
            sp = h.get("specs") or {}
            node = sp.get("process_nm")
            if (
                h.get("category") in CHIP_CATEGORIES
                and node
                and not sp.get("die_area_mm2")
                and h.get("release_year") is not None
                and hid not in have
                and len(dies.get(float(node), ())) >= 3
                and f"category:{h['category']}" in have
            ):
                path, line = self.at("hardware", hid, "id")
                self.problem(
                    path,
                    line,
                    "embodied",
                    f"{h['category']} '{hid}' has a node ({node:g} nm) but no die area, and "
                    f"{len(dies[float(node)])} dies are sized at that node: it would take the "
                    "category default; re-run 'carbonfactors import accelerators' (it brackets "
                    "it by its node's dies)",
                )

    def board_counts(self, hardware: dict[str, dict[str, Any]]) -> None:
        """No instance counts dual-GPU boards as GPUs (``instance-board-count``).

        AWS (P2, G4) and Azure (NC, NV, NVv3) count each GPU of a Tesla K80 or M60 board
        ("1 GPU = one-half K80 card"), so an instance whose accelerators name the board
        (``specs.gpus_per_board`` > 1) charges a whole board per GPU: twice the power and
        embodied carbon (audit 2026-12-06: p2.16xlarge 5,630 W; G4 and NV had the same
        problem). List the per-GPU part (``nvidia-gk210``, ``nvidia-gm204``) instead.
        """
        for hid, h in sorted(hardware.items()):
            for part in (h.get("specs") or {}).get("accelerators") or []:
                board = hardware.get(part.get("model"), {})
                n = (board.get("specs") or {}).get("gpus_per_board") or 1
                if n > 1:
                    path, line = self.at("hardware", hid, "specs")
                    self.problem(
                        path,
                        line,
                        "accelerators",
                        f"instance-board-count: '{hid}' lists {part.get('count')} x "
                        f"'{part['model']}', a board of {n} GPUs; providers count its GPUs, "
                        "so list the per-GPU part",
                    )

    def cpu_segment_defaults(self) -> None:
        """A client CPU never falls to the server per-socket figure (``cpu-segment-default``).

        Its segment's default (rule C4, written by the ``category-defaults`` importer) must
        exist and be below the server figure; a missing one means that importer was not
        re-run after the catalog changed (audit 2026-12-06, class E).
        """
        for hid, reason in client_cpu_defaults(self.records["factors"], self.records["hardware"]):
            path, line = self.at("hardware", hid, "specs")
            self.problem(path, line, "embodied", reason)
        # ``cpu-server-socket-default``: the server default is sized, CCF's socket its high.
        for fid, reason in server_socket_defaults(self.records["factors"]):
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "value", f"cpu-server-socket-default: {reason}")
        # ``cpu-tdp-outside-family`` (class TV): an unconfirmed TDP says so and is bounded.
        for fid, reason in tdp_outside_family(self.records["factors"], self.records["hardware"]):
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "value", f"cpu-tdp-outside-family: {reason}")
        # ``cpu-segment-die-range`` (class DR) and ``cpu-duplicate-segment`` (class HX)
        hardware = self.records["hardware"]
        for hid, reason in segment_die_range(self.records["factors"], hardware) + (
            duplicate_segments(hardware)
        ):
            path, line = self.at("hardware", hid, "specs")
            self.problem(path, line, "specs", reason)
        # audit 1796611373: ``cpu-segment-die-consistent`` / ``cpu-intel-soc-segment`` (XE,
        # NS) and ``cpu-cited-die-config`` (G4)
        from .cpu_config_screens import (
            cited_die_config,
            segment_die_consistent,
            segment_from_table,
            segment_high_covers_cited,
        )

        # audit 1796613359: ``cpu-segment-from-table`` (SG)
        for hid, reason in segment_die_consistent(hardware) + segment_from_table(hardware):
            path, line = self.at("hardware", hid, "specs")
            self.problem(path, line, "specs", reason)
        # audit 1796660847: ``segment-high-covers-cited-dies`` (CW)
        for fid, reason in cited_die_config(self.records["factors"]) + (
            segment_high_covers_cited(self.records["factors"], hardware)
        ):
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "value", reason)
        # systematic CPU pass 2026-12-07: ``cpu-family-word-twin`` (FW), ``cpu-power-missing``
        # (P0), ``cpu-laptop-tdp`` (TM)
        from .cpu_twin_screens import (
            family_word_twins,
            laptop_tdp,
            named_die_unused,
            power_missing,
            spelling_twin,
            tdp_second_reading,
        )

        factors = self.records["factors"]
        # audit 1796642882: ``cpu-named-die-unused`` (O5), ``cpu-tdp-second-reading`` (TD)
        for hid, reason in (
            family_word_twins(hardware, factors)
            + spelling_twin(hardware, factors)  # audit 1796655557 O6 (SP)
            + power_missing(hardware, factors)
            + named_die_unused(hardware, factors)
        ):
            path, line = self.at("hardware", hid, "specs")
            self.problem(path, line, "specs", reason)
        # audit 1796647084: ``cpu-tdp-vs-vendor-extract`` (TT)
        from .cpu_vendor_screens import tdp_vs_vendor, vendor_figures

        for fid, reason in (
            laptop_tdp(hardware, factors)
            + tdp_second_reading(factors)
            + tdp_vs_vendor(factors, vendor_figures(self.root))
        ):
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "value", reason)
        # audit 1796672257: ``cpu-undated-but-dated`` (CP)
        from .cpu_dating_screens import maker_dates, undated_but_dated

        for hid, reason in undated_but_dated(hardware, maker_dates(self.root)):
            path, line = self.at("hardware", hid, "name")
            self.problem(path, line, "release_year", reason)
        # audit 1796655557 part c O3, O4, O8, O10: notes naming the rule applied
        from . import hw_note_screens

        for fid, reason in hw_note_screens.problems(hardware, factors):
            path, line = self.at("factors", fid, "method")
            self.problem(path, line, "method", reason)

    def accelerator_embodied(self) -> None:
        """Accelerator embodied screens of audit 1796574057 (``accelerator_review``): a
        category default above twice its category's median and an "underestimate" whose
        high bound does not rise above it are problems; memory under 1 GB is listed."""
        from . import accelerator_review as review

        factors, hardware = self.records["factors"], self.records["hardware"]
        for fid, reason in review.category_default_problems(
            factors, hardware
        ) + review.underestimate_problems(factors):
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "value", reason)
        from .accelerator_class_review import problems as class_problems
        from .accelerator_gap_review import problems as gap_problems
        from .accelerator_memory_review import problems as memory_problems
        from .accelerator_sizing_review import problems as sizing_problems

        for kind, rid, reason in (
            sizing_problems(factors, hardware)
            + class_problems(factors, hardware)
            + gap_problems(factors, hardware)
            + memory_problems(factors, hardware)
        ):
            path, line = self.at(kind, rid, "value" if kind == "factors" else "specs")
            self.problem(path, line, "embodied", reason)
        # audit 1796642882 classes GS and SL: composed CPU terms, multi-node chassis scope
        from .system_term_review import margin_problems, node_scope_problems, term_problems

        for _, fid, reason in (
            term_problems(factors)
            + node_scope_problems(factors, self.reasons.keep)
            + margin_problems(factors)
        ):
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "value", reason)
        # audit 1796630035: ``accel-stem-sibling`` (N1; keep notes) and ``sibling-memory-rate`` (S4)
        from . import accelerator_sibling_review as sibling_review

        for kind, rid, reason in (
            sibling_review.stem_sibling_problems(factors, hardware, self.reasons.keep)
            + sibling_review.memory_rate_problems(factors, hardware)
            + (sibling_review.same_die_bounds_problems(factors, self.reasons.keep))
        ):
            path, line = self.at(kind, rid, "value")
            self.problem(path, line, "embodied", reason)
        # audit 1796655557 PS: a chip on the category power default beside a same-die TDP
        for kind, rid, reason in sibling_review.same_die_power_problems(factors, hardware):
            path, line = self.at(kind, rid, "specs")
            self.problem(path, line, "power", reason)
        # audit 1796660847 TV: a TDP the part's own vendor source states, out of range
        from .accelerator_tdp_review import problems as vendor_tdp_problems
        from .importers._accelerator_parts import Priorities

        for fid, reason in vendor_tdp_problems(factors, Priorities(self.root)):
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "power", reason)
        # audit 1796669258 NY, SC: an upstream power figure with no factor; a relay served
        from . import accelerator_power_source_screens as source_screens

        upstream = beside(self.root)
        rows = source_screens.upstream_rows(upstream) if upstream.is_dir() else []
        hids = [h["id"] for h in self.records["hardware"]]
        for hid, reason in source_screens.upstream_problems(factors, hids, rows, self.reasons.keep):
            path, line = self.at("hardware", hid, "specs")
            self.problem(path, line, "power", reason)
        priority = Priorities(self.root)
        for fid, reason in source_screens.relay_problems(
            factors, self.records["sources"], priority
        ):
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "power", reason)
        self.result.flags = sorted(
            self.result.flags + review.small_memory_flags(factors, hardware, self.reasons),
            key=lambda fl: fl.factor,
        )

    def accelerator_floor(self) -> None:
        """Each bundle's default for an accelerated instance covers its accelerators.

        ``bundle_screens``: the resolved embodied value and full-load power of an
        accelerated instance are at least count x each listed accelerator's own default in
        the same bundle (issue 19: ``aws:p4d.24xlarge`` at 1,403 kgCO2e in ``open``, below
        its eight A100s' 1,793). A shortfall is a problem unless a ``keep`` note in
        ``screens.yaml`` explains it; it is listed with the flags either way and never
        excludes a value. Run on a snapshot without problems (it resolves defaults).
        """
        from . import bundle_screens

        if self.result.problems:
            return
        by_factor: dict[str, list[str]] = defaultdict(list)
        for s in bundle_screens.shortfalls(self.result.snapshot):
            by_factor[s.factor].append(s.reason)
        for fid, why in sorted(by_factor.items()):
            reason = "; ".join(why)
            kept = self.reasons.keep.get((fid, bundle_screens.RULE))
            self.result.flags.append(Flag(fid, bundle_screens.RULE, reason, kept))
            if kept is None and ("factors", fid) in self.result.origins:
                path, line = self.at("factors", fid, "value")
                self.problem(path, line, "value", f"{bundle_screens.RULE}: {reason}")
        self.result.flags.sort(key=lambda fl: fl.factor)

    def grid_defaults(self) -> None:
        """What a zone resolves to in years its own series lacks (``grid_screens``): the
        zone's own values within reach (rule G3), a state estimate's bounds reaching the
        authorities serving the state (rule G4); a cloud region's own figure against its grid
        zone's, every operator answered, a campus far from its own figure (``pue_screens``,
        rules P, P0, P1). A flag is a problem unless a ``keep`` note
        in ``screens.yaml`` explains it; it never excludes a value. Run on a snapshot without
        problems (it resolves defaults)."""
        from . import (
            bounds_note_screen,
            cpu_dating_screens,
            default_mix_screen,
            direct_ceiling_screen,
            generation_spike_screen,
            grid_derived_screens,
            grid_drift_screen,
            grid_estimate_screen,
            grid_export_key_screen,
            grid_island_screens,
            grid_link_screens,
            grid_method_screen,
            grid_part_twin_screens,
            grid_screens,
            grid_seam_screen,
            import_error_screen,
            jump_gap_screen,
            mix_mismatch_screen,
            pue_period_screen,
            pue_screens,
            served_area_screen,
            unknown_mix_screen,
        )

        if self.result.problems:
            return
        snapshot = self.result.snapshot
        dated = grid_screens.dated_for(self.root)  # audit 1796642882 a-O3
        found = [*grid_screens.flags(snapshot, dated), *pue_screens.flags(snapshot)]
        found += unknown_mix_screen.flags(snapshot)  # audit 1796599352 a-B1
        mixes = default_mix_screen.found_for(self.root, snapshot)
        found += default_mix_screen.flags(snapshot, mixes)  # audit 1796669258 a-F1
        found += mix_mismatch_screen.flags(  # audit 1796682238 a-Y1
            snapshot, mix_mismatch_screen.found_for(self.root, snapshot)
        )
        found += import_error_screen.flags(  # audit 1796682238 a-V1
            snapshot, corrections.read(self.root)[0], import_error_screen.figures_for(self.root)
        )
        found += grid_drift_screen.flags(snapshot)  # audit 1796621837 a-W1
        found += grid_estimate_screen.flags(snapshot)  # audit 1796658609 a-E1, rule G1b
        found += grid_method_screen.flags(snapshot)  # audit 1796630035 a-O4, a-O6
        found += grid_seam_screen.flags(snapshot)  # audit 1796655557 a-SM
        found += grid_part_twin_screens.flags(snapshot)  # audit 1796642882 a-P2, a-I1
        found += grid_export_key_screen.flags_for(self.root, snapshot.get("factors", ()))  # a-K2
        found += grid_link_screens.flags(snapshot)  # audit 1796636393 a-M1, a-E1
        found += grid_island_screens.flags(snapshot)  # audit 1796655557 a-IS
        found += served_area_screen.flags(snapshot)  # w15 sub-national pass, rule P2
        found += jump_gap_screen.flags(snapshot)  # w15 sub-national pass, JUMP across a gap
        found += pue_period_screen.flags(snapshot)  # audit 1796647084 PP, rule P4
        found += direct_ceiling_screen.flags(snapshot)  # audit 1796655557 a-O7, rule G4d
        found += bounds_note_screen.flags(snapshot.get("factors", ()))  # 1796636393 a-B1
        found += generation_spike_screen.flags(snapshot.get("factors", ()))  # 1796658609 a-G1
        found += cpu_dating_screens.step_flags(snapshot.get("factors", ()))  # 1796672257 ST
        found += bounds_note_screen.zero_width_flags(snapshot.get("factors", ()))  # w15
        self.pue_columns()
        for g in found + grid_derived_screens.flags(snapshot):
            kept = self.reasons.keep.get((g.factor, g.rule))
            self.result.flags.append(Flag(g.factor, g.rule, g.reason, kept))
            if kept is None and g.problem:
                if ("factors", g.factor) in self.result.origins:
                    path, line = self.at("factors", g.factor, "value")
                else:  # a value derived at lookup (rule G3): the screens file takes the note
                    path, line = self.rel(self.root / SCREENS_FILE), 1
                self.problem(path, line, "value", f"{g.rule}: {g.reason}")
        self.result.flags.sort(key=lambda fl: fl.factor)

    def pue_columns(self) -> None:
        """Audit 1796685321 PS: each PUE column row on file naming an operator answered with
        the industry average is filed or set aside (``pue_column_screen``)."""
        from . import pue_column_screen as columns

        upstream = beside(self.root)
        ops = [o["id"] for o in self.records["operators"]]
        rows = columns.column_rows(upstream, ops) if upstream.is_dir() else []
        stand_ins = columns.industry_operators(self.root / "resolved" / "pue.tsv")
        for op, reason in columns.problems(self.records["factors"], stand_ins, rows):
            path, line = self.at("operators", op, "id")
            self.problem(path, line, "pue", reason)

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
            if fix["id"] is None:
                self.scope_applied(rel, fid, fix)
            elif f is None:
                self.problem(rel, fix["line"], "id", f"no factor '{fid}' to correct")
            elif f["value"] != fix["value"] or "corrections.yaml" not in (f["method"] or ""):
                path, line = self.at("factors", fid, "value")
                self.problem(
                    path,
                    line,
                    "value",
                    f"correction in {rel} not applied: re-run the importer that writes this file",
                )

    def scope_applied(self, rel: str, key: str, fix: dict[str, Any]) -> None:
        """A zone-and-source correction names at least one row and is applied to each."""
        rows = [f for f in self.records["factors"] if corrections.covers(fix, f)]
        if not rows:
            self.problem(rel, fix["line"], "subject", f"no factor matches '{key}'")
        for f in (f for f in rows if not corrections.applied(fix, f)):
            path, line = self.at("factors", f["id"], "value")
            msg = f"correction in {rel} not applied: re-run the importer that writes this file"
            self.problem(path, line, "value", msg)

    def screens(self) -> None:
        """Flag implausible grid and hardware values; excluded ones carry their reason."""
        path, reasons = read_reasons(self.root)
        rel = self.rel(Path(path))
        for line, fld, reason in reasons.problems:
            self.problem(rel, line, fld, reason)
        factors = {f["id"]: f for f in self.records["factors"]}
        # grid-region-country keeps name a cloud region (the flag is on the mapping)
        regions = {z["id"] for z in self.records["zones"] if z["type"] == "cloud_region"}
        named = {k[0] for k in reasons.keep if k[1] != "grid-region-country"}
        named |= {k[0] for k in reasons.keep if k[1] == "grid-region-country"} - regions
        named -= {k[0] for k in reasons.keep if k[1] in HARDWARE_SERVER_RULES} & {
            h["id"] for h in self.records["hardware"]
        }  # flagged on the server's hardware id
        for fid in sorted(named | set(reasons.exclude)):
            if fid not in factors:
                self.problem(rel, reasons.lines.get(fid, 1), "factor", f"unknown factor '{fid}'")
        self.reasons = reasons
        # audit 1796647084 class KN: a reviewer's finding is read where the value is
        keep_note_screen.carry(factors, reasons.keep)
        for fid, reason in keep_note_screen.problems(factors, reasons.keep):
            path, line = self.at("factors", fid, "method")
            self.problem(path, line, "method", reason)
        subnational = frozenset(
            z["id"] for z in self.records["zones"] if z["type"] == "subnational"
        )
        flags = (
            screen(self.records["factors"], reasons, subnational)
            + screen_hardware(self.records["factors"], self.records["hardware"], reasons)
            + screen_servers(self.records["factors"], self.records["hardware"], reasons)
            + screen_series(self.records["factors"], self.records["hardware"], reasons)
            + screen_pcf_means(self.records["factors"], self.records["hardware"], reasons)
            + screen_sockets(self.records["hardware"], reasons)
            + screen_correction_coverage(
                self.records["factors"], corrections.read(self.root)[0], reasons
            )
        )
        # sys15 class PS: judged against the listed values the other screens leave in
        flags += platform_screen(
            self.records["factors"],
            self.records["hardware"],
            self.records["sources"],
            reasons,
            frozenset(fl.factor for fl in flags if fl.excluded),
        )
        self.result.flags = sorted(flags, key=lambda fl: fl.factor)
        for fl in self.result.flags:
            if fl.excluded and fl.factor in factors:
                factors[fl.factor]["excluded"] = fl.excluded
            if (
                fl.rule
                in (SIBLING_RULE, GPU_SERVER_RULE, PCF_MEAN_RULE, COVERAGE_RULE, *SERIES_RULES)
                and not fl.kept
            ):  # listed until a note
                path, line = self.at("factors", fl.factor, "value")
                self.problem(path, line, "value", f"{fl.rule}: {fl.reason}")
            if fl.rule in HARDWARE_SERVER_RULES and not fl.kept:
                path, line = self.at("hardware", fl.factor, "specs")
                self.problem(path, line, "specs", f"{fl.rule}: {fl.reason}")
        # audit 1796674267 classes HA and MX: judged after the exclusions above
        hosts = instance_cpu_host_screen.host_vs_cpu(
            self.records["factors"], self.records["hardware"]
        )
        for fid, reason in hosts:
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "value", f"{instance_cpu_host_screen.HOST_RULE}: {reason}")
        unused = instance_cpu_host_screen.own_power_unused(
            self.records["factors"], self.records["hardware"]
        )
        for hid, reason in unused:
            path, line = self.at("hardware", hid, "id")
            self.problem(path, line, "power", f"{instance_cpu_host_screen.POWER_RULE}: {reason}")
        # audit 1796682238 class HS: a sized host smaller than a size of its own series
        from .series_host_screen import host_covers_series

        for fid, reason in host_covers_series(self.records["factors"], self.records["hardware"]):
            path, line = self.at("factors", fid, "value")
            self.problem(path, line, "embodied", reason)

    def disagreements(self) -> None:
        """Grid values, and CPU TDPs, of two sources more than the threshold apart:
        explained, or open. A CPU's TDP readings are compared whatever year each list
        files them under (audit 1796585890 class T: the 4800HS at 45 W against 35 W was
        never listed); an AGPL reading is listed as evidence, never a value."""
        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        cpus = {h["id"] for h in self.records["hardware"] if h.get("category") == "cpu"}
        tdps: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for f in self.records["factors"]:
            if f["kind"] == "grid_intensity":
                groups[(f["subject"], f["year"], f["basis"])].append(f)
            elif f["kind"] == "power" and f["basis"] == "tdp" and f["subject"] in cpus:
                tdps[f["subject"]].append(f)
        for subject, fs in tdps.items():
            groups[(subject, min(f["year"] for f in fs), "tdp")] = fs
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
        # audit 1796647084 a-S1: an "imports" cause the numbers on file rule out
        from . import import_cause_screen as ic

        where = self.rel(self.root / SCREENS_FILE)
        values = ic.em_values(self.records["factors"])
        shares = ic.shares_for(self.root)
        for reason in ic.flags(self.reasons.explained, values, shares):
            self.problem(where, 1, "explained", f"{ic.RULE}: {reason}")
