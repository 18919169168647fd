"""Instance-type naming: the series key of a type whose sizes are named, not numbered.

Shared by rule C3's host inference (``importers/_instance_component.family``) and the
series screens (``instance_series_screens.series``), so the sizing and the screen that
checks it can never disagree on which sizes share one host. Audit 2026-12-07 seed
1796611373 part c, class SZ: blanking only the digits after a dash left Scaleway's
letter-sized series (``ent1-xxs`` .. ``ent1-2xl``, ``gp1-xs`` .. ``gp1-xl``, ``pro2-*``,
``dev1-*``) as one-member series, each size its own host: ent1-xl 1,333 kgCO2e against
1,007 on the series' largest size (ent1-2xl), ent1-m 1,067 against ent1-s 126.
"""

from __future__ import annotations

import re

#: A trailing size word: s/m/l with x's and an optional multiplier (xxs, 2xl), or
#: Scaleway's play2 sizes (pico, nano, micro).
_SIZE_WORD = re.compile(r"-(?:[0-9]*x*[sml]|pico|nano|micro)$")


def blank_sizes(t: str) -> str:
    """``t`` with its trailing size word and every number after a dash blanked to ``#``:
    ``ent1-2xl`` and ``ent1-m`` -> ``ent1-#``; ``pop2-hm-16c-128g`` -> ``pop2-hm-#c-#g``;
    ``b2-120`` -> ``b2-#``. A generation digit not after a dash (``ent1``) is kept."""
    return re.sub(r"(?<=-)[0-9]+", "#", _SIZE_WORD.sub("-#", t))
