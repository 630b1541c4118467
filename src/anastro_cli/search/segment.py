"""Unquoted words cut back into symptoms (`anastro check hot flushes joint pain`): the shell
split the text into words; `check` and `report` need the symptoms.

Cuts are made only where the data says so. Tiles are runs of words that are exactly a name,
alias or lay term of one entry ("hot flushes", "nausea", "took my pill twice"; not "hot
flashes, night sweats", a lay term of two entries). The words between tiles are taken as a
whole, as if quoted, after joining the tile next to them when together they name an entry
("sudden weakness" is a stroke sign, not "sudden" and weakness; "face swelling" an allergic
reaction). Words that mean nothing to match ("and", "my") go with their neighbours, and
joining words are dropped at the edges. No text holding no tile is cut at all: it is one
symptom, exactly as if it had been quoted.
"""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.records import SideEffect, Topic
from anastro_cli.search.intent import best_covering
from anastro_cli.search.rank import search
from anastro_cli.store.reads import index_of
from anastro_cli.text.fold import fold, words
from anastro_cli.text.lexicon import word_set

LONGEST = 6  # words: the longest name or lay term looked for among unquoted words
VAGUE = 3  # entries scoring within a tenth of the best that make a single word vague

Entry = SideEffect | Topic
Part = tuple[list[str], str | None]  # words, and the id of the entry a tile is exactly


def segment(dataset: Dataset, text: str) -> list[str]:
    said = text.split()
    parts = _tiled(dataset, said)
    if not any(tile is not None for _, tile in parts):
        return _trimmed([said])
    parts = _joined_to_tiles(dataset, parts)
    merged: list[Part] = []
    for part in parts:  # neighbouring tiles of one entry are one symptom
        if merged and part[1] is not None and merged[-1][1] == part[1]:
            merged[-1] = ([*merged[-1][0], *part[0]], part[1])
        else:
            merged.append(part)
    return _trimmed([part for part, _ in merged])


def _tiled(dataset: Dataset, said: list[str]) -> list[Part]:
    """The words as tiles (the longest exact term of one entry at each word) and the runs of
    words between them (tile None)."""
    parts: list[Part] = []
    start = 0
    while start < len(said):
        found = next(
            (
                (end, entry)
                for end in range(min(len(said), start + LONGEST), start, -1)
                if (entry := exact_entry(dataset, said[start:end])) is not None
            ),
            None,
        )
        if found is None:
            if parts and parts[-1][1] is None:
                parts[-1][0].append(said[start])
            else:
                parts.append(([said[start]], None))
            start += 1
            continue
        end, entry = found
        parts.append((said[start:end], entry))
        start = end
    return parts


def exact_entry(dataset: Dataset, span: list[str]) -> str | None:
    """The id of the one entry these words are exactly a name, alias or lay term of; None
    when they are no entry's, or the same words name two."""
    if not words(" ".join(span)) and len(span) == 1:
        return None
    index = index_of(dataset)
    entries = {entry for _, entry, *_ in index.phrases([fold(" ".join(span))])}
    if len(entries) != 1:
        return None
    doc = index.doc(entries.pop())
    return doc.id if doc.effect is not None or doc.topic is not None else None


def _joined_to_tiles(dataset: Dataset, parts: list[Part]) -> list[Part]:
    """Each run of words between tiles joined to the tile after it (else before it) when
    together they name an entry; a run that means nothing to match goes with a neighbour."""
    result: list[Part] = []
    index = 0
    while index < len(parts):
        run, tile = parts[index]
        if tile is not None:
            result.append(parts[index])
            index += 1
            continue
        after = parts[index + 1] if index + 1 < len(parts) else None
        if after is not None and (_names(dataset, [*run, *after[0]]) or not _means(run)):
            result.append(([*run, *after[0]], None if _means(run) else after[1]))
            index += 2
            continue
        before = result[-1] if result else None
        if before is not None and (_names(dataset, [*before[0], *run]) or not _means(run)):
            result[-1] = ([*before[0], *run], None if _means(run) else before[1])
        elif before is not None and len(before[0]) == 1 and _vague(dataset, run):
            # One word that names several things alike ("blood"), after a one-word term,
            # goes with it: "coughing up blood" is one symptom (not listed), not a cough and
            # a blood test. After a longer term ("hot flushes") it stands alone, as typed.
            result[-1] = ([*before[0], *run], None)
        else:
            result.append((run, None))
        index += 1
    return result


def _vague(dataset: Dataset, run: list[str]) -> bool:
    """A run with one meaningful word that names several entries alike (VAGUE of them
    within a tenth of the best), or names one only by a weak match."""
    meant = words(" ".join(run))
    if len(meant) != 1:
        return False
    hits = search(dataset, meant[0], VAGUE)
    close = [h for h in hits if h.score >= 0.9 * hits[0].score] if hits else []
    return len(close) >= VAGUE


def _means(run: list[str]) -> bool:
    return bool(words(" ".join(run)))


def _names(dataset: Dataset, span: list[str]) -> bool:
    return best_covering(dataset, " ".join(span))[0] is not None


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
