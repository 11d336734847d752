"""rencontre.demo."""
