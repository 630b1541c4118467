"""What a query is after, beyond ranking: whether a hit stands in for an exact name, and
whether the query names the illness the drug treats (a use) rather than a side effect."""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.records import Marker, SideEffect, Topic
from anastro_cli.resolve import listed_for, resolve_effect, resolve_marker, resolve_topic
from anastro_cli.search.cues import cue_words, cues, population_cue
from anastro_cli.search.query import MAX_QUERY_CHARS, one_typo_from, spaced
from anastro_cli.search.rank import Hit, Match, search
from anastro_cli.search.scope import in_scope, outside_scope
from anastro_cli.store.reads import index_of
from anastro_cli.text.fold import WORD, fold, stem, stop_words, words
from anastro_cli.text.lexicon import word_map, word_set


def covers_query(hit: Hit, query: str) -> bool:
    """True when every query word (but words of degree: "severe", "sudden") matched the
    hit's name, aliases or lay terms (typos allowed), or the query is one of its phrases, or
    its wording asks for the hit (too many tablets taken): enough to stand in for an exact
    name."""
    wanted = _wanted(query)
    named = _named_by(hit)
    whole = fold(query[:MAX_QUERY_CHARS])
    if any(m.field != "text" and fold(m.text) == whole for m in hit.matched):
        return True
    # "too many tabs accidently", "took too many yesterday": the wording asks (an overdose)
    if any(m.field == "question" for m in hit.matched):
        return True
    return bool(wanted) and wanted <= named


def _wanted(query: str) -> set[str]:
    """The words of a symptom that say which it is: how bad or how sudden ("severe chest
    pain") is not which symptom, nor who has it ("her face is drooping")."""
    wanted = set(words(query[:MAX_QUERY_CHARS]))
    whose = word_map("first_person").keys() | word_set("someone_else")  # she, her, mum ...
    # how bad alone names nothing ("the worst"): then there is nothing to cover
    return (wanted - whose or wanted) - word_set("degree_words")


def _named_by(hit: Hit) -> set[str]:
    """The query words a hit matched in its names, aliases or lay terms (typos allowed)."""
    return {
        w
        for m in hit.matched
        if m.field != "text" and (m.kind == "exact" or _close_typo(hit, m))
        for w in m.words
    }


def covering_or_closest(
    dataset: Dataset, text: str, population: str | None = None
) -> tuple[SideEffect | Topic | None, bool, list[str]]:
    """check's rule, from one search: best_covering's entry; else, for a symptom no entry
    covers whole ("tight band round my chest and I'm all sweaty"), search's first answer when
    its names and lay terms hold at least two of the symptom's meaningful words and two in
    three of them. (entry, whether it is only the closest, close names)."""
    found, _, close, hits = _covering(dataset, text, markers=False, population=population)
    if isinstance(found, Marker):
        found = None
    if found is not None or not hits:
        return found, False, close
    first = hits[0]
    if first.effect is not None and not listed_for(first.effect.populations, population):
        return None, False, close
    wanted = _wanted(spaced(index_of(dataset), text))
    held = _named_by(first) & wanted
    if len(held) >= 2 and 3 * len(held) >= 2 * len(wanted):
        return first.effect or first.topic, True, close
    return None, False, close


def _close_typo(hit: Hit, match: Match) -> bool:
    """A fuzzy match close enough to stand in for the word it was found for: within a typo
    (one_typo_from) of a word of the entry's name, aliases or lay terms, as written, folded
    or stemmed. Search ranks by looser likeness ("toenails" reaches "tonsils"), but a
    symptom is not taken for another on likeness alone."""
    entry = hit.effect or hit.topic or hit.marker
    if entry is None:
        return False
    terms = [match.text, *entry.lay_terms]
    if hit.effect is not None:
        terms += [hit.effect.name, *hit.effect.aliases]
    elif hit.topic is not None:
        terms.append(hit.topic.title)
    elif hit.marker is not None:
        terms.append(hit.marker.name)
    written = {w for t in terms for w in (*WORD.findall(t.casefold()), *fold(t).split())}
    written |= {stem(w) for w in written}
    return all(
        one_typo_from(word, written) or one_typo_from(stem(word), written) for word in match.words
    )


def illness_named(text: str) -> bool:
    """True when the query is the illness itself ("early breast cancer"), not a symptom."""
    return "breast cancer" in fold(text) and all(
        w in word_set("illness_words") for w in words(text)
    )


