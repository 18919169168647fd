"""Intel's Xeon Phi Knights Corner coprocessor cards in the CPU catalog (audit 1796672257, class CP).

Why: CodeCarbon's ``cpu_power.csv`` lists the Knights Corner parts as "Intel Xeon Phi 5110P",
while Intel's ARK extract on file (``intel_cpu_ark_dataset.csv``) names them "Intel Xeon Phi
Coprocessor 5110P" and dates eight of them (Q4'12-Q2'14). The catalog id dropped "Processor"
but not "Coprocessor", so the two names never met: all 14 parts were filed undated ("Release
year not in the sources") although the maker's row dates them, and nothing said they are PCIe
cards (a Knights Corner die with its GDDR5 memory and board), not host CPUs.

What the catalog does now:

* ``PRODUCT_WORDS``: the words ``cpu_catalog.cpu_id`` drops from a name, "Coprocessor" with
  "Processor", so ARK's row dates its part (screen ``cpu-undated-but-dated`` holds it);
* ``is_card``: the Knights Corner parts, by ARK's own word or by their series (the 3100, 5100
  and 7100 series and the SE10 special editions; AnandTech's TACC report relays Intel's line,
  ``anandtech-xeon-phi-tacc-2012``). The Knights Landing 7200 parts, which ARK calls
  "Processor" and which boot as host CPUs, are not cards;
* they stay CPUs (the TDP is Intel's card figure) with ``specs.form_factor`` saying "PCIe
  coprocessor card", and their power method says that the embodied value they take, the
  server CPU-package default, covers a die package only, not the card's GDDR5 and board
  (no card-level embodied figure is on file). The server default's own note says so too
  (``_cpu_segment.server_default``).
"""

from __future__ import annotations

import re

#: Product words ARK puts between the brand and the model number; not part of the id.
PRODUCT_WORDS = frozenset({"processor", "coprocessor"})
#: ``specs.form_factor`` of a Knights Corner card (``cpu-segment-from-table`` reads it).
FORM = "PCIe coprocessor card"
#: The source that names the parts as PCIe coprocessor cards with their memory.
SOURCE = "anandtech-xeon-phi-tacc-2012"
#: Knights Corner series ids: 31xx, 5xxx, 71xx and the SE10P / SE10X special editions.
_KNC = re.compile(r"^intel-xeon-phi-(?:31\w+|5\d\w+|71\w+|se\d+\w*)$")


def ark_says_coprocessor(raw_name: str) -> bool:
    """True when an Intel ARK row's name carries the word "Coprocessor"."""
    return "coprocessor" in raw_name.lower()


def is_card(cid: str, ark_coprocessors: frozenset[str] | set[str] = frozenset()) -> bool:
    """True for a Knights Corner coprocessor card: ARK names it so, or its series is KNC."""
    return cid in ark_coprocessors or bool(_KNC.match(cid))


def card_note(cid: str, ark_coprocessors: frozenset[str] | set[str]) -> str:
    """The power method's sentence for a coprocessor card (module doc)."""
    named = (
        'Intel ARK\'s row on file names it a "Xeon Phi Coprocessor"'
        if cid in ark_coprocessors
        else "Its series is Knights Corner (no ARK row of its own on file; its series siblings "
        'are named "Xeon Phi Coprocessor" there, the SE10P/SE10X are the special editions)'
    )
    return (
        f" COPROCESSOR CARD (audit 1796672257 class CP): {named}: a PCIe card carrying a "
        "Knights Corner die, its GDDR5 memory (6 GB on the 3100 series, 8 GB on the 5110P) and "
        f"its board (AnandTech's TACC report, {SOURCE}, secondary), so this TDP is the card's. It is filed as a server CPU: the "
        "embodied value it takes is the server CPU-package default, which covers a die package "
        "only, not the card's GDDR5 memory and board (no card-level embodied figure on file)."
    )
