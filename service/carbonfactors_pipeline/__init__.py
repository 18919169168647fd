"""The data pipeline: factor files in, validated snapshots, releases and a SQLite build out.

Maintainers run it through ``carbonfactors validate|changes|build|release|import``; the
API never touches YAML, only the database this pipeline builds.
"""
