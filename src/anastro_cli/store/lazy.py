"""What a store hands out that reads only what is used: the dataset, whose parts are decoded
on first use, and sequences of its effects."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import fields_of
from anastro_cli.model.records import SideEffect

if TYPE_CHECKING:
    from anastro_cli.store.store import Store


class _Decoded:
    """A part of a stored dataset (its sources, trials, figures ...), decoded from the store
    on first use and then kept on the instance (as functools.cached_property does)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__["store"].core_value(self.name)
        instance.__dict__[self.name] = value
        return value


class StoredDataset(Dataset):
    """A compiled dataset as its store holds it: each part is decoded when first used, so a
    search never decodes the trial figures only `compare` and `show` print (about 10 ms).

    Made by Store.dataset (from_store); a copy made with model.frozen.replace() holds its own
    values, without a store."""

    @classmethod
    def from_store(cls, store: Store) -> StoredDataset:
        dataset = object.__new__(cls)  # frozen: its values go straight into its dict
        dataset.__dict__.update(effects=LazyEffects(store), store=store)
        return dataset

    def __eq__(self, other: object) -> bool:
        # A record's equality asks for the same class; a stored dataset equals the dataset
        # it was compiled from.
        if not isinstance(other, Dataset):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in fields_of(Dataset))

    __hash__ = None  # type: ignore[assignment]  # its effects are a lazy, unhashable sequence


# Every part but the effects (read through LazyEffects) and the store is decoded on first use:
# a descriptor on the class, found only while the instance has no value of that name.
for _name in fields_of(Dataset):
    if _name != "effects":
        setattr(StoredDataset, _name, _Decoded(_name))


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

    def json_array(self) -> Iterator[bytes]:
        return self._store.json_array(self.positions)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
