"""rencontre.matching."""
