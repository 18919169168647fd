"""The host side (CPU and memory) of an instance's power by the CCF method.

Its own module because three builders read it: the plain power values
(``_cloud_instance_factors``), the sum of parts of accelerated types (``_instance_sums``)
and the host part those sums are screened on (``_instance_host_part``, ``_instance_dram``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._common import rounded

HOST_POWER_SOURCE = "ccf-coefficients"
#: The sheet the idle DRAM W per GB is a median of (licence unstated: full bundle only).
DRAM_IDLE_SOURCE = "teads-aws-ec2"


@dataclass(frozen=True)
class HostPower:
    """The host side of an instance's power by the CCF method."""

    vcpus: float
    memory_gb: float
    memory_w_per_gb: float
    lo: float
    hi: float
    arch_note: str
    #: DRAM W per GB at idle for the ``min`` point (median of the Teads sheet's RAMWatt at
    #: idle per instance GB): CCF's 0.392 W/GB at every load made floors of large-memory
    #: types 2-3x high (r8g.48xlarge). None: CCF's constant at both points.
    memory_idle_w_per_gb: float | None = None
    #: Hardware threads per vCPU: CCF's W per vCPU is per SPECpower hardware thread, so a
    #: family whose vCPU is a whole SMT-2 core (AWS M7a) counts 2 (class F); the source
    #: that says so is ``smt_source``.
    threads_per_vcpu: int = 1
    smt_source: str | None = None
    #: (lowest min, highest max) W per vCPU over the coefficient table's rows, when the
    #: micro-architecture is unknown and the table's mean stands in (a per-vCPU CATEGORY
    #: DEFAULT): the value's low/high, so its bounds say how little is known.
    spread: tuple[float, float] | None = None
    #: (min, max) W per SPECpower hardware thread recounted from the micro-architecture's
    #: SPECpower results by CCF's own method (``_instance_specpower.recount``), when known.
    measured: tuple[float, float] | None = None
    #: CCF's published (min, max) W per vCPU when it is over ``COEFF_RATIO`` times the
    #: recount and so not the central value (class TU): the value's high bound.
    published: tuple[float, float] | None = None

    def bounds(self) -> tuple[float, float] | None:
        """(low, high) W of the host side when the W per vCPU is a category default."""
        if self.spread is None:
            return None
        lo, hi = self.spread
        return (
            self.vcpus * lo * self.threads_per_vcpu + self.memory_gb * self.memory_w("min"),
            self.vcpus * hi * self.threads_per_vcpu + self.memory_gb * self.memory_w("max"),
        )

    def memory_w(self, basis: str) -> float:
        if basis == "min" and self.memory_idle_w_per_gb is not None:
            return self.memory_idle_w_per_gb
        return self.memory_w_per_gb

    def watts(self, basis: str) -> float:
        per_vcpu = self.lo if basis == "min" else self.hi
        return self.vcpus * per_vcpu + self.memory_gb * self.memory_w(basis)

    def method(self, basis: str) -> str:
        memory = (
            f"memory GB x {self.memory_w(basis):g} W/GB (median DRAM watts per GB at idle of "
            f"the Teads AWS sheet, the memory's floor)"
            if self.memory_w(basis) != self.memory_w_per_gb
            else f"memory GB x {self.memory_w_per_gb:g} W/GB (CCF constant, applied to all "
            f"of the instance's memory)"
        )
        return (
            f"CCF method, derived: vCPUs x {basis} W per vCPU ({self.arch_note}; SPECpower "
            f"averages, ccf-coefficients 2026) + {memory}"
        )

    def sources(self, basis: str) -> tuple[str, ...]:
        """The sources the host figure at ``basis`` rests on, for ``derived_from``: the
        idle DRAM W/GB is a median of the Teads sheet, so a ``min`` point using it carries
        that sheet's licence (issue 19), not only CCF's."""
        uses_idle = self.memory_gb and self.memory_w(basis) != self.memory_w_per_gb
        return (
            HOST_POWER_SOURCE,
            *((DRAM_IDLE_SOURCE,) if uses_idle else ()),
            *((self.smt_source,) if self.smt_source else ()),
        )

    def inputs(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "vcpus": rounded(self.vcpus),
            "memory_gb": rounded(self.memory_gb),
            "memory_w_per_gb": self.memory_w_per_gb,
        }
        if self.memory_idle_w_per_gb is not None:
            out["memory_idle_w_per_gb"] = self.memory_idle_w_per_gb
        if self.threads_per_vcpu != 1:
            out["threads_per_vcpu"] = self.threads_per_vcpu
        return out

    def basis_inputs(self, basis: str) -> dict[str, Any]:
        """The per-thread recount (read by the screen ``instance-ccf-coefficient``) and
        CCF's published W per vCPU where the recount replaced it, at ``basis``."""
        i = 0 if basis == "min" else 1
        out: dict[str, Any] = {}
        if self.measured:
            out["specpower_w_per_thread"] = rounded(self.measured[i], 6)
        if self.published:
            out["ccf_w_per_vcpu"] = rounded(self.published[i], 6)
        return out
