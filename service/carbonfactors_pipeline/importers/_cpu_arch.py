"""Which CPU micro-architecture a cloud host's processor belongs to.

CCF's power coefficients (min/max W per vCPU) are given per micro-architecture, while the
instance lists name processors ("Intel Xeon Platinum 8259CL", "AWS Graviton3 Processor").
The mapping tries, in order: an architecture named in the text, the CCF CPU family lists
(``ccf-coefficients/cpu-families/*.csv``), then the vendors' model-number conventions
(AMD EPYC: last digit = generation; Intel Xeon Scalable 8/6/5/4/3xyz: second digit =
generation). Anything else stays unknown and gets the provider average.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Architecture words that may appear in a processor description, most specific first.
_NAMED: tuple[tuple[str, str], ...] = (
    ("graviton4", "Graviton4"),
    ("graviton3e", "Graviton3E"),
    ("graviton3", "Graviton3"),
    ("graviton2", "Graviton2"),
    ("granite rapids", "Granite Rapids"),
    ("emerald rapids", "Emerald Rapids"),
    ("sapphire rapids", "Sapphire Rapids"),
    ("ice lake", "Ice Lake"),
    ("cascade lake", "Cascade Lake"),
    ("coffee lake", "Coffee Lake"),
    ("skylake", "Skylake"),
    ("broadwell", "Broadwell"),
    ("haswell", "Haswell"),
    ("ivy bridge", "Ivy Bridge"),
    ("sandy bridge", "Sandy Bridge"),
)

#: CCF family list file -> architecture name used in the coefficient tables.
FAMILY_FILES: dict[str, str] = {
    "amd-epyc-gen1.csv": "EPYC 1st Gen",
    "amd-epyc-gen2.csv": "EPYC 2nd Gen",
    "amd-epyc-gen3.csv": "EPYC 3rd Gen",
    "amd-epyc-gen4.csv": "EPYC 4th Gen",
    "amd-epyc-gen5.csv": "EPYC 5th Gen",
    "intel-broadwell.csv": "Broadwell",
    "intel-cascadelake.csv": "Cascade Lake",
    "intel-coffeelake.csv": "Coffee Lake",
    "intel-emeraldrapids.csv": "Emerald Rapids",
    "intel-graniterapids.csv": "Granite Rapids",
    "intel-haswell.csv": "Haswell",
    "intel-icelake.csv": "Ice Lake",
    "intel-ivybridge.csv": "Ivy Bridge",
    "intel-sandybridge.csv": "Sandy Bridge",
    "intel-sapphirerapids.csv": "Sapphire Rapids",
    "intel-skylake.csv": "Skylake",
    "intel-skylake-server.csv": "Skylake",
}
_EPYC_GEN = {
    "1": "EPYC 1st Gen",
    "2": "EPYC 2nd Gen",
    "3": "EPYC 3rd Gen",
    "4": "EPYC 4th Gen",
    "5": "EPYC 5th Gen",
}
_XEON_GEN = {
    "1": "Skylake",
    "2": "Cascade Lake",
    "3": "Ice Lake",
    "4": "Sapphire Rapids",
    "5": "Emerald Rapids",
}
_EPYC = re.compile(r"\bepyc\s+([0-9][0-9a-z]{2}(\d))[a-z]*\b")
_XEON = re.compile(r"\b(?:platinum|gold|silver|bronze|p-)\s*([3-8])(\d)\d\d[a-z]*\b")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\u2011", "-").split())


class ArchMapper:
    """Maps a processor description to a CCF micro-architecture name, or None."""

    def __init__(self, families_dir: Path) -> None:
        self.models: dict[str, str] = {}
        for fname, arch in sorted(FAMILY_FILES.items()):
            path = families_dir / fname
            if not path.exists():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                model = _norm(line)
                # Short bare numbers ("634") would match unrelated text; keep real model names.
                if len(model) >= 4:
                    self.models.setdefault(model, arch)

    def arch(self, cpu: str) -> str | None:
        text = _norm(cpu)
        if not text:
            return None
        for word, arch in _NAMED:
            if word in text:
                return arch
        if re.search(r"\bgraviton\b", text):
            return None  # first-generation Graviton (A1): no coefficient row
        for model, arch in self.models.items():
            if re.search(rf"(?<![a-z0-9]){re.escape(model)}(?![a-z0-9])", text):
                return arch
        m = _EPYC.search(text)
        if m and m.group(2) in _EPYC_GEN:
            return _EPYC_GEN[m.group(2)]
        m = _XEON.search(text)
        if m and m.group(2) in _XEON_GEN:
            return _XEON_GEN[m.group(2)]
        return None
