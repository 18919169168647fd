"""Nodes of multi-node chassis among the PCF server rows (audit 1796642882 class SL).

A node (sled) of a multi-node chassis shares the chassis's power supplies, fans and drive
backplane with its neighbours. Boavizta types the maker's blade sleds ``server_type:
Blade``, and those already say so (``BLADE_NOTE``), but some nodes are typed ``Rack``: the
Dell C6420 is one of the up-to-four nodes of the 2U C6400 chassis, and its sheet's weight
(43.62 kg, against 3-14.5 kg for the maker's blade sleds) is a chassis's, so the assessed
configuration probably holds the whole chassis with one node in it. The sheet does not
say, so both readings stay possible:

- chassis reading: the figure is one node with a whole chassis (the value, as published);
- node reading: one node's even share of a full chassis, which lies between the figure
  divided by the node count (had the figure been the whole populated chassis) and the
  figure itself.

``NODES`` is the cited list of such models (a ``Blade`` row needs no entry); every factor
of a listed model carries ``node_note`` and its values low/high ``node_bounds``. The
``pcf-node-scope`` screen (``server_screens``) checks both.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ._common import number, rounded


class Node(NamedTuple):
    """A multi-node chassis a model is one node of, and the bibliography id saying so."""

    chassis: str
    nodes: int
    source: str


#: hardware id -> its chassis. Only models a cited source calls a node of a shared chassis.
NODES: dict[str, Node] = {
    "dell-poweredge-c6420": Node("PowerEdge C6400 (2U)", 4, "alces-dell-c6420"),
}

#: The sentence every factor of a listed node carries (the screen looks for it).
NODE_SENTENCE = "Node of a multi-node chassis"


def sled_weights(rows: list[dict[str, str]], manufacturer: str) -> tuple[float, float] | None:
    """Lightest and heaviest ``Blade`` sled of a manufacturer on file (kg), for comparison."""
    w = [
        x
        for r in rows
        if r["manufacturer"] == manufacturer
        and r["server_type"] == "Blade"
        and (x := number(r["weight"])) is not None
    ]
    return (min(w), max(w)) if w else None


def node_note(hid: str, row: dict[str, str], sleds: tuple[float, float] | None) -> str:
    """The scope sentence of a listed node ('' for any other model)."""
    node = NODES.get(hid)
    if node is None:
        return ""
    weight = number(row["weight"])
    compare = (
        f", against {sleds[0]:g}-{sleds[1]:g} kg for this maker's blade sleds" if sleds else ""
    )
    said = (
        f" The sheet's weight, {weight:g} kg{compare}, is a chassis's rather than one node's: "
        "the assessed configuration probably includes the chassis, so the figure may carry a "
        "whole chassis's power supplies, fans and backplane for one node."
        if weight
        else ""
    )
    return (
        f"{NODE_SENTENCE} ({node.chassis}, up to {node.nodes} nodes sharing its power supplies, "
        f"fans and drive bays; {node.source}, secondary); chassis share as in the maker's sheet "
        f"(not stated in the data).{said} Low/high cover one node's even share of a full chassis "
        f"(no lower than the figure / {node.nodes}) and the figure as published (audit "
        "1796642882 class SL)."
    )


def node_bounds(hid: str, value: float, bounds: dict[str, Any]) -> dict[str, Any]:
    """low/high of a listed node's value: down to value / nodes, never narrower than given."""
    node = NODES.get(hid)
    if node is None or value <= 0:
        return bounds
    return {
        "low": rounded(min(value / node.nodes, bounds.get("low", value)), 3),
        "high": rounded(max(value, bounds.get("high", value)), 3),
    }
