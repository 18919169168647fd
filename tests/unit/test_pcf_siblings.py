"""The bounds of a same-configuration PCF outlier reach its sibling (audit 1796647084 KN)."""

from carbonfactors_pipeline.importers._pcf_siblings import reach_siblings


def _pair():
    def hw(hid, name):
        specs = {"cpu_count": 1, "memory_gb": 32}
        return {"id": hid, "name": name, "vendor": "HPE", "category": "server", "specs": specs}

    def fac(hid, value):
        return {
            "id": f"embodied:{hid}",
            "kind": "embodied",
            "subject": hid,
            "value": value,
            "unit": "kgCO2e",
            "low": value * 0.585,
            "high": value * 1.415,
            "basis": "manufacturing",
            "rung": "product-lca",
            "method": "m.",
            "inputs": {"pcf_drives": "0 SSD"},
        }

    return {
        "servers/hpe.yaml": {
            "hardware": [
                hw("dl345", "ProLiant DL345 Gen10 Plus"),
                hw("dl365", "ProLiant DL365 Gen10 Plus"),
            ],
            "factors": [fac("dl345", 2502.63), fac("dl365", 678.3)],
        }
    }


def test_outlier_low_reaches_its_sibling_and_says_so():
    files = _pair()
    assert reach_siblings(files) == 1
    dl345, dl365 = files["servers/hpe.yaml"]["factors"]
    assert dl345["low"] == 678.3 and "PCF OUTLIER" in dl345["method"]
    assert dl365["low"] == 678.3 * 0.585 and "PCF OUTLIER" not in dl365["method"]
