"""The floor the API benchmark compares with: one Flask route returning a constant dict.

Served by gunicorn with exactly the settings of the API in the same run
(``gunicorn 'baseline_app:create_app()'`` from this folder), so the ratio measures what
the API adds on top of Flask + gunicorn + JSON, not the machine.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

BODY = {"status": "ok", "dataset_version": "2026.02", "value": 55.27541, "unit": "gCO2e/kWh"}


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/const")
    def const() -> dict[str, Any]:
        return BODY

    return app
