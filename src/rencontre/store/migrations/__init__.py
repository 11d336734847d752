"""Alembic migrations of the rencontre schema (shipped inside the package)."""
