"""The floor the API benchmark compares with: one Flask route returning a constant dict.

Served by gunicorn with exactly the settings of the API in the same run
(``gunicorn 'baseline_app:create_app()'`` from this folder), so the ratio measures what
the API adds on top of Flask + gunicorn + JSON, not the machine.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response

BODY = {"status": "ok", "dataset_version": "2026.02", "value": 55.27541, "unit": "gCO2e/kWh"}

#: A second floor the size of a factor's answer (about 2.3 KB of JSON, ten headers), to
#: tell what the API's code adds from what sending a bigger answer costs gunicorn and the
#: kernel (the API benchmark's ``sized`` scenario).
#: Encoded once, as the API's stored answers are: the floor pays for size, not encoding.
SIZED = json.dumps({"items": [dict(BODY, n=i, note="x" * 40) for i in range(15)]}).encode()
SIZED_HEADERS = {
    "ETag": '"568f4b5b9c0fd8b331f8bdb2cb4f7b13"',
    "X-Content-Type-Options": "nosniff",
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, X-Dataset-Version, X-Snapshot-SHA256, X-Request-Id",
    "X-Dataset-Version": "2026.02",
    "Cache-Control": "public, max-age=60",
    "Vary": "Accept-Encoding",
    "X-Request-Id": "a2c4e43f68794516bfaa664fedd81146",
}


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/const")
    def const() -> dict[str, Any]:
        return BODY

    @app.get("/const-sized")
    def const_sized() -> Response:
        return Response(SIZED, mimetype="application/json", headers=SIZED_HEADERS)

    return app