def indication_named(dataset: Dataset, text: str) -> str | None:
    """The use of anastrozole a query names (gynecomastia, PCOS ...), when it names one."""
    wanted = {w for w in fold(text).split() if w not in stop_words()}
    if illness_named(text):
        wanted = {"breast", "cancer"}
    for indication in dataset.drug.indications:
        named = set(fold(indication.text).split())
        # Every meaningful word must be in the use's name: "ovary cyst" is not PCOS.
        if wanted and wanted <= named:
            return indication.text
    return None


def best_covering(
    dataset: Dataset, text: str, population: str | None = None
) -> tuple[SideEffect | Topic | None, bool, list[str]]:
    """check's rule: the effect or topic named exactly (id, name or alias), else the best
    search hit when it matched every word of the query; (entry, exact, close names), with
    close names when nothing may stand in for the name. With a population ("women"), only
    effects listed for that group (or for all) stand in; one listed for another group is a
    close name, with the group said."""
    found, exact, close, _ = _covering(dataset, text, markers=False, population=population)
    return (None if isinstance(found, Marker) else found), exact, close


def best_shown(
    dataset: Dataset, text: str
) -> tuple[SideEffect | Topic | Marker | None, bool, list[str]]:
    """show's rule: best_covering's, blood markers too ("estradiol", "e2 level")."""
    found, exact, close, _ = _covering(dataset, text, markers=True)
    return found, exact, close


def _covering(
    dataset: Dataset, text: str, *, markers: bool, population: str | None = None
) -> tuple[SideEffect | Topic | Marker | None, bool, list[str], list[Hit]]:
    """(entry, exact, close names, the answers searched: none when named exactly)."""

    def fits(effect: SideEffect | None) -> bool:
        return effect is None or listed_for(effect.populations, population)

    found: SideEffect | Topic | Marker | None = resolve_effect(dataset, text) or resolve_topic(
        dataset, text
    )
    if found is None and markers:
        found = resolve_marker(dataset, text)
    if found is not None and fits(found if isinstance(found, SideEffect) else None):
        return found, True, [], []
    text = spaced(index_of(dataset), text)  # "jointpain" is joint pain
    hits = [
        h
        for h in answers(search(dataset, text, 5), text)
        if h.effect or h.topic or (markers and h.marker)
    ]
    # Only a match on every word may stand in for the name ("weight loss" must not quietly
    # become Weight gain): the best hit that covers the query ("flusing" is hot flashes, not
    # the first hit's likeness to "use"); otherwise say what is close.
    covering = next((h for h in hits if fits(h.effect) and covers_query(h, text)), None)
    if covering is None:
        return None, False, [_name(h, population) for h in hits[:3]], hits
    return covering.effect or covering.topic or covering.marker, False, [], hits


def _name(hit: Hit, population: str | None = None) -> str:
    if hit.effect is not None:
        if not listed_for(hit.effect.populations, population):
            return f"{hit.effect.name} (listed for {', '.join(hit.effect.populations)})"
        return hit.effect.name
    if hit.marker is not None:
        return hit.marker.name
    return hit.topic.title if hit.topic is not None else hit.id


def answers(hits: list[Hit], query: str) -> list[Hit]:
    """The hits that answer query: those that matched a specific word of it in a name, alias
    or lay term (or one of their phrases). A hit that matched only general words ("syndrome",
    "increased", "pain") while a more specific word of the query matched elsewhere or not at
    all is left out: "Stevens-Johnson syndrome" is not carpal tunnel syndrome. A query of
    general words only ("pain") keeps every hit."""
    text = query[:MAX_QUERY_CHARS]
    hits, _ = in_scope(hits, text)  # another medicine, cause or subject (search/scope.py)
    generic = word_set("generic_words")
    specific = {w for w in words(text) if w not in generic}
    if not specific:
        return hits
    kept = []
    for hit in hits:
        named = {w for m in hit.matched if m.field != "text" for w in m.words}
        texts = {w for m in hit.matched if m.field == "text" for w in m.words}
        phrase = any(len(m.words) > 1 for m in hit.matched if m.field != "text")
        if named & specific or phrase or len(texts & specific) >= 2:
            kept.append(hit)
    return kept


