"""Multi-tile packages in the accelerator component model (audit 1796682238, class T1).

Why: a package whose die area on file is its base dies only (Ponte Vecchio: Epoch's
1,280 mm², the two Intel 7 base dies) had its other silicon (ISSCC 2022: 1,050 mm² more,
including the 16 N5 compute tiles) in the high bound only, so its value sat at the floor of
a known one-sided omission. ``with_tiles`` puts a stated share of it in the value.
"""

from __future__ import annotations

from typing import Any

from ._accelerator_peers import act_node
from ._common import rounded

#: Share of a multi-tile package's extra silicon (``tiles_beyond_die_mm2``) the central
#: value costs as logic at the tiles' leading node (audit 1796682238 class T1). The split of
#: that area by tile type and node is not on file (Ponte Vecchio's 1,050 mm² hold N5 compute,
#: Intel 7 cache, N7 link tiles, HBM and EMIB bridges), so the value takes the midpoint of
#: none and all: an assumption, said in the method and by the ``TILES`` lead; the bounds
#: span zero tiles to all of them.
TILE_CENTRE_SHARE = 0.5
#: Lead of the method of a value whose central estimate includes such tiles (a lookup shows
#: the method's capitalised lead, as ``MEMORY PEERS``).
TILES_MARK = "TILES"


def with_tiles(
    specs: dict[str, Any],
    inputs: dict[str, Any],
    per_cm2: dict[int, float],
    bases: tuple[float, float, float],
) -> tuple[float, float, float, str]:
    """The (value, low, high) bases of a multi-tile package with its tiles, and the note.

    Why (audit 1796682238 class T1): the Ponte Vecchio parts' value costed only the two base
    dies and HBM, while the 16 compute tiles named in the cited ISSCC paper sat in the high
    bound only: the value was at the floor of a known one-sided omission. The value now
    costs ``TILE_CENTRE_SHARE`` of the extra area at the tiles' node when the tiles are
    stacked on the base dies (``tiles_stacked``; side dies keep class D3's high-bound-only
    reading, since the die on file is then the compute die); low has no tiles,
    high all. A part that is a share of the package (``package_share``: the Max 1100, one
    of two stacks) costs that share of the base dies and tiles in the value and low; its
    high bound stays the whole package the die area on file describes."""
    base, base_lo, base_hi = bases
    tiles = float(specs["tiles_beyond_die_mm2"])
    t_node = act_node(float(specs["tiles_beyond_die_nm"]), sorted(per_cm2))
    t_kg = tiles / 100.0 * per_cm2[t_node]
    share = float(specs.get("package_share") or 1.0)
    stacked = bool(specs.get("tiles_stacked"))
    src = ((specs.get("sources") or {}).get("tiles_beyond_die_mm2")) or "a cited source"
    if not stacked:
        # Side dies (the Ascend 910's I/O die, HBM already in the memory term, dummy dies):
        # class D3's reading stands, the high bound only.
        inputs["tiles_beyond_die_kgco2e"] = rounded(t_kg, 3)
        return (
            base,
            base_lo,
            base_hi + t_kg,
            (
                f"A multi-die package (audit 1796585890 class D3): the die area on file is its "
                f"compute die only; {tiles:g} mm² more silicon sits beside it ({src}), not costed "
                f"in the value (side dies, HBM already in the memory term, dummies; their split "
                f"is not on file) but in the high bound, at ACT's {t_node} nm row (+{t_kg:.2f} kg "
                f"before k, an upper bound). "
            ),
        )
    die = float(inputs["die_kgco2e"])
    cut = (1.0 - share) * die  # the base dies of the stacks the part does not carry
    centre = share * TILE_CENTRE_SHARE * t_kg
    inputs["tiles_beyond_die_kgco2e"] = rounded(t_kg, 3)
    inputs["tiles_centre_share"] = TILE_CENTRE_SHARE
    inputs["tiles_centre_kgco2e"] = rounded(centre, 3)
    part = ""
    if share < 1.0:
        inputs["package_share"] = share
        inputs["die_kgco2e"] = rounded(share * die, 3)
        part = (
            f"This part is read as {share:g} of the package (one of its two stacks: Epoch's "
            f"memory, bandwidth and FP16 for it are half the Max 1350's, while its die area "
            f"and transistors are the two-stack package's), so the value and low bound cost "
            f"{share:g} of the base dies ({share * die:.3f} of {die:.3f} kg) and of the tiles; "
            f"the high bound keeps the whole package as the die area on file gives it. "
        )
    note = (
        f"{TILES_MARK} (audit 1796682238 class T1): a multi-tile package whose die area on "
        f"file is its base dies only; {tiles:g} mm² more silicon is stacked on them ({src}), "
        f"{t_kg:.2f} kg at ACT's {t_node} nm row before k. Its split by tile type and node is "
        f"not on file (it includes HBM and bridges), so the value costs "
        f"{TILE_CENTRE_SHARE:g} of it as logic at that node (+{centre:.2f} kg before k, an "
        f"assumption, the midpoint of none and all); low costs no tiles, high all of them. " + part
    )
    return base - cut + centre, base_lo - cut, base_hi + t_kg, note
