"""Whether a query asks about doing something to the treatment itself: stopping or pausing
anastrozole ("can I just stop taking it", "a break from arimidex"), or changing to another
tablet ("is there a different tablet I could change to"). A symptom named beside it is the
reason, not the question: "the joint pain is too much, what happens if I stop taking it"
asks about stopping. Told of the past ("since stopping it", "after switching to
anastrozole") it is history, not a question."""

from __future__ import annotations

import re
from functools import cache

from anastro_cli.search.cues import tablet_words
from anastro_cli.text.lexicon import word_set

STOPPING, SWITCHING = "stopping", "switching"  # the topics these wordings ask about
# Words that may stand between a verb and the tablets ("stop taking my tablets").
_BETWEEN = "taking|using|the|my|her|his|all|just|completely"
_OWN = "the|my|her|his"
_OWNERS = frozenset({"my", "her", "his", "their", "your"})  # "tablets for my thyroid"
_INTENT = frozenset({"about", "of"})  # "thinking of coming off it" is no history
_TAKING = frozenset({"take", "taking", "have", "having"})  # "take another tablet"
# After a break: how long ("for a few weeks") or what comes next ("and then restart").
_FOR_A_WHILE = (
    r"for (?:a |an |the )?(?:few |couple of |couple |\d+ )?(?:days?|weeks?|months?|fortnight|while)"
    r"|and (?:then )?(?:restart|start again|go back)"
)
# "stop the tablet working" asks whether it still works; "stop the tablets making me feel
# sick" asks how to stop a side effect
_NOT_WORKING = r"(?! (?:from )?work| (?:making|giving|causing|upsetting)\b)"
# A cue, soon after "a different tablet", that it is wanted instead of this one.
_INSTEAD = r"(?=(?: \w+){0,6} (?:instead|change|try|switch|swap)\b)"


def _either(*names: str) -> str:
    """Lexicon lists as one regex alternation, the longest entries first."""
    found = set().union(*map(word_set, names))
    return "|".join(sorted(map(re.escape, found), key=lambda w: (-len(w), w)))


@cache
def _stopping() -> re.Pattern[str]:
    """Stopping or pausing the tablets by name ("come off arimidex", "stop taking my
    tablets"); "it" only after taking or a verb with "off" ("stop taking it", "come off it";
    "how do I stop it" is a symptom); a break from them or time off them; "take a break" for a
    while."""
    tablets, verbs = tablet_words(), _either("stopping_verbs")
    off_verbs = "|".join(re.escape(v) for v in word_set("stopping_verbs") if v.endswith(" off"))
    breaks, time_off = _either("break_words"), _either("time_off_words")
    return re.compile(
        rf"\b(?:{verbs})(?: (?:{_BETWEEN})){{0,2}} (?:{tablets})\b{_NOT_WORKING}"
        rf"|\b(?:{verbs})(?: (?:just|all|completely))? (?:taking|using) (?:it|them)\b"
        rf"{_NOT_WORKING}"
        rf"|\b(?:{off_verbs})(?: (?:just|all|completely))? (?:it|them)\b"
        rf"|\b(?:{breaks})(?: (?:{_OWN}))? (?:from|off)(?: (?:{_OWN}))? (?:{tablets}|it|them)\b"
        rf"|\b(?:{time_off})(?: (?:{_OWN}))? (?:{tablets})\b"
        rf"|\b(?:{tablets}) (?:holiday|holidays|break)\b(?! (?:in|into|apart|up|down)\b)"
        rf"|\btake a (?:\w+ )?(?:{breaks}|{time_off})\b"
        rf"(?= (?:from|off)(?: (?:{_OWN}))? (?:{tablets}|it|them)\b| (?:{_FOR_A_WHILE})\b)"
    )


@cache
def _switching() -> re.Pattern[str]:
    """Changing to (or from) another tablet or brand, or swapping it for one; a different
    brand or hormone tablet; a different tablet with a word that wants it instead."""
    others, medicines = _either("other_tablets"), _either("medicine_words")
    wanted = (
        rf"(?:(?: (?:a|an|the))?(?: (?:different|another|other|new))? (?:{others}|{medicines})"
        r"|(?: (?:a|an))? (?:different|another|other|new) one)\b"
    )
    return re.compile(
        rf"\b(?:{_either('switching_verbs')})(?: \w+){{0,3}} (?:to|onto|from){wanted}"
        rf"|\bswap(?:ping)?(?: \w+){{0,3}} for{wanted}"
        rf"|\b(?:different|another) (?:{others})\b"
        rf"|\b(?:different|another) (?:{medicines})\b{_INSTEAD}"
    )


def action_asked(folded: str) -> tuple[str, tuple[str, ...]] | None:
    """The topic a folded clause asks about by the action it names (switching, else
    stopping), with the words that say so; None when it names neither, or only as history (a
    history word among the three words before it, unless the word just before says an
    intention: "thinking of coming off it"), after a negation ("it won't stop"), for another
    condition's tablets ("stop my tablets for my thyroid"), or taking another tablet ("should
    I take another tablet")."""
    history, negations = word_set("history_words"), word_set("negations")
    said = folded.split()
    if not word_set("other_medicines").isdisjoint(said):
        return None  # "switch from amlodipine to another medicine": not anastrozole
    for topic, pattern in ((SWITCHING, _switching()), (STOPPING, _stopping())):
        for found in pattern.finditer(folded):
            before = folded[: found.start()].split()[-3:]
            after = folded[found.end() :].split()[:3]
            if before and before[-1] in negations:
                continue
            if topic == SWITCHING and before and before[-1] in _TAKING:
                continue
            if not history.isdisjoint(before) and before[-1] not in _INTENT:
                continue
            if after[:1] == ["for"] and after[1:2] and after[1] in _OWNERS:
                continue
            return topic, tuple(found.group(0).split())
    return None
