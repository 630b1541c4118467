"""Finding things in a dataset by what people type: systems, effects, comparators (exact names)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress, repeat

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.figures import ANASTROZOLE
from anastro_cli.model.records import Comparator, Marker, SideEffect, System, Topic
from anastro_cli.text.fold import fold

__all__ = [
    "ANASTROZOLE",
    "UnknownName",
    "filter_effects",
    "listed_for",
    "misspelt_comparator",
    "resolve_comparator",
    "resolve_effect",
    "resolve_marker",
    "resolve_system",
    "resolve_topic",
]


class UnknownName(Exception):
    """Input that names nothing known; the message lists what is known."""

    def __init__(self, message: str, choices: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.choices = tuple(choices)


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("_", "-").split())


def resolve(kind: str, text: str, names: dict[str, list[str]]) -> str:
    """The one id whose names match text exactly, or else the one whose name it prefixes."""
    wanted = _norm(text)
    if not wanted:
        raise UnknownName(f"no {kind} given", list(names))
    exact = [key for key, aliases in names.items() if wanted in (_norm(a) for a in aliases)]
    if len(exact) == 1:
        return exact[0]
    prefixed = [
        key for key, aliases in names.items() if any(_norm(a).startswith(wanted) for a in aliases)
    ]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise UnknownName(
            f"{kind} {text!r} is ambiguous: it could be {', '.join(prefixed)}", prefixed
        )
    raise UnknownName(f"unknown {kind} {text!r}", list(names))


def resolve_system(dataset: Dataset, text: str) -> System:
    exact = next((s for s in dataset.systems if _norm(text) in (s.id, _norm(s.name))), None)
    if exact is not None:  # a system's own id or name always wins over another's alias
        return exact
    names = {s.id: [s.id, s.name, *s.aliases] for s in dataset.systems}
    system_id = resolve("system", text, names)
    system = dataset.system(system_id)
    assert system is not None
    return system


def resolve_comparator(dataset: Dataset, text: str) -> Comparator:
    names = {c.id: [c.id, c.name, *c.brands] for c in dataset.comparators}
    comparator_id = resolve("drug", text, names)
    return next(c for c in dataset.comparators if c.id == comparator_id)


def misspelt_comparator(dataset: Dataset, drug: str) -> Comparator | None:
    """The one comparator a typo names ("tamoxifin", "femera"): a name or brand within one
    or two letters of what was typed, when no other is as close."""
    import difflib

    names = {n.casefold(): c for c in dataset.comparators for n in (c.id, c.name, *c.brands)}
    close = difflib.get_close_matches(drug.casefold().strip(), list(names), 2, 0.8)
    found = {names[n].id: names[n] for n in close}
    return next(iter(found.values())) if len(found) == 1 else None


def resolve_effect(dataset: Dataset, text: str) -> SideEffect | None:
    """An effect named exactly by id, name or alias (any case); None when nothing is exact.
    An id wins over another effect's name or alias."""
    wanted = _norm(text)
    by_id = dataset.effect(wanted)
    if by_id is not None:
        return by_id
    candidates: Sequence[SideEffect] = dataset.effects
    if dataset.store is not None:
        # Equal after _norm means equal after fold: the store's phrase index narrows the
        # search to the few effects with that name, alias or id, still in data order.
        folded = fold(text)
        if folded:
            candidates = dataset.store.effects_named(folded)
    for effect in candidates:
        if wanted in {_norm(effect.id), _norm(effect.name), *(_norm(a) for a in effect.aliases)}:
            return effect
    return None


def resolve_topic(dataset: Dataset, text: str) -> Topic | None:
    """A topic named exactly by its id or title (any case); None otherwise."""
    wanted = _norm(text)
    for topic in dataset.topics:
        if wanted in (_norm(topic.id), _norm(topic.title)):
            return topic
    return None


def listed_for(populations: Sequence[str], group: str | None) -> bool:
    """Whether an effect listed for these populations applies to a group: every effect to
    no group or "all"; else one listed for all or that group, and one listed for women to
    premenopausal women too (they are women; the reverse is not so)."""
    if group is None or group == "all" or "all" in populations or group in populations:
        return True
    return group == "premenopausal" and "women" in populations


def resolve_marker(dataset: Dataset, text: str) -> Marker | None:
    """A blood marker named exactly (any case): by its id, its name, the name without or only
    its bracketed short form ("Estradiol", "E2"), or one of its lay terms; None otherwise."""
    wanted = _norm(text)
    for marker in dataset.markers:
        name = _norm(marker.name)
        short = name.partition(" (")
        names = {_norm(marker.id), name, short[0], short[2].rstrip(")")} - {""}
        if wanted and (wanted in names or wanted in {_norm(t) for t in marker.lay_terms}):
            return marker
    return None


def filter_effects(
    dataset: Dataset,
    system: System | None = None,
    population: str | None = None,
    serious: bool = False,
) -> Sequence[SideEffect]:
    """Effects in display order (system order, then data order), filtered. Filtering reads
    only each effect's columns, so a compiled dataset loads just the effects chosen; each
    step maps over a whole column (C speed at 100,000 effects)."""
    positions, systems, populations, seriousness = dataset.effect_columns()
    masks: list[Iterable[bool]] = []
    if system is not None:
        masks.append(map(system.id.__eq__, systems))
    if population is not None and population != "all":
        masks.append([listed_for(p.split(), population) for p in populations])
    if serious:
        masks.append(map("rare-serious".__eq__, seriousness))
    chosen: Iterable[int] = range(len(positions))  # indexes into the columns, in data order
    if masks:
        keep = masks[0] if len(masks) == 1 else map(all, zip(*masks, strict=True))
        chosen = compress(chosen, keep)
    order = {s.id: i for i, s in enumerate(dataset.systems)}
    ranks = list(map(order.get, systems, repeat(len(order))))
    ordered = sorted(chosen, key=ranks.__getitem__)  # stable: data order within a system
    return dataset.effects_at(list(map(positions.__getitem__, ordered)))
