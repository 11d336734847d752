from __future__ import annotations

from dataclasses import dataclass

from rencontre.matching.value_chain import ValueChain, value_chain_from_taxonomy


def test_links_name_the_direction(tiny_chain: ValueChain) -> None:
    assert tiny_chain.links({"CELL"}, {"PACK"}) == [("CELL", "PACK", "supplies")]
    assert tiny_chain.links({"VEH"}, {"PACK"}) == [("VEH", "PACK", "buys")]


def test_supplier_and_customer_are_complementary_competitors_are_not(
    tiny_chain: ValueChain,
) -> None:
    assert tiny_chain.complementarity({"CELL"}, {"PACK"}) == 1.0
    assert tiny_chain.complementarity({"CELL"}, {"CELL"}) == 0.0
    assert tiny_chain.complementarity({"CELL"}, {"VEH"}) == 0.0


def test_label_falls_back_to_english_then_code(tiny_chain: ValueChain) -> None:
    assert tiny_chain.label("PACK", "nl") == "Batterijpakketten"
    assert tiny_chain.label("CHG", "fr") == "CHG"


@dataclass(frozen=True)
class FakeSegment:
    code: str
    supplies: frozenset[str]

    def label(self, language: str) -> str:
        return f"{self.code}-{language}"


@dataclass(frozen=True)
class FakeTaxonomy:
    segments: tuple[FakeSegment, ...]


def test_adapter_reads_a_taxonomy_through_its_attributes() -> None:
    taxonomy = FakeTaxonomy((FakeSegment("A", frozenset({"B"})), FakeSegment("B", frozenset())))
    chain = value_chain_from_taxonomy(taxonomy)
    assert chain.supplies == {"A": frozenset({"B"}), "B": frozenset()}
    assert chain.label("A", "nl") == "A-nl"
