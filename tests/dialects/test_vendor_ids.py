"""Every vendor dialect is a system of core.vendor_systems and speaks its own ids (its mapping's
``SYSTEM`` is its name); the dialects' own tests (tests/dialects/<vendor>/test_vendor_ids.py)
hold the rule through HTTP."""

from __future__ import annotations

from contacthub.app import default_dialects
from contacthub.core.vendor_systems import SYSTEMS
from contacthub.dialects.obzvonilka import mapping as obzvonilka
from contacthub.dialects.plusofon import mapping as plusofon
from contacthub.dialects.twin import mapping as twin
from contacthub.dialects.watbot import mapping as watbot


def test_the_systems_are_the_vendor_dialects() -> None:
    vendors = {dialect.name for dialect in default_dialects()} - {"native"}
    assert set(SYSTEMS) == vendors


def test_each_dialect_speaks_its_own_system() -> None:
    spoken = {module.SYSTEM for module in (watbot, obzvonilka, twin, plusofon)}
    assert spoken == set(SYSTEMS)
    assert (watbot.SYSTEM, obzvonilka.SYSTEM, twin.SYSTEM, plusofon.SYSTEM) == (
        "watbot",
        "obzvonilka",
        "twin",
        "plusofon",
    )
