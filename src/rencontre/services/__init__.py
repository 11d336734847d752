"""Use cases that join the engines to the domain: pure functions, no DB, web or CLI imports."""
