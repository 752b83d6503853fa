"""TWIN's document says exactly what its list options take: each documented pattern against
listing.list_options over every short string of a tricky alphabet (keys, signs, separators,
whitespace str.strip removes and ECMA's \\s does not)."""

from __future__ import annotations

import itertools
import re

import pytest

from contacthub.dialects.twin import listing, mapping
from contacthub.dialects.twin.openapi import TWIN_DOC
from contacthub.errors import Invalid

ALPHABET = [
    *("id", "name", "companyId", "value", "clientId"),
    *(",", " ", "-", "+", ":", "desc", "ASC", "TrUe", "0", "x", "\x1f", "\u3000", "\x85", "\t"),
]
LISTS = {
    "/api/v1/clients/attributes": mapping.ATTRIBUTE_KEYS,
    "/api/v1/clients/{client_id:str}/attributes": mapping.CLIENT_ATTRIBUTE_KEYS,
}
PATTERNED = ("sort", "fields", "offsetField", "withoutCount", "withoutItems")


def _taken(param: str, text: str, keys: tuple[str, ...]) -> bool:
    try:
        listing.list_options({param: text}, keys, mapping.UNIQUE_KEYS)
    except Invalid:
        return False
    return True


@pytest.mark.parametrize("path", sorted(LISTS))
@pytest.mark.parametrize("param", PATTERNED)
def test_a_list_option_is_taken_exactly_when_its_pattern_matches(path: str, param: str) -> None:
    (schema,) = [p.schema for p in TWIN_DOC.operations[path].params if p.name == param]
    pattern = re.compile(schema["pattern"])
    wrong = [
        text
        for n in range(1, 4)
        for text in map("".join, itertools.product(ALPHABET, repeat=n))
        if bool(pattern.search(text)) != _taken(param, text, LISTS[path])
    ]
    assert wrong == []
