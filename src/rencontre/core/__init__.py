"""The pure domain: types, vocabularies, validation rules and the value-chain taxonomy.

Nothing here imports a web, database or CLI library.
"""
