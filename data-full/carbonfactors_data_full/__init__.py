"""The ``full`` bundle of the carbonfactors dataset, as data files (no code).

``carbonfactors.store.full_data()`` finds ``data/snapshot.json.gz`` here; its NOTICE and
licence manifest sit beside it. Written by ``carbonfactors release``.
"""

from pathlib import Path

DATA = Path(__file__).parent / "data"
