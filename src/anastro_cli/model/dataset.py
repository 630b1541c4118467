"""The dataset: every record of one load, and lookups by id over them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import ClassVar, Protocol

from anastro_cli.model.frozen import record
from anastro_cli.model.records import (
    Comparator,
    Contrast,
    DatasetInfo,
    Drug,
    Figure,
    Marker,
    MenInfo,
    Question,
    SideEffect,
    Source,
    System,
    Topic,
    Trial,
)

# Each effect's position, system, populations (space-separated) and seriousness: a list each.
EffectColumns = tuple[list[int], list[str], list[str], list[str]]


class EffectStore(Protocol):
    """Where a compiled dataset keeps its effects (store.py): read one at a time, not all."""

    def effect(self, effect_id: str) -> SideEffect | None: ...

    def effect_json(self, effect_id: str) -> str | None: ...

    def counts(self) -> dict[str, int]: ...

    def columns(self) -> EffectColumns: ...

    def selection(self, positions: list[int]) -> Sequence[SideEffect]: ...

    def effects_named(self, folded: str) -> Sequence[SideEffect]: ...


@record
class Dataset:
    info: DatasetInfo
    drug: Drug
    systems: tuple[System, ...]
    sources: tuple[Source, ...]
    effects: Sequence[SideEffect]  # a tuple, or a compiled dataset's lazy sequence
    markers: tuple[Marker, ...] = ()
    men: MenInfo = MenInfo()  # a record is immutable: one default serves every dataset
    comparators: tuple[Comparator, ...] = ()
    trials: tuple[Trial, ...] = ()
    figures: tuple[Figure, ...] = ()
    contrasts: tuple[Contrast, ...] = ()
    topics: tuple[Topic, ...] = ()
    questions: tuple[Question, ...] = ()
    # Not a field: set only on the dataset a store holds (store/lazy.py). A copy made with
    # replace() has none, so it is searched and looked up from its own effects, never the
    # store's.
    store: ClassVar[EffectStore | None] = None

    # Lookups by id; each table is built once per dataset (frozen records allow
    # cached_property because it writes to the instance dict directly).
    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def _effects_by_id(self) -> dict[str, SideEffect]:
        return {e.id: e for e in self.effects}

    @cached_property
    def _trials_by_id(self) -> dict[str, Trial]:
        return {t.id: t for t in self.trials}

    @cached_property
    def _figures_by_effect(self) -> dict[str, tuple[Figure, ...]]:
        grouped: dict[str, list[Figure]] = {}
        for figure in self.figures:
            if figure.effect is not None:
                grouped.setdefault(figure.effect, []).append(figure)
        return {key: tuple(value) for key, value in grouped.items()}

    @cached_property
    def _effect_counts(self) -> dict[str, int]:
        if self.store is not None:
            return self.store.counts()
        counts: dict[str, int] = {}
        for effect in self.effects:
            counts[effect.system] = counts.get(effect.system, 0) + 1
        return counts

    def figures_for(self, effect_id: str) -> tuple[Figure, ...]:
        """The trial figures linked to an effect, in data order."""
        return self._figures_by_effect.get(effect_id, ())

    def source(self, source_id: str) -> Source | None:
        return self._sources_by_id.get(source_id)

    def system(self, system_id: str) -> System | None:
        return next((s for s in self.systems if s.id == system_id), None)

    def effects_in(self, system_id: str) -> int:
        """How many effects belong to a system."""
        return self._effect_counts.get(system_id, 0)

    def effect(self, effect_id: str) -> SideEffect | None:
        if self.store is not None:
            return self.store.effect(effect_id)
        return self._effects_by_id.get(effect_id)

    def effect_columns(self) -> EffectColumns:
        """Every effect's position, system, populations (space-separated) and seriousness, a
        list each, in data order: what filtering needs, without the effects."""
        if self.store is not None:
            return self.store.columns()
        effects = self.effects
        return (
            list(range(len(effects))),
            [e.system for e in effects],
            [" ".join(e.populations) for e in effects],
            [e.seriousness for e in effects],
        )

    def effects_at(self, positions: list[int]) -> Sequence[SideEffect]:
        """The effects at these positions, in this order (a store reads only those)."""
        if self.store is not None:
            return self.store.selection(positions)
        return tuple(self.effects[p] for p in positions)

    def trial(self, trial_id: str) -> Trial | None:
        return self._trials_by_id.get(trial_id)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)
