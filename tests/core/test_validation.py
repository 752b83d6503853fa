"""Problems: one Invalid naming every wrong field of an input, bounded."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from contacthub.core.validation import (
    MAX_REPORTED_FIELDS,
    Problems,
    optional_text,
    required_text,
)
from contacthub.errors import Invalid


def test_one_problem_is_raised_as_it_was() -> None:
    problems = Problems()
    with problems.checking():
        required_text("name", "", max_length=5)
    with pytest.raises(Invalid) as caught:
        problems.check()
    assert (caught.value.message, caught.value.fields) == (
        "name is required",
        {"name": ["name is required"]},
    )


def test_several_are_named_together_under_their_own_fields() -> None:
    problems = Problems()
    with problems.checking():
        required_text("name", "", max_length=5)
    with problems.checking(as_field="tags[2]"):
        required_text("name", "x" * 9, max_length=5)
    problems.add(Invalid("bad phone", fields={"phones[0]": ["bad phone"]}, code="phone_invalid"))
    with pytest.raises(Invalid) as caught:
        problems.check()
    assert caught.value.fields == {
        "name": ["name is required"],
        "tags[2]": ["name is longer than 5 characters"],
        "phones[0]": ["bad phone"],
    }
    assert caught.value.message == "name is required (and 2 more)"
    assert caught.value.code == "invalid"  # mixed codes


def test_a_hundred_fields_at_most_but_every_one_counted() -> None:
    problems = Problems()
    for i in range(1000):
        problems.add(Invalid.field(f"f{i}", "bad"))
    with pytest.raises(Invalid) as caught:
        problems.check()
    assert len(caught.value.fields) == MAX_REPORTED_FIELDS
    assert caught.value.message == "bad (and 999 more)"


def test_nothing_wrong_raises_nothing() -> None:
    problems = Problems()
    with problems.checking():
        required_text("name", "ok", max_length=5)
    assert not problems
    problems.check()


@pytest.mark.parametrize("check", [required_text, optional_text])
def test_length_is_what_was_sent(check: Callable[..., str | None]) -> None:
    # The document's maxLength counts the value as sent; so does the core (it trimmed first, and
    # took 7 characters for a maxLength of 5 when two were spaces).
    assert check("name", "abcde", max_length=5) == "abcde"
    with pytest.raises(Invalid):
        check("name", " abcde ", max_length=5)
