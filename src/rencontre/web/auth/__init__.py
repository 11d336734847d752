"""Who is asking: sessions and API tokens turned into a `Visitor`, and the ways in (sign-in,
sign-out, personal links)."""
