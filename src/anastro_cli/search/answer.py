"""The search command's answer, free of the command line: the ranked hits that answer a
query, in the order shown, with the topics the query asks for put where they belong (the
men topic, interactions, an overdose) and the line about what it names outside anastro."""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import replace
from anastro_cli.search.intent import answers, for_whom, group_topic
from anastro_cli.search.rank import Hit, search
from anastro_cli.search.scope import (
    in_scope,
    medicines_together,
    overdose_asked,
    together_leads,
)


def answer(
    dataset: Dataset, read: str, limit: int, population: str | None = None
) -> tuple[list[Hit], str | None]:
    """The hits that answer a query as search reads it, in the order shown, and the line
    about what it names outside anastro (if any); population as `--population` gives it."""
    found = search(dataset, read, max(limit, 10) if population else limit)
    hits = for_whom(answers(found, read), read, population)
    hits = group_topic(dataset, hits, read, population)
    _, caveat = in_scope(found, read)
    together = medicines_together(dataset, read)
    if together is not None:  # "can I take paracetamol with it": the interactions topic
        hits = _first(together, hits) if together_leads(hits, read) else _second(together, hits)
    overdose = overdose_asked(dataset, read)
    if overdose is not None:  # an emergency leads: "took my tablet twice today, I'm worried"
        hits = _first(next((h for h in hits if h.id == overdose.id), overdose), hits)
    return hits[:limit], caveat


def _first(lead: Hit, hits: list[Hit]) -> list[Hit]:
    """hits with lead first, scored as the best of them."""
    best = max([lead.score, *(h.score for h in hits)])
    return [replace(lead, score=best), *[h for h in hits if h.id != lead.id]]


def _second(topic: Hit, hits: list[Hit]) -> list[Hit]:
    """hits with topic second (after the first of the others), scored as the first."""
    rest = [h for h in hits if h.id != topic.id]
    if not rest:
        return [topic]
    return [rest[0], replace(topic, score=rest[0].score), *rest[1:]]
