"""rencontre.core."""
