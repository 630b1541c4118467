"""The documented JSON/YAML shape of each view (README, "JSON output"), one function per view."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from anastro_cli import __version__
from anastro_cli.model.figures import (
    frequencies,
    headline,
    how_common,
    trial_findings,
    warning_signs,
)
from anastro_cli.model.plain import (
    effect_plain,
    headline_plain,
    marker_plain,
    source_plain,
    time_course_plain,
    topic_plain,
)
from anastro_cli.model.vocab import DIFFERENCE_UNITS, TIER_ACTIONS, TIERS
from anastro_cli.output.views import (
    AboutView,
    CardView,
    CheckView,
    ComparatorsView,
    CompareView,
    EffectsView,
    MarkerView,
    SearchView,
    SourcesView,
    SystemsView,
    TopicView,
    WarningsView,
)

if TYPE_CHECKING:
    from anastro_cli.compare import Row
    from anastro_cli.model.dataset import Dataset
    from anastro_cli.model.records import ArmValue
    from anastro_cli.output.views import View
    from anastro_cli.search.check import Checked
    from anastro_cli.search.rank import Hit, Match

PERCENT_MEASURES = ("percent_patients", "percent_change")
URGENT = ("emergency", "same-day")
NOT_LISTED = (
    "not listed among anastrozole's side effects or topics in the sources here: tell your care "
    "team about it, and report it if you think it is a side effect"
)


def match_plain(match: Match) -> dict[str, Any]:
    return {
        "field": match.field,
        "text": match.text,
        "words": list(match.words),
        "kind": match.kind,
    }


def hit_plain(dataset: Dataset, hit: Hit) -> dict[str, Any]:
    if hit.effect is not None:
        shape = effect_plain(dataset, hit.effect)
    elif hit.topic is not None:
        shape = topic_plain(hit.topic)
    else:
        assert hit.marker is not None
        shape = marker_plain(hit.marker)
    shape["score"] = hit.score
    shape["matched"] = [match_plain(m) for m in hit.matched]
    return shape


def arm_plain(value: ArmValue | None) -> float | str | None:
    if value is None or value.value is None:
        return None
    return value.text if value.qualifier else value.value


SIGNIFICANT = 0.05
SIMILAR_POINTS = 1.0  # an unsignificant difference below this many points reads "similar"
SIMILAR_RATIO = 1.5


def p_below(p_value: str | None, level: float = SIGNIFICANT) -> bool | None:
    """Whether a printed p value ('<0.0001', '0.02', '.01', 'NR') is below level; None when
    it cannot tell."""
    if not p_value:
        return None
    text = p_value.strip().lstrip("=").strip()
    bound = text.startswith(("<", "\u2264"))
    try:
        number = float(text.lstrip("<>\u2264\u2265 "))
    except ValueError:
        return None
    if text.startswith((">", "\u2265")):
        return False if number >= level else None
    return number < level or (bound and number <= level)


def verdict(row: Row) -> str:
    """The row in words: 'more on tamoxifen', 'similar', 'no clear difference' (p >= 0.05),
    for bone density 'more bone lost on anastrozole'; '(untested)' when the source gives no
    p value. Never a winner for equal or trivially different values."""
    if row.difference is None or row.higher is None:
        return ""
    significant = p_below(row.p_value)
    values = [v.value for v in (row.drug_value, row.comparator_value) if v and v.value]
    # Under a point apart is small, unless one rate is half again the other (0.2% vs 0.6%).
    ratio = max(values) / min(values) if len(values) == 2 and min(values) > 0 else 1.0
    small = abs(row.difference) < SIMILAR_POINTS and ratio < SIMILAR_RATIO
    if row.higher == "equal" or (small and not significant):
        return "similar"
    if significant is False:
        return "no clear difference"
    if row.measure == "percent_change":
        lost = row.comparator if row.higher == row.drug else row.drug
        words = f"more bone lost on {lost}"
    else:
        words = f"more on {row.higher}"
    return words if significant else f"{words} (untested)"


def row_plain(row: Row) -> dict[str, Any]:
    return {
        "event": row.event,
        "effect": row.effect,
        "section": row.section,
        "head_to_head": row.section == "head-to-head",
        "trial": row.trial,
        "trial_id": row.trial_id,
        "drug": row.drug,
        "drug_pct": arm_plain(row.drug_value),
        "drug_n": row.drug_n,
        "drug_events": row.drug_events,
        "comparator": row.comparator,
        "comparator_pct": arm_plain(row.comparator_value),
        "comparator_n": row.comparator_n,
        "comparator_events": row.comparator_events,
        "difference_pct": row.difference if row.measure in PERCENT_MEASURES else None,
        "difference": row.difference,
        "difference_unit": DIFFERENCE_UNITS.get(row.measure),
        "higher": row.higher,
        "verdict": verdict(row),
        "measure": row.measure,
        "source": row.sources[0],
        "sources": list(row.sources),
        "confirmed": row.confirmed,
        "direction": row.direction,
        "pooled_pct": row.pooled,
        "ratio": row.ratio,
        "p_value": row.p_value,
        "follow_up": row.follow_up,
        "note": row.note,
    }


def _effects(view: EffectsView) -> Any:
    return [effect_plain(view.dataset, e) for e in view.effects]


def _search(view: SearchView) -> Any:
    return [hit_plain(view.dataset, h) for h in view.hits]


def _card(view: CardView) -> Any:
    shape = effect_plain(view.dataset, view.effect)
    shape["trial_findings"] = [f.__dict__ for f in trial_findings(view.dataset, view.effect)]
    return shape


def _topic(view: TopicView) -> Any:
    return topic_plain(view.topic)


def _marker(view: MarkerView) -> Any:
    return marker_plain(view.marker)


def _warnings(view: WarningsView) -> Any:
    tiers = TIERS if view.full else URGENT
    return [
        {
            "tier": sign.tier,
            "effect": effect.id,
            "name": effect.name,
            "text": sign.text,
            "source": sign.source,
        }
        for effect, sign in warning_signs(view.dataset, tiers)
    ]


def checked_plain(dataset: Dataset, item: Checked) -> dict[str, Any]:
    """One symptom of a check: what it matched, how urgent, what to do, how common."""
    effect, topic = item.effect, item.topic
    if effect is None and topic is None:
        return {
            "symptom": item.symptom,
            "closest": item.closest,
            "kind": None,
            "id": None,
            "name": None,
            "urgency": None,
            "action": NOT_LISTED,
            "warning": None,
            "how_common": None,
            "headline": None,
            "time_course": None,
        }
    if effect is None:
        assert topic is not None
        return {
            "symptom": item.symptom,
            "closest": item.closest,
            "kind": "topic",
            "id": topic.id,
            "name": topic.title,
            "urgency": topic.urgency,
            "action": topic.summary,
            "warning": None,
            "how_common": None,
            "headline": None,
            "time_course": None,
        }
    signs = sorted(effect.seek_care, key=lambda w: TIERS.index(w.tier))
    figures = frequencies(dataset, effect)
    return {
        "symptom": item.symptom,
        "closest": item.closest,
        "kind": "effect",
        "id": effect.id,
        "name": effect.name,
        "urgency": effect.urgency,
        "action": TIER_ACTIONS.get(effect.urgency or "", "not known: ask your care team"),
        "warning": signs[0].text if signs else None,
        "warnings": [{"tier": w.tier, "text": w.text} for w in signs],
        "how_common": how_common(dataset, effect),
        "headline": headline_plain(headline(dataset, figures)),
        "time_course": time_course_plain(effect.time_course),
        "close": [],
    }


def _check(view: CheckView) -> Any:
    return [checked_plain(view.dataset, item) for item in view.items]


def _compare(view: CompareView) -> Any:
    c = view.comparison
    return {
        "drug": c.drug,
        "comparator": c.comparator.id,
        "comparator_name": c.comparator.name,
        "trial": c.head_to_head_trials[0].name if c.head_to_head_trials else None,
        "trials": [
            {
                "id": t.id,
                "name": t.name,
                "head_to_head": list(t.head_to_head),
                "arms": [{"drug": a.drug, "n": a.n} for a in t.arms],
                "follow_up": t.follow_up,
                "source": t.source,
                "confirmed": t.confirmed,
            }
            for t in c.trials
        ],
        "rows": [row_plain(r) for r in c.rows],
        "contrasts": [
            {
                "topic": x.topic,
                "effect": x.effect,
                "anastrozole": x.anastrozole,
                "comparator": x.comparator_text,
                "source": x.source,
            }
            for x in c.contrasts
        ],
        "points": [{"text": p.text, "source": p.source} for p in c.comparator.points],
        "notes": list(c.notes),
    }


def _comparators(view: ComparatorsView) -> Any:
    return [
        {
            "id": s.comparator.id,
            "name": s.comparator.name,
            "brands": list(s.comparator.brands),
            "head_to_head_trials": [t.name for t in s.head_to_head],
            "own_trials": [t.name for t in s.own_trials],
        }
        for s in view.comparators
    ]


def _systems(view: SystemsView) -> Any:
    return [
        {
            "id": s.id,
            "name": s.name,
            "description": s.description,
            "aliases": list(s.aliases),
            "effects": view.dataset.effects_in(s.id),
        }
        for s in view.dataset.systems
    ]


def _sources(view: SourcesView) -> Any:
    return [source_plain(s) for s in view.sources]


def _about(view: AboutView) -> Any:
    return about_plain(view.dataset)


def about_plain(dataset: Dataset) -> dict[str, Any]:
    drug, men = dataset.drug, dataset.men
    return {
        "tool_version": __version__,
        "dataset": {
            "name": dataset.info.name,
            "version": dataset.info.version,
            "date": dataset.info.date,
        },
        "drug": {
            "name": drug.name,
            "brands": list(drug.brands),
            "generics": drug.generics,
            "dose": drug.dose,
            "dose_source": drug.dose_source,
            "drug_class": drug.drug_class,
            "target": drug.target,
            "summary": drug.summary,
            "why_side_effects": drug.why_side_effects,
            "indications": [
                {"text": i.text, "kind": i.kind, "source": i.source} for i in drug.indications
            ],
            "conversions": [{"from": a, "to": b} for a, b in drug.conversions],
            "sources": list(drug.sources),
        },
        "markers": [
            {
                "id": m.id,
                "name": m.name,
                "direction": m.direction,
                "explanation": m.explanation,
                "lay_terms": list(m.lay_terms),
                "sources": list(m.sources),
            }
            for m in dataset.markers
        ],
        "men": {
            "summary": men.summary,
            "points": [{"text": p.text, "source": p.source} for p in men.points],
            "estradiol_ranges": [r.__dict__ for r in men.estradiol_ranges],
            "findings": [f.__dict__ for f in men.findings],
        },
        "disclaimer": drug.disclaimer,
    }


SHAPES: dict[type, Callable[[Any], Any]] = {
    EffectsView: _effects,
    SearchView: _search,
    CardView: _card,
    TopicView: _topic,
    MarkerView: _marker,
    WarningsView: _warnings,
    CheckView: _check,
    CompareView: _compare,
    ComparatorsView: _comparators,
    SystemsView: _systems,
    SourcesView: _sources,
    AboutView: _about,
}


def plain(view: View) -> Any:
    """The documented JSON shape of a view (see README, "JSON output")."""
    return SHAPES[type(view)](view)
