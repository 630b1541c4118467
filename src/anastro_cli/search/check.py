"""A symptom check: each symptom a person names, resolved to an effect or topic (or to
nothing, honestly), most urgent first."""

from __future__ import annotations

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import record
from anastro_cli.model.records import SideEffect, Topic
from anastro_cli.model.vocab import TIERS
from anastro_cli.search.cues import OVERDOSE, too_many_said
from anastro_cli.search.intent import covering_or_closest
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
    closest: bool = False  # matched by most of its words, not all (intent.covering_or_closest)

    @property
    def urgency(self) -> str | None:
        if self.effect is not None:
            return self.effect.urgency
        return self.topic.urgency if self.topic is not None else None


def pieces(arguments: list[str]) -> list[tuple[str, bool]]:
    """Each symptom as typed, and whether it is unquoted text that segment() cuts further.

    Each argument is one symptom, or several apart by commas. Of several arguments, one
    holding a space was quoted; words side by side with no space (the shell split them) are
    joined back into text that commas and segment() cut: `anastro check "hot flushes" joint
    pain` is two symptoms, not three."""
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
        found += [(part.strip(), False) for part in argument.split(",")]
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
    """The symptoms: unquoted text cut by segment(); a quoted one whole when it names an
    entry, else cut too when that finds one ("she is confused and her speech is slurred":
    a stroke sign is not lost for want of an entry naming both)."""
    found = pieces(arguments)
    from anastro_cli.search.segment import segment

    parts: list[str] = []
    for at, (text, cut) in enumerate(found):
        if not text:
            continue
        if cut:
            parts += segment(dataset, text)
        elif len(text.split()) > 1 and _named(_resolve(dataset, text)) is None:
            apart = segment(dataset, text)
            # a quoted symptom is cut only while every one given still fits the limit
            room = len(parts) + len(apart) + len(found) - at - 1 <= MAX_SYMPTOMS
            resolved = [_resolve(dataset, p) for p in apart]
            named = [_named(c) is not None for c in resolved]
            # what the whole says of a part's entry holds: "no suicidal thoughts" is not cut
            # into "no" and an emergency
            entries = [e for c in resolved if (e := c.effect or c.topic) is not None]
            if any(_denied(entry, text) for entry in entries):
                parts.append(text)
                continue
            # a part that names an entry counts only when it says it outright: "think" alone
            # is no one's "can't think straight" ("I think my husband is having a heart
            # attack"); such a part is left out, a part naming nothing stays (not listed)
            sure = [n and _outright(dataset, p) for p, n in zip(apart, named, strict=True)]
            kept = [p for p, n, ok in zip(apart, named, sure, strict=True) if ok or not n]
            parts += kept if room and len(apart) > 1 and any(sure) else [text]
        else:
            parts.append(text)
    return _unique(parts)


def _outright(dataset: Dataset, part: str) -> bool:
    """A part of a cut symptom that names its entry outright: two meaningful words or more,
    or exactly a name, alias or lay term, as written or by its meaningful word ("so tired")."""
    from anastro_cli.search.segment import exact_entry

    meant = words(part)
    if len(meant) >= 2 or exact_entry(dataset, fold(part).split()) is not None:
        return True
    return bool(meant) and exact_entry(dataset, meant) is not None


def check(dataset: Dataset, symptoms: list[str], population: str | None = None) -> list[Checked]:
    """Every symptom resolved, most urgent first (then in the order given); not-listed last.

    An effect or the overdose named twice is shown once. A symptom whose words say too many
    tablets were taken brings in the overdose (just before it), and the side effects it names
    besides ("took my tablet twice and now chest pain": the overdose and chest pain); at
    most MAX_SYMPTOMS of those besides in all."""
    overdose = dataset.topic(OVERDOSE)
    found: list[Checked] = []
    besides = 0
    for symptom in symptoms[:MAX_SYMPTOMS]:
        checked = _resolve(dataset, symptom, population)
        said = too_many_said(fold(symptom)) if overdose is not None else ()
        if said and not any(map(_is_overdose, found)) and not _is_overdose(checked):
            found.append(Checked(symptom, topic=overdose))
        repeated = _named(checked) is not None and _named(checked) in map(_named, found)
        if not repeated and not (_is_overdose(checked) and any(map(_is_overdose, found))):
            found.append(checked)
        for more in _also_named(dataset, symptom, said) if said else []:
            allowed = besides < MAX_SYMPTOMS or more.urgency == "emergency"  # never cut
            if allowed and more.effect not in [c.effect for c in found]:
                found.append(more)
                besides += 1

    def order(item: tuple[int, Checked]) -> tuple[int, int]:
        position, checked = item
        if checked.effect is None and checked.topic is None:
            return len(TIERS) + 1, position
        tier = checked.urgency
        return (TIERS.index(tier) if tier in TIERS else len(TIERS)), position

    return [checked for _, checked in sorted(enumerate(found), key=order)]


