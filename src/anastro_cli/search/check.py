"""A symptom check: each symptom a person names, resolved to an effect or topic (or to
nothing, honestly), most urgent first."""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import record
from anastro_cli.model.records import SideEffect, Topic
from anastro_cli.model.vocab import TIERS
from anastro_cli.search.intent import best_covering

MAX_SYMPTOMS = 20


@record
class Checked:
    """One symptom as typed, and the entry it names (None: not listed, with the closest
    names when some entry matched part of it)."""

    symptom: str
    effect: SideEffect | None = None
    topic: Topic | None = None
    close: tuple[str, ...] = ()

    @property
    def urgency(self) -> str | None:
        if self.effect is not None:
            return self.effect.urgency
        return self.topic.urgency if self.topic is not None else None


def split_symptoms(arguments: list[str]) -> list[str]:
    """Each argument is one symptom; one argument may hold several separated by commas, and
    so may unquoted words (which segment() then cuts further)."""
    if unquoted(arguments):
        arguments = [" ".join(arguments)]
    parts = [p.strip() for a in arguments for p in (a.split(",") if len(arguments) == 1 else [a])]
    return _unique(parts)


def _unique(parts: list[str]) -> list[str]:
    unique: dict[str, str] = {}
    for part in parts:
        if part:
            unique.setdefault(" ".join(part.casefold().split()), part)
    return list(unique.values())


def unquoted(arguments: list[str]) -> bool:
    """Whether the arguments are the words of unquoted text, which the shell split: several,
    none holding a space (`anastro check hot flushes, joint pain`)."""
    return len(arguments) > 1 and not any(len(a.split()) > 1 for a in arguments)


def segmented(dataset: Dataset, arguments: list[str], symptoms: list[str]) -> list[str]:
    """The symptoms split_symptoms found, each cut by segment() when the arguments were
    unquoted words; as they are otherwise (quoted, each argument is meant whole)."""
    if not unquoted(arguments):
        return symptoms
    from anastro_cli.search.segment import segment

    return _unique([part for symptom in symptoms for part in segment(dataset, symptom)])


def check(dataset: Dataset, symptoms: list[str]) -> list[Checked]:
    """Every symptom resolved, most urgent first (then in the order given); not-listed last."""
    found = [_resolve(dataset, s) for s in symptoms[:MAX_SYMPTOMS]]

    def order(item: tuple[int, Checked]) -> tuple[int, int]:
        position, checked = item
        if checked.effect is None and checked.topic is None:
            return len(TIERS) + 1, position
        tier = checked.urgency
        return (TIERS.index(tier) if tier in TIERS else len(TIERS)), position

    return [checked for _, checked in sorted(enumerate(found), key=order)]


def _resolve(dataset: Dataset, symptom: str) -> Checked:
    """show's rule: an exact name, or a hit that matched every word of the symptom; anything
    less is not listed, with the closest names (a guess is never sorted as urgent)."""
    found, _, close = best_covering(dataset, symptom)
    if isinstance(found, SideEffect):
        return Checked(symptom, effect=found)
    if found is not None:
        return Checked(symptom, topic=found)
    return Checked(symptom, close=tuple(close))