def for_whom(hits: list[Hit], query: str, population: str | None) -> list[Hit]:
    """Hits for the group asked about: with population, only effects that apply to it (topics
    and markers stay); when the query says who it is about (she, my wife, men), effects only
    for the other group move below the first three instead of leading."""
    if population is not None and population != "all":
        hits = [h for h in hits if h.effect is None or listed_for(h.effect.populations, population)]
    cue = population_cue(query[:MAX_QUERY_CHARS])
    if cue is None:
        return hits

    def elsewhere(hit: Hit) -> bool:
        groups = hit.effect.populations if hit.effect is not None else ("all",)
        return cue not in groups and "all" not in groups

    ahead = [h for h in hits if not elsewhere(h)]
    if len(ahead) < len(hits):
        hits = [*ahead[:3], *[h for h in hits if h not in ahead[:3]]][: len(hits)]
    return _symptom_before_group(hits, cue)


def group_topic(
    dataset: Dataset, hits: list[Hit], query: str, population: str | None = None
) -> list[Hit]:
    """The men topic among the first three hits when a query says outright that the one
    taking it is a man ("male on trt, hair thinning", "adex dose on cycle"): third when two
    hits come before it, scored as the hit before it, or alone when nothing else answers.
    Not for a query naming something anastro does not cover (the honest line stays), nor
    when --population asks for another group."""
    text = query[:MAX_QUERY_CHARS]
    cue = population_cue(text)
    topic = dataset.topic(cue) if cue is not None else None
    if topic is None or population not in (None, "all", cue) or outside_scope(text):
        return hits
    if any(h.id == topic.id for h in hits[:3]):
        return hits
    said = [w for w in fold(text).split() if w in word_set("group_words") and cues().get(w) == cue]
    if not said:
        return hits
    why = Match("question", f"anastrozole in {cue}", (said[0],), "exact")
    rest = [h for h in hits if h.id != topic.id]
    at = min(2, len(rest))
    score = rest[at - 1].score if at else 1.0
    return [*rest[:at], Hit("topic", topic.id, score, (why,), topic=topic), *rest[at:]]


def _symptom_before_group(hits: list[Hit], cue: str) -> list[Hit]:
    """The group's own topic ("men") steps behind a symptom when it matched only words that
    say who the query is about ("arimidex killed my libido, male on trt": the men topic
    matched "male" and "trt", lower sex drive in men matched "libido"): the first of the
    next two hits that is an effect for the group and matched a word of its own leads."""
    if not hits or hits[0].topic is None or hits[0].id != cue:
        return hits
    who = _stems(cue_words() | word_set("taking_words") | word_set("generic_words"))
    if _stems(_named_words(hits[0])) - who:
        return hits
    # Not a symptom either: a worry, a question, the illness's site ("getting breasts")
    other = who | _stems(word_set("concern_words") | word_set("asking_words"))
    other |= _stems(word_set("illness_sites"))
    for hit in hits[1:3]:
        groups = hit.effect.populations if hit.effect is not None else ()
        # named outright, or by two words of its own ("memory and concentration")
        own = _stems(_symptom_words(hit)) - other or len(_stems(_named_words(hit)) - other) > 1
        if (cue in groups or "all" in groups) and own:
            return [hit, *[h for h in hits if h is not hit]]
    return hits


def _stems(found: set[str] | frozenset[str]) -> set[str]:
    return {stem(w) for w in found}


def _named_words(hit: Hit) -> set[str]:
    """The meaningful query words a hit matched in its name, aliases or lay terms."""
    return {w for m in hit.matched if m.field != "text" for w in words(" ".join(m.words))}


def _symptom_words(hit: Hit) -> set[str]:
    """The meaningful query words that name a hit outright: a word of its name, or a whole
    alias or lay term ("foggy"), or a phrase of one ("can't get it up", kept whole when all
    its words are common ones), matched as written (not a word a longer alias or term merely
    holds: "estradiol" in an alias, "wants")."""
    found: set[str] = set()
    for m in hit.matched:
        whole = len(m.words) > 1 or fold(m.text) == m.words[0]
        if m.kind == "exact" and (m.field == "name" or (m.field in ("alias", "lay") and whole)):
            said = " ".join(m.words)
            # a phrase of common words names it too: "can't get it up"
            found.update(words(said) or ([said] if len(m.words) > 1 else []))
    return found
