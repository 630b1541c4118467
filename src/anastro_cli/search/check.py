"""A symptom check: each symptom a person names, resolved to an effect or topic (or to
nothing, honestly), most urgent first."""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import record
from anastro_cli.model.records import SideEffect, Topic
from anastro_cli.model.vocab import TIERS
from anastro_cli.search.cues import OVERDOSE, too_many_said
from anastro_cli.search.intent import best_covering
from anastro_cli.search.query import CLAUSE_BREAK
from anastro_cli.text.fold import fold, words
from anastro_cli.text.lexicon import word_set

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

    A symptom that says too many tablets were taken is also the overdose, and the side
    effects it names besides are checked too ("took my tablet twice and now chest pain": the
    overdose and chest pain), up to MAX_SYMPTOMS in all."""
    given = symptoms[:MAX_SYMPTOMS]
    found = [_resolve(dataset, s) for s in given]
    overdose = dataset.topic(OVERDOSE)
    for position, symptom in reversed(list(enumerate(given))):
        said = too_many_said(fold(symptom))
        if not said or overdose is None:
            continue
        others = found[:position] + found[position + 1 :]
        more = [] if any(_is_overdose(c) for c in others) else [Checked(symptom, topic=overdose)]
        named = _also_named(dataset, symptom, said)
        more += [c for c in named if c.effect not in [f.effect for f in others]]
        found[position : position + 1] = more[: max(1, MAX_SYMPTOMS + 1 - len(found))]

    def order(item: tuple[int, Checked]) -> tuple[int, int]:
        position, checked = item
        if checked.effect is None and checked.topic is None:
            return len(TIERS) + 1, position
        tier = checked.urgency
        return (TIERS.index(tier) if tier in TIERS else len(TIERS)), position

    return [checked for _, checked in sorted(enumerate(found), key=order)]


def _also_named(dataset: Dataset, symptom: str, said: tuple[str, ...]) -> list[Checked]:
    """The side effects an overdose sentence names besides the overdose: each clause without
    the words that say too many were taken, up to a negation ("but no chest pain" names
    none), cut into symptoms as unquoted words are; only parts that are exactly an effect's
    name, alias or lay term, or of two words or more that every meaningful word of matches
    ("this morning" and "with food" are no symptoms)."""
    from anastro_cli.search.segment import _exactly, segment

    negations, scene = word_set("negations"), word_set("scene_words")
    overdose = " ".join(said)
    more: list[Checked] = []
    for clause in CLAUSE_BREAK.split(symptom):
        rest = fold(clause).replace(overdose, " ").split()
        cut = next((at for at, word in enumerate(rest) if word in negations), len(rest))
        if not rest[:cut]:
            continue
        for part in segment(dataset, " ".join(rest[:cut])):
            meant = [w for w in words(part) if w not in scene]
            exact = dataset.effect(_exactly(dataset, meant) or "") if meant else None
            if exact is not None:
                checked = Checked(" ".join(meant), effect=exact)
            else:  # a word alone must be a term itself ("with food" is no symptom)
                checked = _resolve(dataset, " ".join(meant)) if len(meant) > 1 else Checked(part)
            if checked.effect is not None and checked.effect not in [c.effect for c in more]:
                more.append(checked)
    return more


def _is_overdose(checked: Checked) -> bool:
    return checked.topic is not None and checked.topic.id == OVERDOSE


def _resolve(dataset: Dataset, symptom: str) -> Checked:
    """show's rule: an exact name, or a hit that matched every word of the symptom; anything
    less is not listed, with the closest names (a guess is never sorted as urgent)."""
    found, _, close = best_covering(dataset, symptom)
    if isinstance(found, SideEffect):
        return Checked(symptom, effect=found)
    if found is not None:
        return Checked(symptom, topic=found)
    return Checked(symptom, close=tuple(close))
