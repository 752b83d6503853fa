"""The default id source: UUID version 7, unique and in time order."""

from __future__ import annotations

import time
import uuid

from contacthub.core.scope import Env


def test_default_uuids_are_version_7_unique_and_time_ordered() -> None:
    new_uuid = Env().new_uuid
    first = [new_uuid() for _ in range(1000)]
    time.sleep(0.002)
    later = new_uuid()
    parsed = [uuid.UUID(text) for text in first]
    assert {u.version for u in parsed} == {7}
    assert {u.variant for u in parsed} == {uuid.RFC_4122}
    assert len(set(first)) == 1000
    assert all(str(u) == text for u, text in zip(parsed, first, strict=True))
    assert later > max(first)  # a later millisecond sorts after every earlier id
    millis = parsed[0].int >> 80
    assert abs(millis - time.time() * 1000) < 60_000
