"""What clients created through the mock, kept for the life of the server process.

Entities are JSON objects filed under the collection path they were created in (`me/contacts`,
`users/u1/contacts`: segments lower-cased, the version dropped; `/me` and `/users/{id}` are
kept apart) and their `id`, a fresh UUID the store makes. A deleted entity leaves a tombstone,
so a later request for it is answered "not found" rather than with a documented example.

One lock guards everything: the server answers each connection on its own thread. Objects go
in and come out as copies, so no caller holds a reference into the store.
"""

from __future__ import annotations

import copy
import threading
import uuid
from typing import Any

Entity = dict[str, Any]


class EntityStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # collection path → id → entity, in creation order (dicts keep insertion order)
        self._collections: dict[str, dict[str, Entity]] = {}
        self._deleted: set[tuple[str, str]] = set()

    def create(self, collection: str, entity: Entity) -> Entity:
        """File `entity` under `collection` with a new unique `id` (replacing any it has)."""
        stored = {**copy.deepcopy(entity), "id": str(uuid.uuid4())}
        with self._lock:
            self._collections.setdefault(collection, {})[stored["id"]] = stored
            return copy.deepcopy(stored)

    def get(self, collection: str, entity_id: str) -> Entity | None:
        with self._lock:
            found = self._collections.get(collection, {}).get(entity_id)
            return copy.deepcopy(found) if found is not None else None

    def update(self, collection: str, entity_id: str, changes: Entity) -> Entity | None:
        """Merge `changes` into the entity, property by property as a PATCH does (a
        complex value is replaced whole); its `id` stays. None when there is no such entity."""
        with self._lock:
            found = self._collections.get(collection, {}).get(entity_id)
            if found is None:
                return None
            found.update(copy.deepcopy(changes))
            found["id"] = entity_id
            return copy.deepcopy(found)

    def delete(self, collection: str, entity_id: str) -> bool:
        """Remove the entity and leave its tombstone; False when there is no such entity."""
        with self._lock:
            if self._collections.get(collection, {}).pop(entity_id, None) is None:
                return False
            self._deleted.add((collection, entity_id))
            return True

    def deleted(self, collection: str, entity_id: str) -> bool:
        with self._lock:
            return (collection, entity_id) in self._deleted

    def items(self, collection: str) -> list[Entity] | None:
        """The entities of `collection` in creation order, or None when nothing was ever
        created in it (an emptied collection gives [])."""
        with self._lock:
            found = self._collections.get(collection)
            return None if found is None else copy.deepcopy(list(found.values()))
