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
# A word between a verb and the tablets that keeps it about them ("stop taking my tablets").
_BETWEEN = "taking|using|on|with|the|my|her|his|all|just|completely|of|off|from"


def _either(*names: str) -> str:
    """Lexicon lists as one regex alternation, the longest entries first."""
    found = set().union(*map(word_set, names))
    return "|".join(sorted(map(re.escape, found), key=lambda w: (-len(w), w)))


@cache
def _stopping() -> re.Pattern[str]:
    """Stopping, pausing or a break, before the tablets or "it"; or the tablets' break."""
    tablets = tablet_words(extra=("it", "them"))
    breaks = _either("break_words")
    return re.compile(
        rf"\b(?:{_either('stopping_verbs')}|{breaks})(?: (?:{_BETWEEN})){{0,2}} (?:{tablets})\b"
        r"(?! (?:from )?work)"  # "stop the tablet working" asks whether it still works
        rf"|\b(?:{tablets}) (?:{breaks})\b"
        # "take a break for a few weeks", but not a break from something else
        rf"|\btake a (?:\w+ )?(?:{breaks})\b(?! from (?!(?:the |my )?(?:{tablets})\b))"
    )


@cache
def _switching() -> re.Pattern[str]:
    """Changing to (or from) another tablet or brand; or a different one wanted instead."""
    others = _either("other_tablets", "medicine_words")
    return re.compile(
        rf"\b(?:{_either('switching_verbs')})(?: \w+){{0,3}} (?:to|onto|for|from)"
        rf"(?: (?:a|an|the))?(?: (?:different|another|other|new))? (?:{others})\b"
        rf"|\b(?:different|another) (?:{others})\b"
        rf"(?=.*\b(?:instead|change|try|switch|swap|help|better)\b)"
    )


def action_asked(folded: str) -> tuple[str, tuple[str, ...]] | None:
    """The topic a folded query asks about by the action it names (switching, else
    stopping), with the words that say so; None when it names neither, or only as history."""
    history = word_set("history_words")
    for topic, pattern in ((SWITCHING, _switching()), (STOPPING, _stopping())):
        for found in pattern.finditer(folded):
            before = folded[: found.start()].split()[-1:]
            if before and before[0] in history:
                continue
            return topic, tuple(found.group(0).split())
    return None
