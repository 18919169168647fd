"""Sub-national grids whose every interconnector leads out of their parent country: facts, by hand.

Why: audit ``factors/audits/2026-12-07-seed-1796636393-part-a.md``, class a-M1. Crimea
(UA-CR) was answered with Ukraine's value for every year from 2016 (2017: 347.22 g, Ukraine's
55%-nuclear mix), although it has drawn no power from Ukraine since November 2015 and runs on
the Russian "energy bridge" across the Kerch Strait plus local gas turbines. The isolated-grid
list (``_isolated_grids``) missed it because the zone has an interconnector, just not one to
its parent. A parent's value stands for a zone only if the zone is fed from the parent's grid.

``LINKS`` is every sub-national zone of Electricity Maps' zone index
(``electricitymaps/zones_index.csv``) with at least one exchange (interconnector) file in the
same repository snapshot's ``config/exchanges/`` (electricitymaps-contrib @ b354f28, 382 files,
read with git in a mirror of the repository; the folder is not in the shared sources) and none
of them touching a zone of its parent country: the neighbours each exchange file names. Like
``_isolated_grids`` it is a fact about the configuration, copied from no file: the AGPL
repository is the evidence, never the source of a value.

Each such zone is either ``NOT_FED_BY_PARENT`` (the parent's value is a wrong number: the zone
record carries ``isolated`` with this evidence, so lookups refuse the parent's value and use
only the zone's own series) or ``PARENT_STANDS`` (why the parent's value is still a fair
coarser figure). The screen ``grid-parent-not-connected`` (``grid_link_screens``) fails a zone
of ``LINKS`` that is in neither.
"""

from __future__ import annotations

#: Zone -> the zones its exchange files in config/exchanges @ b354f28 join it to.
LINKS: dict[str, tuple[str, ...]] = {
    "CL-SEN": ("AR",),
    "FR-COR": ("IT", "IT-CNO", "IT-SAR"),
    "MY-WM": ("SG", "TH"),
    "RU-AS": ("CN",),
    "RU-KGD": ("LT",),
    "UA-CR": ("RU-1",),
}

_CONFIG = "electricitymaps-contrib config/exchanges @ b354f28"

#: Zone -> (first year the parent's grid no longer fed it, or None: never, the evidence).
#: The year is the one the parent link ended; the zone record carries it as ``isolated_since``
#: and from rules generation 12 the parent's value is refused from that year on and stands,
#: as a coarser figure, before it (Kaliningrad, islanded in February 2025; w15 sub-national
#: pass, audit 1796613359 a-O3).
NOT_FED_BY_PARENT: dict[str, tuple[int | None, str]] = {
    "UA-CR": (
        2015,
        "not fed from its parent's grid since November 2015: its only interconnector in "
        f"Electricity Maps' exchange configuration is RU-1_UA-CR (the Kerch Strait, {_CONFIG}); "
        "the lines from Ukraine's Kherson region were cut in November 2015 and Crimea has run "
        "since on the energy bridge from Russia's Krasnodar region plus local gas plants "
        "(Reuters, 2015-11-27, 'Crimea starts receiving electricity from Russia', as read in "
        "audit 2026-12-07 seed 1796636393 a-M1); Ukraine's value does not stand for it",
    ),
    "FR-COR": (
        None,
        "never connected to mainland France's grid: its interconnectors in Electricity Maps' "
        f"exchange configuration ({_CONFIG}) all lead to Italy (Sardinia, IT-SAR, and the "
        "Italian mainland, IT and IT-CNO: the SARCO and SACOI cables); Corsica's own oil-fired "
        "and hydro plants with those imports are not France's nuclear-heavy mix, so France's "
        "value (lifecycle or direct) does not stand for it",
    ),
    "RU-KGD": (
        2025,
        "not fed from its parent's grid since 8 February 2025: its one interconnector in "
        f"Electricity Maps' exchange configuration is LT_RU-KGD ({_CONFIG}); until then it ran "
        "synchronously with Russia's grid through the Baltic-Belarus-Russia ring (BRELL), which "
        "Estonia, Latvia and Lithuania left on 8 February 2025 (T&D World, 'Baltic countries to "
        "disconnect electrical systems from unified system with Russia and Belarus on February "
        "8, 2025', https://tdworld.com/transmission-reliability/news/55088581/); since then the "
        "oblast is an island on its own gas plants and no figure for it is on file, so Russia's "
        "value does not stand for it from 2025 (before, it is a coarser figure)",
    ),
}

#: Zone -> why its parent's value still stands (reviewed in w14-gridz, audit 1796636393 a-M1).
PARENT_STANDS: dict[str, str] = {
    "CL-SEN": (
        "Chile's Sistema Eléctrico Nacional is the country's national grid: Chile's value is "
        "essentially this zone's own (the only other Chilean zones are small isolated systems, "
        "CL-SEA, CL-SEM, CL-CHP, themselves in the isolated-grid list)"
    ),
    "MY-WM": (
        "Peninsular Malaysia is most of Malaysia's generation; the rest (MY-EM, Borneo) is in "
        "the isolated-grid list, so Malaysia's value is dominated by this zone's own"
    ),
    "RU-AS": (
        "the Russian Far East's interconnected system is one of the seven interconnected "
        "systems of Russia's national grid (linked to Siberia's by transit lines Electricity "
        "Maps does not model); its own series from 2020 lies within 8% of Russia's value "
        "(2021: 415 against 426.81), so Russia's value before 2020 is a coarser figure, not "
        "another grid's"
    ),
}
