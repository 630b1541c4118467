"""A symptom check: each symptom a person names, resolved to an effect or topic (or to
nothing, honestly), most urgent first."""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import record
from anastro_cli.model.records import SideEffect, Topic
from anastro_cli.model.vocab import TIERS
from anastro_cli.search.intent import best_covering
from anastro_cli.search.rank import search
from anastro_cli.store.reads import index_of
from anastro_cli.text.fold import fold
from anastro_cli.text.lexicon import word_set

MAX_SYMPTOMS = 20
LONGEST_SYMPTOM = 6  # words: the longest run of unquoted words tried as one symptom


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


def segment(dataset: Dataset, text: str) -> list[str]:
    """Unquoted words cut into symptoms: at each word, the longest run of words (up to
    LONGEST_SYMPTOM) that names one entry as `show` would ("hot flushes", "took my pill
    twice") without cutting through a name or lay phrase of the data ("night sweats");
    words that name nothing stay together as one symptom, not listed. Joining words
    ("and", "with") at the edges of a symptom are dropped."""
    said = text.split()
    phrases = _phrase_spans(dataset, said)
    found: list[list[str]] = []
    loose: list[str] = []  # words that start no symptom, kept together
    start = 0
    while start < len(said):
        end = next(
            (
                end
                for end in range(min(len(said), start + LONGEST_SYMPTOM), start, -1)
                if _keeps_phrases(phrases, start, end) and _names_one(dataset, said[start:end])
            ),
            None,
        )
        if end is None:
            loose.append(said[start])
            start += 1
            continue
        if loose:
            found.append(loose)
            loose = []
        found.append(said[start:end])
        start = end
    if loose:
        found.append(loose)
    joining = word_set("edge_words")
    trimmed = [_trim(part, joining) for part in found]
    return [" ".join(part) for part in trimmed if part]


def _trim(part: list[str], joining: frozenset[str]) -> list[str]:
    while part and part[0].casefold() in joining:
        part = part[1:]
    while part and part[-1].casefold() in joining:
        part = part[:-1]
    return part


def _phrase_spans(dataset: Dataset, said: list[str]) -> list[tuple[int, int, int]]:
    """Where a name, alias or lay phrase of the data stands among the words: (start, end,
    the entry it belongs to)."""
    folded = [fold(word) or word.casefold() for word in said]
    grams: dict[str, list[tuple[int, int]]] = {}
    for start in range(len(said)):
        for end in range(start + 2, min(len(said), start + LONGEST_SYMPTOM) + 1):
            grams.setdefault(" ".join(folded[start:end]), []).append((start, end))
    found = {(phrase, entry) for phrase, entry, *_ in index_of(dataset).phrases(list(grams))}
    return sorted({(a, b, entry) for phrase, entry in found for a, b in grams[phrase]})


def _keeps_phrases(phrases: list[tuple[int, int, int]], start: int, end: int) -> bool:
    """A run of words neither cuts through a phrase of the data nor holds phrases of two
    entries ("hot flushes with night sweats" is two symptoms)."""
    if any(a < end < b or a < start < b for a, b, _ in phrases):
        return False
    return len({entry for a, b, entry in phrases if start <= a and b <= end}) <= 1


def _names_one(dataset: Dataset, span: list[str]) -> bool:
    """Whether these words name one entry as `show` would; a single word only when it names
    it exactly or leads alone ("dry" is dry mouth, dry skin and dry eyes alike: it stays with
    the word after it)."""
    text = " ".join(span)
    found, exact, _ = best_covering(dataset, text)
    if found is None:
        return False
    if exact or len(span) > 1:
        return True
    hits = search(dataset, text, 2)
    return len(hits) < 2 or hits[0].score > hits[1].score


def segmented(dataset: Dataset, arguments: list[str], symptoms: list[str]) -> list[str]:
    """The symptoms split_symptoms found, each cut by segment() when the arguments were
    unquoted words; as they are otherwise (quoted, each argument is meant whole)."""
    if not unquoted(arguments):
        return symptoms
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
