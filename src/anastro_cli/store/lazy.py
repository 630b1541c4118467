"""Sequences of a store's effects that read only what is used."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, overload

from anastro_cli.model.records import SideEffect

if TYPE_CHECKING:
    from anastro_cli.store.store import Store


class LazyEffects(Sequence[SideEffect]):
    """A stored dataset's effects in data order, read from the store on first full use."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @cached_property
    def _all(self) -> tuple[SideEffect, ...]:
        return self._store.all_effects()

    def __len__(self) -> int:
        return self._store.size

    @overload
    def __getitem__(self, index: int) -> SideEffect: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[SideEffect]: ...

    def __getitem__(self, index: int | slice) -> SideEffect | Sequence[SideEffect]:
        if isinstance(index, int) and "_all" not in vars(self):
            position = index + len(self) if index < 0 else index
            if not 0 <= position < len(self):
                raise IndexError(index)
            return self._store.effects_at([position])[0]  # one effect, not all of them
        return self._all[index]

    def __iter__(self) -> Iterator[SideEffect]:
        return iter(self._all)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyEffects({len(self)} effects)"


class Selection(Sequence[SideEffect]):
    """Some effects of a store by position (a filtered list), read only when used; the JSON
    writer takes their stored JSON instead."""

    def __init__(self, store: Store, positions: list[int]) -> None:
        self._store = store
        self.positions = positions

    @cached_property
    def _effects(self) -> list[SideEffect]:
        return self._store.effects_at(self.positions)

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> SideEffect: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[SideEffect]: ...

    def __getitem__(self, index: int | slice) -> SideEffect | Sequence[SideEffect]:
        return self._effects[index]

    def __iter__(self) -> Iterator[SideEffect]:
        return iter(self._effects)

    def json_items(self) -> list[str]:
        return self._store.plain_json(self.positions)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
