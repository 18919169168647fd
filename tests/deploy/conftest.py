"""Deployment tests: real gunicorn servers (and nginx) on loopback, bounded in time."""

from __future__ import annotations

#: A mix of what clients ask most: lookups by id, resolved lookups, a list page, health.
MIX = (
    "/v1/factors/grid_intensity:FR:2023:ember-owid",
    "/v1/zones/gcp:europe-west1/grid-intensity?year=2023",
    "/v1/pue/industry?year=2022",
    "/v1/factors?kind=grid_intensity&limit=5",
    "/v1/zones/aws:us-east-1",
    "/v1/health",
)
