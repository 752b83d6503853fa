"""The default id source: UUID version 7, unique and in time order."""

from __future__ import annotations

import time
import uuid

from contacthub.core.scope import Env, Scope, time_ordered_uuids


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


def test_batched_uuids_are_the_same_kind() -> None:
    batch = time_ordered_uuids(5000)
    time.sleep(0.002)
    later = time_ordered_uuids(1)[0]
    parsed = [uuid.UUID(text) for text in batch]
    assert {u.version for u in parsed} == {7}
    assert {u.variant for u in parsed} == {uuid.RFC_4122}
    assert len(set(batch)) == 5000
    assert all(str(u) == text for u, text in zip(parsed, batch, strict=True))
    assert later > max(batch)
    assert abs((parsed[0].int >> 80) - time.time() * 1000) < 60_000


async def test_a_scope_batches_only_the_default_source() -> None:
    ids = iter(range(10))
    custom = Scope(conn=None, org_id=1, env=Env(new_uuid=lambda: f"id-{next(ids)}"))  # type: ignore[arg-type]
    assert custom.new_uuids(3) == ["id-0", "id-1", "id-2"]
    assert {uuid.UUID(u).version for u in Scope(None, 1).new_uuids(3)} == {7}  # type: ignore[arg-type]
