"""The contract of a ``Store``: its two forms (a release pack read lazily, a snapshot held
in memory) hand out the same records, and a ``Dataset`` on either gives the same answers.

Built from the committed fixture releases in a temporary folder (never the bundled one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import carbonfactors as cf
import carbonfactors.cli
from carbonfactors import snapshot as snap
from carbonfactors import stores
from carbonfactors.dataset import Dataset

RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "factors" / "releases" / "2026.02.json"


@pytest.fixture(scope="module")
def whole() -> Dataset:
    return cf.load_dataset(RELEASE)


@pytest.fixture
def packed(tmp_path: Path) -> Dataset:
    path = tmp_path / "snapshot.pack"
    path.write_bytes(snap.pack(snap.read(RELEASE)))
    return cf.load_dataset(path)


def test_unpack_gives_back_the_same_snapshot() -> None:
    original = snap.read(RELEASE)
    data = snap.pack(original)
    assert data == snap.pack(original)  # deterministic
    assert snap.dumps(snap.unpack(snap.Packed(data))) == RELEASE.read_text(encoding="utf-8")


def test_both_store_forms_hand_out_the_same_records() -> None:
    data = snap.read(RELEASE)
    memory = stores.MemoryStore(snap.read(RELEASE))
    pack = stores.open_pack(snap.pack(data))
    assert pack.version == memory.version == "2026.02"
    header = {k: v for k, v in pack.manifest().items() if k != "sha256"}
    assert header == memory.manifest() and pack.manifest()["sha256"] == snap.checksum(data)
    for name in ("sources", "zones", "operators"):
        assert list(getattr(pack, name)()) == list(getattr(memory, name)())
    subjects = sorted({f["subject"] for f in data["factors"]})
    for subject in [*subjects, "no-such-subject"]:
        assert list(pack.subject_factors(subject)) == list(memory.subject_factors(subject))
    assert list(pack.hardware_ids()) == list(memory.hardware_ids())
    for hid in [*memory.hardware_ids(), "no-such-model"]:
        assert pack.hardware_record(hid) == memory.hardware_record(hid)
    for f in data["factors"][::7]:
        assert pack.factor_record(f["id"]) == memory.factor_record(f["id"]) == f
    assert pack.factor_record("no-such-factor") is None
    assert pack.stats() == memory.stats()
    assert [h["id"] for h in pack.catalog()] == [h["id"] for h in memory.catalog()]
    assert snap.checksum(pack.snapshot()) == snap.checksum(memory.snapshot())


def test_packed_resolves_exactly_like_the_whole_snapshot(whole: Dataset, packed: Dataset) -> None:
    assert packed.store.packed.decoded == 0  # type: ignore[attr-defined]  # only the core yet
    for zone in sorted(whole.zones):
        for year in (None, 2019, 2023, 2024):
            assert _grid(packed, zone, year) == _grid(whole, zone, year)
            assert _pue(packed, zone, year) == _pue(whole, zone, year)
    for hid in sorted(whole.hardware):
        job = {"hardware": [{"model": hid, "count": 2}], "hours": 5, "location": "FR"}
        assert _fp(packed, job) == _fp(whole, job)
    for name in ("H100 SXM", "A100 80GB", "EPYC 7763", "not a gpu", "V100", "A100"):
        job = {"hardware": [{"model": name}], "hours": 1, "location": "DE", "year": 2023}
        assert _fp(packed, job) == _fp(whole, job)
        assert [h.id for h in packed.names.search.rank(name)] == [
            h.id for h in whole.names.search.rank(name)
        ]
    assert packed.factors.keys() == whole.factors.keys()  # decoding everything still works
    assert snap.checksum(dict(packed.snapshot)) == snap.checksum(dict(whole.snapshot))


def test_both_forms_pickle_into_the_same_answers(whole: Dataset, packed: Dataset) -> None:
    """Dask ships a dataset to its workers by pickling it: the store goes, memos are rebuilt."""
    import pickle

    job = {"hardware": [{"model": "nvidia-a100-sxm4-80gb"}], "hours": 1, "location": "FR"}
    for ds in (whole, packed):
        copy = pickle.loads(pickle.dumps(ds))
        assert type(copy.store) is type(ds.store) and copy.origin == ds.origin
        assert _fp(copy, job) == _fp(whole, job)


def test_first_footprint_decodes_only_what_it_needs(packed: Dataset) -> None:
    job = {"hardware": [{"model": "nvidia-a100-sxm4-80gb"}], "hours": 1, "location": "FR"}
    cf.footprint(job, dataset=packed)
    assert 0 < packed.store.packed.decoded < 15  # type: ignore[attr-defined]


def test_a_truncated_or_foreign_pack_is_a_clear_error(tmp_path: Path) -> None:
    data = snap.pack(snap.read(RELEASE))
    cut = tmp_path / "cut.pack"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(cf.DatasetError, match="truncated"):
        cf.load_dataset(cut)
    other = tmp_path / "other.pack"
    other.write_bytes(b"PK\x03\x04 not a pack")
    with pytest.raises(cf.DatasetError, match="not a packed snapshot"):
        cf.load_dataset(other)


def test_a_corrupt_gzip_dataset_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "snap.json.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(cf.DatasetError, match="not a readable gzip file"):
        cf.load_dataset(bad)
    code = cf.cli.main(
        ["footprint", "--energy-kwh", "1", "--location", "FR", "--dataset", str(bad)]
    )
    assert code == 1


def _grid(ds: Dataset, zone: str, year: int | None) -> Any:
    try:
        r = ds.resolve_grid(zone, year)
        return r.factor, r.steps, r.summary
    except cf.CarbonFactorsError as exc:
        return type(exc), exc.message


def _pue(ds: Dataset, zone: str, year: int | None) -> Any:
    try:
        r = ds.resolve_pue(zone, year)
        return r.factor, r.steps
    except cf.CarbonFactorsError as exc:
        return type(exc), exc.message


def _fp(ds: Dataset, job: dict[str, Any]) -> Any:
    try:
        return cf.footprint(job, dataset=ds).to_dict()
    except cf.CarbonFactorsError as exc:
        return type(exc), exc.message


def test_the_release_bundle_carries_its_packed_index(tmp_path: Path) -> None:
    """What ``carbonfactors release`` writes into the package: the snapshot and its pack."""
    from carbonfactors import store
    from carbonfactors_pipeline.commands import BUNDLE, bundle_into_sdk

    assert BUNDLE == store.BUNDLED.parent  # the installed package's own folder
    root = RELEASE.parents[1]
    target, pack = bundle_into_sdk(root, "2026.02", tmp_path)[:2]
    assert pack == tmp_path / store.BUNDLED_PACK.name
    bundled = snap.read(target)  # the licence-clean default bundle of the release
    packed = snap.read_packed(pack)
    assert packed.core()["sha256"] == snap.checksum(bundled)
    assert snap.peek_version(target) == "2026.02"
