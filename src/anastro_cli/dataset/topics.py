"""Validating topics (questions beyond side effects, each point and action with its source)
and the questions to take to an appointment."""

from __future__ import annotations

from typing import Any

from anastro_cli.dataset.problems import Checker
from anastro_cli.dataset.reader import FieldReader, Refs, records, unique
from anastro_cli.model.records import Question, SourcedText, Topic, TopicPoint
from anastro_cli.model.vocab import TIERS

TOPIC_KEYS = ("id", "title", "summary", "lay_terms", "points", "actions", "related")


def topics_of(checker: Checker, merged: dict[str, Any], refs: Refs) -> list[Topic]:
    result: list[Topic] = []
    seen: set[str] = set()
    for path, node, _ in records(checker, merged, "topics"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(TOPIC_KEYS)
        topic_id = r.ident()
        unique(checker, seen, r, topic_id)
        points: list[TopicPoint] = []
        for index, item in enumerate(r.items("points")):
            p = FieldReader(checker, item, f"{path}.points[{index}]")
            p.check_keys(("text", "source", "confirmed"))
            points.append(TopicPoint(p.text("text"), refs.source(p), p.flag("confirmed")))
        if not points:
            r.problem("points", "a topic needs at least one sourced point")
        actions: list[SourcedText] = []
        for index, item in enumerate(r.items("actions")):
            a = FieldReader(checker, item, f"{path}.actions[{index}]")
            a.check_keys(("text", "source", "tier"))
            tier: str | None = a.text("tier", required=False) or None
            if tier is not None and tier not in TIERS:
                a.problem("tier", f"unknown tier {tier!r} (one of: {', '.join(TIERS)})")
                tier = None
            actions.append(SourcedText(a.text("text"), refs.source(a), tier))
        result.append(
            Topic(
                id=topic_id,
                title=r.text("title"),
                summary=r.text("summary"),
                lay_terms=r.text_list("lay_terms"),
                points=tuple(points),
                actions=tuple(actions),
                related=r.text_list("related"),
            )
        )
    return result


def questions_of(
    checker: Checker, merged: dict[str, Any], refs: Refs, effect_ids: set[str]
) -> list[Question]:
    result: list[Question] = []
    for path, node, _ in records(checker, merged, "questions"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("text", "source", "effects"))
        effects = r.text_list("effects")
        for effect in effects:
            if effect not in effect_ids:
                r.problem("effects", f"unknown effect id {effect!r}")
        result.append(Question(r.text("text"), refs.source(r), effects))
    return result
