"""US state lifecycle estimates from open inputs (rule G1 in factors/README.md).

The finer US grid values (Electricity Maps' balancing authorities) are ODbL, so the ``open``
bundle had only the US national mean for every state and US cloud region. The open inputs
that are finer than the country were compared (issue 19):

* EPA eGRID 2016 state CO2 output rates (public domain; CodeCarbon's MIT copy; already
  imported as ``egrid-2016-states``, basis ``direct``, year 2016, all 50 states + DC);
* Green Algorithms' state values (CC BY 4.0): carbonfootprint.com compilations, "data from
  2020", with the national row "combined generation and T&D" from eGRID 2019: years and
  definitions mixed, so no same-edition ratio can be formed; a cross-check only;
* eGRID2020 NERC-region averages transcribed by Cloud Carbon Footprint (Apache-2.0; already
  imported per AWS/Azure region as ``ccf-regions``, ``direct``): five regions only, and no
  national eGRID2020 rate in the inputs to relate them to the lifecycle series.

None is ``lifecycle``, the default basis, and each is one old year: used as is it would
either never be picked (the chain takes the freshest year) or mix a direct value into a
lifecycle answer. So the state's **relative position** is taken from eGRID 2016 (one
edition, one definition) and applied to Ember's US lifecycle series, year by year:

    estimate(state, Y) = ember_US(Y) x egrid_state_2016 / egrid_US_2016

A documented derivation of cited values (``carbonfactors-derived``, its inputs in
``derived_from``, so its licence is computed: CC BY 4.0 with a public-domain input = open).
Its caveats are in every factor's method: the 2016 ratio is about ten years old, a
combustion ratio is applied to a lifecycle series (low-carbon states' upstream emissions are
understated), and it is production-based (imports across state lines are not counted).

The resolver uses a state's estimate only after its grid zone (``carbonfactors.resolve.grid``):
in ``full`` the balancing authority's value still wins; in ``open`` the estimate replaces
the national mean, and the warning says how to get the finer value.

Re-run: ``carbonfactors import us-state-estimates --sources /work/shared/sources`` (after
``ember-owid`` and ``egrid-2016-states``; it reads their factor files, not upstream files).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carbonfactors.kinds import factor_id

from ..factorfiles import plain, read_yaml
from . import Importer, register
from ._common import header, rounded, write_folder

NAME = "us-state-estimates"
SOURCE = "carbonfactors-derived"
COUNTRY = "US"
FOLDER = Path("grid") / NAME
EMBER_FILE = Path("grid/ember-owid/US.yaml")
EGRID_FOLDER = Path("grid/egrid-2016-states")
EGRID_SOURCE = "epa-egrid-2016"
EGRID_YEAR = 2016
#: The state's own measured series, where it has one (Alaska, Hawaii: no authority serves them).
OWN_FOLDER = Path("grid/electricitymaps-yearly")
OWN_SOURCE = "electricitymaps-yearly"
METHOD = (
    "ESTIMATE (rule G1, factors/README.md): Ember's US lifecycle intensity for {year} "
    "({us:g} gCO2e/kWh) x the state's eGRID {egrid_year} CO2 output rate relative to the US "
    "rate ({state_lb:g} / {us_lb:g} lbs/MWh = {ratio:.4f}). Caveats: assumes the state keeps its "
    "{egrid_year} position relative to the US average (about ten years old: coal retirements "
    "and new wind and solar have moved states unevenly since); a combustion ratio applied to "
    "a lifecycle series understates low-carbon states' upstream emissions; production-based "
    "(imports across state lines not counted). Used only where the bundle has no value for "
    "the grid zone that serves the place (balancing authorities: the full bundle)."
)


def _factors(path: Path) -> list[dict[str, Any]]:
    ff = read_yaml(path)
    if ff.errors:
        raise ValueError(f"{path}:{ff.errors[0].line}: {ff.errors[0].reason}")
    return list((plain(ff.data) or {}).get("factors") or [])


def read_ember(factors_root: Path) -> dict[int, dict[str, Any]]:
    """Ember's US lifecycle factors by year."""
    out = {}
    for f in _factors(factors_root / EMBER_FILE):
        if (
            f["kind"] == "grid_intensity"
            and f.get("basis") == "lifecycle"
            and not f.get("excluded")
        ):
            out[int(f["year"])] = f
    if not out:
        raise ValueError(f"{EMBER_FILE}: no US lifecycle factor")
    return out


