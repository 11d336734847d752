"""Use cases that join the engines to the store: what the command line and the web both call.

A service takes plain values (or an open database session, for use cases that read and write
the store) and returns plain results; it never imports the CLI or the web, prints nothing and
asks nothing, so every client words and shows its results its own way.
"""
