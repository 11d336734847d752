"""rencontre.store."""
