"""HTTP API tests: contract, error shape, caching, resources, footprints, end to end."""
