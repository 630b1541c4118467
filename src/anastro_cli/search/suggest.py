"""Did you mean: names and terms close to a query that found nothing."""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.search.query import MAX_QUERY_CHARS
from anastro_cli.store.reads import index_of
from anastro_cli.text.fold import fold


def suggestions(dataset: Dataset, query: str, limit: int = 3) -> list[str]:
    """Names and terms close to query, for a one-line 'did you mean'."""
    index = index_of(dataset)
    folded = fold(query[:MAX_QUERY_CHARS])
    if not folded.strip():
        return []
    from rapidfuzz import fuzz, process

    if len(folded.replace(" ", "")) < 3:
        return []
    candidates = index.suggestion_texts()  # (as written, folded), folded when compiled
    folded_texts = [folded_text for _, folded_text in candidates]
    # Whole-string closeness, or word-set overlap for longer phrases (less 15); never the
    # partial matches that would suggest "ed" for "bleeding gums". Both scorers run in C over
    # every candidate; the best of each are then scored exactly.
    wanted = limit * 3
    near = {
        position
        for scorer, cutoff in ((fuzz.ratio, 70), (fuzz.token_set_ratio, 77))
        for _, _, position in process.extract(
            folded, folded_texts, scorer=scorer, score_cutoff=cutoff, limit=wanted
        )
    }
    scored = sorted(
        (
            -max(
                fuzz.ratio(folded, folded_texts[p]),
                fuzz.token_set_ratio(folded, folded_texts[p]) - 15,
            ),
            p,
        )
        for p in near
    )
    result: list[str] = []
    for score, position in scored[:wanted]:
        text = candidates[position][0]
        if -score < 70 or (_abbreviation(text) and -score < 90):
            continue  # "coff" is not a near miss of NOFF
        if folded_texts[position] == folded:
            continue  # the query itself ("did you mean: brain fog?" to "brain fog")
        if text.casefold() not in (r.casefold() for r in result):
            result.append(text)
        if len(result) == limit:
            break
    return result


def _abbreviation(text: str) -> bool:
    """An all-capitals short form (NOFF, TATT): close in letters to many unrelated words."""
    letters = text.replace(" ", "")
    return letters.isupper() and len(letters) <= 6
