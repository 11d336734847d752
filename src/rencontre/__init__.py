"""rencontre: cross-border industrial cooperation platform."""

__version__ = "0.1.0"
