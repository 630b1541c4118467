"""A source's title in a few words, for screens; the id and full title stay in JSON and CSV."""

from __future__ import annotations

import re

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_JOURNAL_YEAR = re.compile(r"[A-Z][A-Za-z. ]*? (?:19|20)\d{2}\b")
_PLAIN_AUTHORS = re.compile(r"^([A-Z][a-z]+(?: and [A-Z][a-z]+)?)(?=,| et al)")


def short_title(source_id: str, kind: str, title: str, year: int | None) -> str:
    """'NHS medicines', 'Sestak et al. 2018', 'J Oncol 2010', 'uncited overview': the name a
    reader would look for, at most 40 characters; a recalled source says so."""
    if kind == "seed":
        return "uncited overview"
    if source_id == "recalled":
        return "recalled, not read in a copy"
    if "AI-generated" in title:  # what a reader most needs to know of it
        return "AI-generated summary"
    head = title
    for mark in (" et al.", " - ", " (", ": ", ", "):
        head = head.split(mark, 1)[0] + (mark if mark == " et al." and mark in head else "")
    citation = _JOURNAL_YEAR.match(title)
    if citation and ("'" in head or ";" in head or len(head) > 40):  # journal and year
        head = citation[0]
    elif head.endswith(" et al.") or head in _PLAIN_AUTHORS.findall(title):
        when = year or next(iter(_YEAR.findall(title)), None)
        head = f"{head} {when}" if when else head
    head = head if len(head) <= 40 else head[:37].rstrip() + "..."
    return f"{head} (recalled)" if kind == "unconfirmed" else head