def _also_named(dataset: Dataset, symptom: str, said: tuple[str, ...]) -> list[Checked]:
    """The side effects an overdose sentence names besides the overdose: each clause without
    the words that say too many were taken, cut into symptoms as unquoted words are; only
    parts that are exactly an effect's name, alias or lay term (as written, or by their
    meaningful words: "now being sick"), and none a negation just before denies ("but no
    chest pain or headache"), unless the negation is the term's own ("can't breathe")."""
    from anastro_cli.search.segment import exact_entry, segment

    negations = word_set("negations")
    overdose = " ".join(said)
    more: list[Checked] = []
    for clause in CLAUSE_BREAK.split(symptom):
        rest = fold(clause).replace(overdose, " ").split()
        if not rest:
            continue
        cursor, denied = 0, False
        for part in segment(dataset, " ".join(rest)):
            found = part.split()
            at = next(
                (i for i in range(cursor, len(rest)) if rest[i : i + len(found)] == found),
                cursor,
            )
            # the few words before, back to a turn ("no chest pain, just a headache")
            before, cursor = rest[max(0, at - 4) : at], at + len(found)
            turns = [i for i, word in enumerate(before) if word in _TURNS]
            before = before[turns[-1] + 1 :] if turns else before
            effect = dataset.effect(exact_entry(dataset, found) or "")
            if effect is None:  # by its meaningful words: a negation among the rest denies it
                meant = list(dict.fromkeys(words(part)))  # "headache headache" once
                effect = dataset.effect(exact_entry(dataset, meant) or "") if meant else None
                if effect is None:
                    continue
                start = next((i for i, word in enumerate(found) if word == meant[0]), 0)
                before, found = before + found[:start], found[start:]
            # a negation inside the term is its own ("can't breathe"); before it, it denies
            # "can't stop being sick" says it is happening
            negated = [w for i, w in enumerate(before) if before[i + 1 : i + 2] != ["stop"]]
            denied = not negations.isdisjoint(negated) or (
                denied and before[-1:] in (["or"], ["nor"])
            )
            if not denied and effect not in [c.effect for c in more]:
                more.append(Checked(" ".join(found), effect=effect))
    return more


_TURNS = frozenset({"but", "just", "and", "except", "only"})


def _named(checked: Checked) -> str | None:
    """The id of the effect or topic a symptom names (None: not listed)."""
    entry = checked.effect or checked.topic
    return entry.id if entry is not None else None


def _is_overdose(checked: Checked) -> bool:
    return checked.topic is not None and checked.topic.id == OVERDOSE


# Symptoms resolved in this process, by dataset: cutting resolves the whole and each part, and
# check resolves the parts again (each resolution is a search or two).
_RESOLVED: dict[tuple[int, str, str | None], tuple[Dataset, Checked]] = {}


def _resolve(dataset: Dataset, symptom: str, population: str | None = None) -> Checked:
    key = (id(dataset), symptom, population)
    known = _RESOLVED.get(key)
    if known is not None and known[0] is dataset:
        return known[1]
    if len(_RESOLVED) >= 256:
        _RESOLVED.clear()
    checked = _resolved(dataset, symptom, population)
    _RESOLVED[key] = (dataset, checked)
    return checked


def _resolved(dataset: Dataset, symptom: str, population: str | None) -> Checked:
    """show's rule: an exact name, or a hit that matched every word of the symptom; else the
    closest match (intent.covering_or_closest: most of its words, shown as such, sorted by its
    urgency like any other, since a missed emergency is worse than a false one); anything
    less is not listed, with the closest names. A symptom said not to be happening now
    (_denied) is not listed either. With a population, an effect listed only for another
    group is a close name, never the match."""
    found, closest, close = covering_or_closest(dataset, symptom, population)
    if found is not None and _denied(found, symptom):
        name = found.name if isinstance(found, SideEffect) else found.title
        return Checked(symptom, close=(name,))
    if isinstance(found, SideEffect):
        return Checked(symptom, effect=found, closest=closest)
    if found is not None:
        return Checked(symptom, topic=found, closest=closest)
    return Checked(symptom, close=tuple(close))


def _denied(entry: SideEffect | Topic, symptom: str) -> bool:
    """A symptom that says the entry is not happening now: a negation just before or inside
    the words that name it ("no chest pain", "her face is not drooping", "I don't want to
    die"), or a word of the past ("my mum had a stroke, years ago", "family history of
    clots"). A negation inside one of the entry's own terms, said whole ("can't breathe",
    "no energy"), is not one."""
    said = fold(symptom).split()
    if not word_set("not_now_words").isdisjoint(said):
        return True
    if isinstance(entry, SideEffect):
        terms = [entry.name, entry.id, *entry.aliases, *entry.lay_terms]
    else:
        terms = [entry.title, entry.id, *entry.lay_terms]
    folded = [t for t in (fold(term).split() for term in terms) if t]
    covered: set[int] = set()  # where a whole term of the entry stands in the symptom
    for term in folded:
        for start in range(len(said) - len(term) + 1):
            if said[start : start + len(term)] == term:
                covered.update(range(start, start + len(term)))
    own = {w for term in folded for w in term} - word_set("stop_words")
    at = [i for i, w in enumerate(said) if w in own]
    if not at:
        return False
    negations = word_set("negations")
    window = range(max(0, at[0] - 2), at[-1])
    return any(said[i] in negations and i not in covered for i in window)
