"""A symptom check: each symptom a person names, resolved to an effect or topic (or to
nothing, honestly), most urgent first."""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import record
from anastro_cli.model.records import SideEffect, Topic
from anastro_cli.model.vocab import TIERS
from anastro_cli.search.cues import OVERDOSE
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


def pieces(arguments: list[str]) -> list[tuple[str, bool]]:
    """Each symptom as typed, and whether it is unquoted text that segment() cuts further.

    A lone argument is one symptom, or several apart by commas. Of several arguments, one
    holding a space was quoted and is one symptom; words side by side with no space (the
    shell split them) are joined back into text that commas and segment() cut:
    `anastro check "hot flushes" joint pain` is two symptoms, not three."""
    if len(arguments) == 1:
        return [(part.strip(), False) for part in arguments[0].split(",")]
    found: list[tuple[str, bool]] = []
    run: list[str] = []  # words side by side
    for argument in arguments:
        if len(argument.split()) <= 1:
            run.append(argument)
            continue
        found += _run(run)
        run = []
        found.append((argument.strip(), False))
    return found + _run(run)


def _run(words: list[str]) -> list[tuple[str, bool]]:
    """Unquoted words joined back into text, cut at its commas."""
    return [(part.strip(), True) for part in " ".join(words).split(",")] if words else []


def split_symptoms(arguments: list[str]) -> list[str]:
    """The symptoms as typed (pieces()), before unquoted text is cut."""
    return _unique([text for text, _ in pieces(arguments)])


def _unique(parts: list[str]) -> list[str]:
    unique: dict[str, str] = {}
    for part in parts:
        if part:
            unique.setdefault(" ".join(part.casefold().split()), part)
    return list(unique.values())


def segmented(dataset: Dataset, arguments: list[str]) -> list[str]:
    """The symptoms, unquoted text cut by segment() and quoted ones whole."""
    found = pieces(arguments)
    if not any(cut and text for text, cut in found):
        return split_symptoms(arguments)
    from anastro_cli.search.segment import segment

    return _unique(
        [part for text, cut in found for part in (segment(dataset, text) if cut else [text])]
    )


def check(dataset: Dataset, symptoms: list[str]) -> list[Checked]:
    """Every symptom resolved, most urgent first (then in the order given); not-listed last.

    A symptom read as too many tablets taken is the overdose, and anything else it names is
    checked too ("took my tablet twice and now chest pain": the overdose and chest pain)."""
    found: list[Checked] = []
    for symptom in symptoms[:MAX_SYMPTOMS]:
        checked = _resolve(dataset, symptom)
        found.append(checked)
        if checked.topic is not None and checked.topic.id == OVERDOSE:
            found += _also_named(dataset, symptom, found)

    def order(item: tuple[int, Checked]) -> tuple[int, int]:
        position, checked = item
        if checked.effect is None and checked.topic is None:
            return len(TIERS) + 1, position
        tier = checked.urgency
        return (TIERS.index(tier) if tier in TIERS else len(TIERS)), position

    return [checked for _, checked in sorted(enumerate(found), key=order)]


def _also_named(dataset: Dataset, symptom: str, found: list[Checked]) -> list[Checked]:
    """The entries the parts of symptom name besides the overdose, each once."""
    from anastro_cli.search.segment import segment

    seen = {c.effect.id if c.effect else c.topic.id if c.topic else None for c in found}
    more: list[Checked] = []
    for part in segment(dataset, symptom):
        checked = _resolve(dataset, part)
        named = checked.effect or checked.topic
        if named is not None and named.id not in seen:
            seen.add(named.id)
            more.append(checked)
    return more


def _resolve(dataset: Dataset, symptom: str) -> Checked:
    """show's rule: an exact name, or a hit that matched every word of the symptom; anything
    less is not listed, with the closest names (a guess is never sorted as urgent)."""
    found, _, close = best_covering(dataset, symptom)
    if isinstance(found, SideEffect):
        return Checked(symptom, effect=found)
    if found is not None:
        return Checked(symptom, topic=found)
    return Checked(symptom, close=tuple(close))