def read_egrid(factors_root: Path) -> dict[str, dict[str, Any]]:
    """eGRID 2016 factors by zone id (``US`` and the states)."""
    out: dict[str, dict[str, Any]] = {}
    folder = factors_root / EGRID_FOLDER
    for path in sorted(folder.glob("*.yaml")):
        for f in _factors(path):
            if f["source"] != EGRID_SOURCE or f["year"] != EGRID_YEAR:
                continue
            lbs = (f.get("inputs") or {}).get("emissions_lb_per_mwh")
            if not isinstance(lbs, (int, float)) or isinstance(lbs, bool) or lbs <= 0:
                raise ValueError(f"{path}: {f['id']}: no positive emissions_lb_per_mwh input")
            out[str(f["subject"])] = f
    if COUNTRY not in out:
        raise ValueError(f"{EGRID_FOLDER}: no national ({COUNTRY}) eGRID {EGRID_YEAR} rate")
    return out


def read_own(factors_root: Path, zone: str) -> tuple[int, float] | None:
    """The state's own lifecycle series' first (year, value), if the bundle has one."""
    path = factors_root / OWN_FOLDER / f"{zone}.yaml"
    if not path.exists():
        return None
    rows = [
        f
        for f in _factors(path)
        if f["source"] == OWN_SOURCE and f.get("basis") == "lifecycle" and not f.get("excluded")
    ]
    if not rows:
        return None
    first = min(rows, key=lambda f: int(f["year"]))
    return int(first["year"]), float(first["value"])


def own_bounds(rows: list[dict[str, Any]], own: tuple[int, float] | None) -> None:
    """Bound the estimates before a state's own series by it, in place (w13 systematic pass):
    Alaska's estimate for 2020 was 381.8 with no bounds while its own series opens at 513 in
    2021, 1.31x the estimate of that year (392.97); Hawaii 627.67 against 834. The bounds
    reach the estimate times that ratio (the own series' level carried back along the
    estimate's yearly change, as rule G3 carries a series), the centre stays the estimate."""
    if own is None:
        return
    year, value = own
    at = next((r for r in rows if r["year"] == year and r["value"] > 0), None)
    if at is None:
        return
    k = value / at["value"]
    for r in rows:
        if r["year"] >= year:
            continue
        reach = rounded(r["value"] * k, 2)
        # widen any bounds already set, never replace them (audit 1796636393 a-B1)
        r["low"] = min(r["value"], reach, r.get("low", r["value"]))
        r["high"] = max(r["value"], reach, r.get("high", r["value"]))
        r["method"] += (
            f" Bounded by the state's own series ({OWN_SOURCE}, from {year}): {value:g} in "
            f"{year} is {k:.4f}x this estimate of that year ({at['value']:g}), so the bounds "
            f"reach {r['value']:g} x {k:.4f} = {reach:g}."
        )


def estimates(factors_root: Path) -> dict[str, list[dict[str, Any]]]:
    """Derived factors by state zone id (see the module doc for the rule)."""
    ember = read_ember(factors_root)
    egrid = read_egrid(factors_root)
    national = egrid[COUNTRY]
    us_lb = float(national["inputs"]["emissions_lb_per_mwh"])
    out: dict[str, list[dict[str, Any]]] = {}
    for zone, state in sorted(egrid.items()):
        if zone == COUNTRY:
            continue
        state_lb = float(state["inputs"]["emissions_lb_per_mwh"])
        ratio = state_lb / us_lb
        rows = []
        for year, us in sorted(ember.items()):
            rows.append(
                {
                    "id": factor_id("grid_intensity", zone, year, SOURCE),
                    "kind": "grid_intensity",
                    "subject": zone,
                    "year": year,
                    "value": rounded(float(us["value"]) * ratio, 2),
                    "unit": "gCO2e/kWh",
                    "basis": "lifecycle",
                    "accounting": "production",
                    "source": SOURCE,
                    "method": METHOD.format(
                        year=year,
                        us=us["value"],
                        egrid_year=EGRID_YEAR,
                        state_lb=state_lb,
                        us_lb=us_lb,
                        ratio=ratio,
                    ),
                    "inputs": {
                        "us_lifecycle_gco2e_per_kwh": us["value"],
                        "state_lb_per_mwh": rounded(state_lb),
                        "us_lb_per_mwh": rounded(us_lb),
                        "ratio": rounded(ratio),
                    },
                    "derived_from": {
                        "factors": [us["id"], state["id"], national["id"]],
                        "sources": [],
                    },
                }
            )
        own_bounds(rows, read_own(factors_root, zone))
        out[zone] = rows
    return out


def convert(_upstream: Path, factors_root: Path) -> list[Path]:
    files = {f"{zone}.yaml": {"factors": rows} for zone, rows in estimates(factors_root).items()}
    head = header(
        NAME,
        [f"factors/{EMBER_FILE}", f"factors/{EGRID_FOLDER}/*.yaml", f"factors/{OWN_FOLDER}/*.yaml"],
    )
    return write_folder(factors_root / FOLDER, files, head)


IMPORTER = register(
    Importer(
        name=NAME,
        description="US state lifecycle estimates: Ember US x eGRID 2016 state/US ratio (open)",
        upstream=".",
        convert=convert,
        requires=("ember-owid", "egrid-2016-states", "electricitymaps-yearly"),
    )
)
