"""rencontre.scheduling."""
