"""Small SPECpower and Teads fixtures shared by the instance-power importer tests."""

from __future__ import annotations

from typing import Any

#: The column header of CCF's SPECpower_ssj2008 extract (data/SPECpower-*.csv).
HEADER = (
    ",Benchmark,Hardware Vendor,System,Result,avg. watts @ 100%,avg. watts @ active idle,"
    "# Cores,Chips,# Cores Per Chip,# Threads Per Core,CPU Description,Processor MHz,"
    "Total Memory (GB),Power Supply Details,Published,Total Threads\n"
)


def teads_factor(subject: str, basis: str, value: float) -> dict[str, Any]:
    """One point of a Teads whole-instance curve, as the importer files it."""
    return {
        "id": f"power:{subject}:2021:teads-aws-ec2:{basis}",
        "kind": "power",
        "subject": subject,
        "year": 2021,
        "value": value,
        "unit": "W",
        "basis": basis,
        "source": "teads-aws-ec2",
        "method": "Teads model of the whole instance.",
    }
