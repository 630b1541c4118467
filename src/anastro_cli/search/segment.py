"""Unquoted words cut back into symptoms (`anastro check hot flushes joint pain`): the shell
split the text into words; `check` and `report` need the symptoms.

The whole text is one symptom when it names one entry as `show` would and no part of it is
the exact name of another ("took my pill twice", "pins and needles in my feet"; not "nausea
vomiting"). Otherwise: each exact name, alias or lay term of two or more words is a symptom
("hot flushes", "night sweats"); each other word names what it names alone, unless it is
ambiguous ("dry": dry mouth, dry skin, vaginal dryness); then neighbours join when they name
the same entry, when neither names anything, when one means nothing to match ("my", "and"),
or when together they name the entry one of them names ("my joints ache"). A word is never
dropped: at worst it is "not listed", as it was when each word was its own symptom.
"""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.records import SideEffect, Topic
from anastro_cli.search.intent import best_covering
from anastro_cli.search.query import MAX_QUERY_CHARS
from anastro_cli.search.rank import search
from anastro_cli.text.fold import fold, words
from anastro_cli.text.lexicon import word_set

LONGEST = 6  # words: the longest name or lay term looked for among unquoted words
AMBIGUOUS = 3  # a word whose best hits include this many within a tenth of the best one

Entry = SideEffect | Topic
Unit = tuple[list[str], Entry | None, bool]  # words, what they name, whether exactly


def segment(dataset: Dataset, text: str) -> list[str]:
    said = text.split()
    if len(text) <= MAX_QUERY_CHARS:
        whole = best_covering(dataset, text)[0]
        if whole is not None and not _names_another(dataset, said, whole):
            return _trimmed([said])
    units: list[Unit] = []
    start = 0
    while start < len(said):
        longest = min(len(said), start + LONGEST)
        found = next(
            (
                (end, entry)
                for end in range(longest, start + 1, -1)
                if (entry := _exactly(dataset, said[start:end])) is not None
                and not _names_another(dataset, said[start:end], entry)
            ),
            None,
        )
        if found is not None:
            end, entry = found
            units.append((said[start:end], entry, True))
            start = end
            continue
        units.append(([said[start]], _one_word(dataset, said[start]), False))
        start += 1
    joined = [units[0]]
    for unit in units[1:]:
        together = _join(dataset, joined[-1], unit)
        if together is None:
            joined.append(unit)
        else:
            joined[-1] = together
    return _trimmed([unit[0] for unit in joined])


def _exactly(dataset: Dataset, span: list[str]) -> Entry | None:
    """The entry these words are exactly a name, alias or lay term of (or its id)."""
    text = " ".join(span)
    found, exact, _ = best_covering(dataset, text)
    if found is None or exact:
        return found
    terms = [*found.lay_terms]
    terms += [found.name, *found.aliases] if isinstance(found, SideEffect) else [found.title]
    wanted = fold(text)
    return found if any(fold(term) == wanted for term in terms) else None


def _names_another(dataset: Dataset, said: list[str], whole: Entry) -> bool:
    """Whether some run of the words is exactly the name of an entry other than whole (a
    general word such as "pain" is the name of pain in general, but "joint pain" is one)."""
    generic = word_set("generic_words")
    for start in range(len(said)):
        for end in range(start + 1, min(len(said), start + LONGEST) + 1):
            meant = set(words(" ".join(said[start:end])))
            if meant and meant <= generic:  # an idiom of common words still counts
                continue
            entry = _exactly(dataset, said[start:end])
            if entry is not None and entry.id != whole.id:
                return True
    return False


def _one_word(dataset: Dataset, word: str) -> Entry | None:
    """What one word names alone: nothing when it means nothing to match, or when it is
    ambiguous (several entries score within a tenth of the best)."""
    if not words(word):
        return None
    found = best_covering(dataset, word)[0]
    if found is None:
        return None
    hits = search(dataset, word, AMBIGUOUS)
    close = [h for h in hits if h.score >= 0.9 * hits[0].score] if hits else []
    return None if len(close) >= AMBIGUOUS else found


def _join(dataset: Dataset, first: Unit, second: Unit) -> Unit | None:
    """The two neighbours as one symptom, or None to keep them apart. An exact name takes
    in only words that mean nothing to match ("dry mouth" leaves "dry eyes" alone)."""
    (words_a, a, exact_a), (words_b, b, exact_b) = first, second
    both = [*words_a, *words_b]
    if b is None and not words(" ".join(words_b)):
        return both, a, exact_a  # "and", "my": with the words before them
    if a is None and not words(" ".join(words_a)):
        return both, b, exact_b
    if a is not None and b is not None:
        return (both, a, exact_a or exact_b) if a.id == b.id else None
    if a is None and b is None:
        return both, None, False  # words that name nothing stay together, not listed
    if exact_a or exact_b:
        return None
    named = a if a is not None else b
    together = best_covering(dataset, " ".join(both))[0]
    if together is not None and named is not None and together.id == named.id:
        return both, named, False
    return None


def _trimmed(parts: list[list[str]]) -> list[str]:
    """Each part without joining words at its edges ("and", "with", a bare "I")."""
    edges = word_set("edge_words")
    found: list[str] = []
    for part in parts:
        start, end = 0, len(part)
        while start < end and part[start].casefold() in edges:
            start += 1
        while end > start and part[end - 1].casefold() in edges:
            end -= 1
        if start < end:
            found.append(" ".join(part[start:end]))
    return found
