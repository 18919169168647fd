"""Fixture tripping ``keep-note-in-method`` (audit 1796647084 class KN), and the carry."""

from carbonfactors_pipeline.keep_note_screen import carry, problems

FID = "embodied:hpe-proliant-dl345-gen10-plus:2021:boavizta-pcf:manufacturing"
NOTE = "HPE ProLiant DL345 Gen10 Plus (2,502.63 kg) against DL365 (678.3 kg): the outlier."


def _factors():
    return {FID: {"id": FID, "method": "gwp_total x gwp_manufacturing_ratio."}}


def test_keep_note_missing_from_method_trips():
    keep = {(FID, "pcf-sibling-spread"): NOTE, ("dell-poweredge-r940", "server-socket-count"): "x"}
    found = problems(_factors(), keep)
    assert [(fid, r.split(":")[0]) for fid, r in found] == [(FID, "keep-note-in-method")]


def test_carry_puts_the_note_in_the_method_once():
    factors = _factors()
    keep = {(FID, "pcf-sibling-spread"): NOTE}
    assert carry(factors, keep) == 1
    assert "REVIEWED" in factors[FID]["method"] and "the outlier" in factors[FID]["method"]
    assert problems(factors, keep) == []
    assert carry(factors, keep) == 0
