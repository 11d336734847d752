from __future__ import annotations

from rencontre.core.languages import _CODE_BY_NAME, _NAMES_BY_CODE, ISO_639_1


def test_language_codes_are_the_184_of_iso_639_1() -> None:
    assert len(ISO_639_1) == 184
    assert all(len(code) == 2 and code.isascii() and code.islower() for code in ISO_639_1)
    assert {"fr", "nl", "en", "de", "lb", "zh"} <= ISO_639_1
    assert not {"xx", "iw", "sh"} & ISO_639_1  # unassigned, and withdrawn codes


def test_language_names_each_stand_for_one_valid_code() -> None:
    names = [name for names in _NAMES_BY_CODE.values() for name in names.split()]
    assert len(_CODE_BY_NAME) == len(names)  # no name folded onto another language's
    assert set(_NAMES_BY_CODE) <= ISO_639_1
    assert not set(_CODE_BY_NAME) & ISO_639_1  # a name that is a code would never be refused
