"""What each command hands to a writer: one frozen view per kind of answer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from anastro_cli.model.frozen import record

if TYPE_CHECKING:  # types only: search and compare load when their commands run
    from anastro_cli.compare import ComparatorSummary, Comparison
    from anastro_cli.model.dataset import Dataset
    from anastro_cli.model.records import Marker, SideEffect, Source, Topic
    from anastro_cli.search.check import Checked
    from anastro_cli.search.rank import Hit


@record
class EffectsView:
    dataset: Dataset
    effects: Sequence[SideEffect]  # a compiled dataset's Selection reads effects lazily
    title: str
    chart: bool = False
    serious_only: bool = False


@record
class SearchView:
    dataset: Dataset
    query: str
    hits: tuple[Hit, ...]


@record
class CardView:
    dataset: Dataset
    effect: SideEffect
    full: bool = False  # every figure, note and source; else the one-screen answer


@record
class TopicView:
    dataset: Dataset
    topic: Topic


@record
class MarkerView:
    """A blood marker anastrozole moves (show estradiol)."""

    dataset: Dataset
    marker: Marker


@record
class WarningsView:
    """Every emergency and same-day warning sign (and with full, every tier)."""

    dataset: Dataset
    full: bool = False


@record
class CheckView:
    """Symptoms a person named, each resolved to an entry (or not listed), most urgent first."""

    dataset: Dataset
    items: tuple[Checked, ...]


@record
class CompareView:
    dataset: Dataset
    comparison: Comparison
    full: bool = False  # every row of every trial and the notes; else one screen and a half


@record
class ComparatorsView:
    dataset: Dataset
    comparators: tuple[ComparatorSummary, ...]


@record
class SystemsView:
    dataset: Dataset


@record
class SourcesView:
    dataset: Dataset
    sources: tuple[Source, ...]


@record
class AboutView:
    dataset: Dataset
    full: bool = False  # markers, men and every use with its source; else one screen


View = (
    EffectsView
    | SearchView
    | CardView
    | TopicView
    | MarkerView
    | WarningsView
    | CheckView
    | CompareView
    | ComparatorsView
    | SystemsView
    | SourcesView
    | AboutView
)

# Every view, for the exhaustive checks that each format writes each view.
VIEWS: tuple[type, ...] = (
    EffectsView,
    SearchView,
    CardView,
    TopicView,
    MarkerView,
    WarningsView,
    CheckView,
    CompareView,
    ComparatorsView,
    SystemsView,
    SourcesView,
    AboutView,
)
