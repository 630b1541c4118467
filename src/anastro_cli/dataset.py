"""Find, read, validate and cache the dataset.

The bundled YAML in ``data/`` ships inside the package. A validated copy is compiled to SQLite
(store.py) in the user's cache directory, keyed by a hash of the data files, so a lookup usually
needs neither PyYAML nor a parse, and reads only the effects it shows. Every problem found names
its file, line, column and field.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anastro_cli import __version__
from anastro_cli.locate import bundled_data_dir
from anastro_cli.model import (
    MEASURES,
    POPULATIONS,
    QUALIFIERS,
    SERIOUSNESS,
    SOURCE_KINDS,
    Arm,
    ArmValue,
    Comparator,
    Contrast,
    Dataset,
    DatasetInfo,
    Drug,
    Figure,
    Finding,
    Frequency,
    Marker,
    MenInfo,
    Range,
    SideEffect,
    Source,
    SourcedText,
    System,
    Trial,
)
from anastro_cli.safety import clean
from anastro_cli.yamlsafe import MarkedDict, MarkedList, MultiProblemError, Problem, YamlFileError

if TYPE_CHECKING:
    from anastro_cli.store import Store

DATA_SUFFIXES = (".yaml", ".yml")
CACHE_FORMAT = 2
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
LESS_THAN = re.compile(r"^\s*<\s*(\d+(?:\.\d+)?)\s*$")
# Descriptive text carries no numbers: a number there would have no source.
UNSOURCED_DIGIT = re.compile(r"(?<![A-Za-z\d])\d")
TEXT_FIELDS = frozenset(
    {
        "mechanism",
        "notes",
        "monitoring",
        "helps",
        "seek_care",
        "explanation",
        "summary",
        "text",
        "description",
        "why_side_effects",
        "who_can_take",
        "disclaimer",
    }
)
LIST_SECTIONS = (
    "systems",
    "sources",
    "effects",
    "markers",
    "comparators",
    "trials",
    "figures",
    "contrasts",
)
SINGLE_SECTIONS = ("dataset", "drug", "men")
KEYED_SECTIONS = ("systems", "sources", "effects", "markers", "comparators", "trials")


class DataError(Exception):
    """The dataset could not be used; ``problems`` says exactly why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}" if first else "invalid dataset")


@dataclass
class Document:
    file: str
    data: Any


@dataclass
class Checker:
    """Collects problems while turning raw documents into model objects."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, node: Any, key: str | int | None, path: str, message: str) -> None:
        file, line, column = _where(node, key)
        self.problems.append(Problem(file, line, column, path, message))


def _where(node: Any, key: str | int | None) -> tuple[str, int, int]:
    file = getattr(node, "file", "") or "<data>"
    line, column = getattr(node, "line", 0), getattr(node, "column", 0)
    if isinstance(node, MarkedDict) and isinstance(key, str):
        line, column = node.mark_of(key)
    if isinstance(node, MarkedList) and isinstance(key, int):
        line, column = node.mark_of(key)
    return file, line, column


# --------------------------------------------------------------------------- locating files


def data_files(path: Path) -> list[Path]:
    """The YAML files a dataset path names: the file itself, or a folder's *.yaml files."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix in DATA_SUFFIXES and p.is_file())
        if not found:
            raise DataError([Problem(str(path), 0, 0, "(folder)", "no .yaml files in this folder")])
        return found
    if not path.exists():
        raise DataError([Problem(str(path), 0, 0, "(file)", "no such file or folder")])
    return [path]


def read_documents(paths: Iterable[Path]) -> list[Document]:
    from anastro_cli.yamlsafe import parse, read_text

    documents: list[Document] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            data = parse(read_text(path), str(path))
        except MultiProblemError as exc:
            problems.extend(exc.problems)
            continue
        except YamlFileError as exc:
            problems.append(exc.problem)
            continue
        if data is None:
            data = MarkedDict()
            data.file = str(path)
        if not isinstance(data, dict):
            problems.append(Problem(str(path), 1, 1, "(file)", "the top level must be a mapping"))
            continue
        documents.append(Document(str(path), data))
    if problems:
        raise DataError(problems)
    return documents


# --------------------------------------------------------------------------- loading


def load(data_path: Path | None = None, mode: str = "merge", *, use_cache: bool = True) -> Dataset:
    """Load the bundled dataset, optionally merged with (or replaced by) the one at data_path.

    The result reads its effects from a compiled store (store.py): the cached one when the
    data has not changed, else one written now, to the cache or, failing that, to memory."""
    from anastro_cli.store import Store, StoreError

    paths: list[Path] = []
    if data_path is None or mode == "merge":
        paths.extend(data_files(bundled_data_dir()))
    if data_path is not None:
        paths.extend(data_files(data_path))
    cache = _Cache(paths) if use_cache and _cache_enabled() else None
    if cache is not None:
        try:
            stored = cache.read()
        except StoreError:
            pass  # none yet, or damaged or stale: rebuilt below
        else:
            try:
                return stored.dataset()
            except StoreError:
                stored.close()
    dataset = build(read_documents(paths))
    if cache is not None and _Cache(paths).key != cache.key:
        cache = None  # a file changed while it was read: cache nothing under either key
    store = cache.write(dataset) if cache is not None else None
    if store is None:
        store = Store.compile(dataset)
    try:
        return store.dataset()
    except StoreError:
        store.close()
        if store.path is None:
            raise
        return Store.compile(dataset).dataset()


def check(path: Path, *, merge_bundled: bool = True) -> list[Problem]:
    """Every problem in the dataset at path (for ``anastro validate``): merged over the bundled
    data by default, so its references to bundled sources, systems and effects resolve."""
    try:
        paths = data_files(path)
        bundled = data_files(bundled_data_dir()) if merge_bundled else []
        if bundled and {p.resolve() for p in paths} <= {p.resolve() for p in bundled}:
            bundled = []  # validating the bundled data itself
        documents = read_documents([*bundled, *paths])
        build(documents, standalone=bool(bundled) or _looks_complete(documents))
    except DataError as exc:
        return exc.problems
    return []


def _looks_complete(documents: list[Document]) -> bool:
    keys = {key for document in documents for key in document.data}
    return {"dataset", "drug", "effects"} <= keys


def build(documents: list[Document], *, standalone: bool = True) -> Dataset:
    """Merge documents (later ones override earlier entries with the same id) and validate."""
    checker = Checker()
    merged = _merge(documents, checker)
    dataset = _convert(merged, checker, require_all=standalone)
    if checker.problems or dataset is None:
        raise DataError(checker.problems)
    return dataset


def _merge(documents: list[Document], checker: Checker) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for document in documents:
        data = document.data
        for key, value in data.items():
            if key in SINGLE_SECTIONS:
                merged[key] = value
            elif key in LIST_SECTIONS:
                if not isinstance(value, list):
                    checker.add(data, key, key, "must be a list")
                    continue
                merged.setdefault(key, [])
                mappings = _mappings_only(checker, value, key)
                if key in KEYED_SECTIONS:
                    _merge_by_id(merged[key], mappings)
                else:
                    merged[key].extend(mappings)
            else:
                known = ", ".join((*SINGLE_SECTIONS, *LIST_SECTIONS))
                checker.add(data, key, key, f"unknown section (known: {known})")
    return merged


def _mappings_only(checker: Checker, values: list[Any], path: str) -> list[Any]:
    """The items of a list of records; anything else is reported where it stands."""
    kept = []
    for index, item in enumerate(values):
        if isinstance(item, dict):
            kept.append(item)
        else:
            checker.add(values, index, f"{path}[{index}]", "must be a mapping")
    return kept


def _merge_by_id(target: list[Any], items: list[Any]) -> None:
    positions = {
        item.get("id"): index
        for index, item in enumerate(target)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    for item in items:
        item_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(item_id, str) and item_id in positions:
            target[positions[item_id]] = item
        else:
            if isinstance(item_id, str):
                positions[item_id] = len(target)
            target.append(item)


# --------------------------------------------------------------------------- field readers


class _Reader:
    """Typed access to one mapping, recording problems instead of raising."""

    def __init__(self, checker: Checker, node: Any, path: str) -> None:
        self.checker = checker
        self.node = node if isinstance(node, dict) else {}
        self.path = path
        self.ok = isinstance(node, dict)
        if not self.ok:
            checker.add(node, None, path, "must be a mapping")

    def _problem(self, key: str, message: str) -> None:
        self.checker.add(self.node, key, f"{self.path}.{key}", message)

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.node.get(key)
        if value is None:
            if required:
                self._problem(key, "is required")
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self._problem(key, "must be text")
            return default
        text = clean(str(value)).strip()  # control characters never enter the model
        if required and not text:
            self._problem(key, "must not be empty")
        if key in TEXT_FIELDS:
            self._no_digits(key, text)
        return text

    def items(self, key: str) -> list[Any]:
        """A list-of-records field's mappings; a missing field is empty, anything else is a
        problem reported at its own line."""
        value = self.node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self._problem(key, "must be a list")
            return []
        return _mappings_only(self.checker, value, f"{self.path}.{key}")

    def opt_text(self, key: str) -> str | None:
        return self.text(key, required=False) or None

    def _no_digits(self, key: str, text: str, index: int | None = None) -> None:
        if UNSOURCED_DIGIT.search(text):
            where = f"{key}[{index}]" if index is not None else key
            self.checker.add(
                self.node,
                key,
                f"{self.path}.{where}",
                "descriptive text must not contain numbers; put figures in a sourced field",
            )

    def text_list(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.node.get(key)
        if value is None:
            if required:
                self._problem(key, "is required")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self._problem(key, "must be a list of text")
            return ()
        result: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.checker.add(value, index, f"{self.path}.{key}[{index}]", "must be text")
                continue
            text = clean(str(item)).strip()
            if not text:
                self.checker.add(value, index, f"{self.path}.{key}[{index}]", "must not be empty")
                continue
            if key in TEXT_FIELDS:
                self._no_digits(key, text, index)
            result.append(text)
        return tuple(result)

    def number(
        self,
        key: str,
        *,
        required: bool = True,
        low: float | None = None,
        high: float | None = None,
    ) -> float | None:
        value = self.node.get(key)
        if value is None:
            if required:
                self._problem(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._problem(key, f"must be a number, not {value!r}")
            return None
        number = float(value)
        if not math.isfinite(number):
            self._problem(key, "must be a finite number")
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self._problem(key, f"must be between {low:g} and {high:g}, not {number:g}")
            return None
        return number

    def integer(self, key: str, *, required: bool = False) -> int | None:
        value = self.node.get(key)
        if value is None:
            if required:
                self._problem(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self._problem(key, f"must be a whole number >= 0, not {value!r}")
            return None
        return value

    def flag(self, key: str, default: bool = True) -> bool:
        value = self.node.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._problem(key, "must be true or false")
            return default
        return value

    def choice(self, key: str, choices: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self.text(key, required=required)
        if not value:
            return None
        if value not in choices:
            self._problem(key, f"unknown value {value!r} (expected one of: {', '.join(choices)})")
            return None
        return value

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if value and not ID_PATTERN.match(value):
            self._problem(key, f"{value!r} is not a valid id (lowercase letters, digits, -_.)")
        return value

    def check_keys(self, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in self.node:
            if key not in allowed_set:
                self._problem(key, f"unknown field (allowed: {', '.join(sorted(allowed_set))})")


def _items(checker: Checker, merged: dict[str, Any], key: str) -> Iterator[tuple[str, Any, Any]]:
    values = merged.get(key) or []
    per_file: dict[str, int] = {}  # positions count within each file, as its author sees them
    for item in values:
        file = getattr(item, "file", "")
        index = per_file.get(file, 0)
        per_file[file] = index + 1
        label = item.get("id") if isinstance(item, dict) else None
        path = f"{key}[{label}]" if isinstance(label, str) and label else f"{key}[{index}]"
        yield path, item, values


# --------------------------------------------------------------------------- conversion


def _convert(merged: dict[str, Any], checker: Checker, *, require_all: bool) -> Dataset | None:
    for section in ("dataset", "drug", "systems", "sources", "effects"):
        if require_all and section not in merged:
            checker.problems.append(
                Problem("<data>", 0, 0, section, "section is missing from the dataset")
            )
    info = _info(checker, merged.get("dataset")) if "dataset" in merged else None
    sources = _sources(checker, merged)
    source_ids = {s.id for s in sources}
    systems = _systems(checker, merged)
    system_ids = {s.id for s in systems}
    refs = _Refs(checker, source_ids)
    drug = _drug(checker, merged.get("drug"), refs) if "drug" in merged else None
    effects = _effects(checker, merged, system_ids, refs)
    effect_ids = {e.id for e in effects}
    markers = _markers(checker, merged, refs)
    men = _men(checker, merged.get("men"), refs) if "men" in merged else MenInfo()
    comparators = _comparators(checker, merged, refs)
    trials = _trials(checker, merged, refs)
    figures = _figures(checker, merged, refs, {t.id: t for t in trials}, effect_ids)
    contrasts = _contrasts(checker, merged, refs, {c.id for c in comparators}, effect_ids)
    for effect_path, effect_node, effect in _effect_nodes(merged, effects):
        for related in effect.related:
            if related not in effect_ids:
                checker.add(
                    effect_node,
                    "related",
                    f"{effect_path}.related",
                    f"unknown effect id {related!r}",
                )
    if not require_all and (info is None or drug is None):
        info = info or DatasetInfo("partial dataset", "0", "")
        drug = drug or Drug("", "", "", "", "", "")
    if info is None or drug is None:
        return None
    return Dataset(
        info=info,
        drug=drug,
        systems=tuple(systems),
        sources=tuple(sources),
        effects=tuple(effects),
        markers=tuple(markers),
        men=men,
        comparators=tuple(comparators),
        trials=tuple(trials),
        figures=tuple(figures),
        contrasts=tuple(contrasts),
    )


class _Refs:
    def __init__(self, checker: Checker, source_ids: set[str]) -> None:
        self.checker = checker
        self.source_ids = source_ids

    def source(self, reader: _Reader, key: str = "source") -> str:
        value = reader.text(key)
        if value and value not in self.source_ids:
            reader._problem(key, f"unknown source id {value!r}")
        return value

    def sources(self, reader: _Reader, key: str = "sources") -> tuple[str, ...]:
        values = reader.text_list(key)
        for value in values:
            if value not in self.source_ids:
                reader._problem(key, f"unknown source id {value!r}")
        return values


def _unique(checker: Checker, seen: set[str], reader: _Reader, value: str) -> None:
    if value in seen:
        reader._problem("id", f"duplicate id {value!r}")
    seen.add(value)


def _info(checker: Checker, node: Any) -> DatasetInfo:
    r = _Reader(checker, node, "dataset")
    r.check_keys(("name", "version", "date"))
    return DatasetInfo(r.text("name"), r.text("version"), r.text("date"))


def _sources(checker: Checker, merged: dict[str, Any]) -> list[Source]:
    result: list[Source] = []
    seen: set[str] = set()
    for path, node, _ in _items(checker, merged, "sources"):
        r = _Reader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("id", "title", "kind", "quality", "year", "url", "note"))
        source_id = r.ident()
        _unique(checker, seen, r, source_id)
        year = r.integer("year")
        result.append(
            Source(
                id=source_id,
                title=r.text("title"),
                kind=r.choice("kind", SOURCE_KINDS) or "",
                quality=r.text("quality"),
                year=year,
                url=r.opt_text("url"),
                note=r.opt_text("note"),
            )
        )
    return result


def _systems(checker: Checker, merged: dict[str, Any]) -> list[System]:
    result: list[System] = []
    seen: set[str] = set()
    for path, node, _ in _items(checker, merged, "systems"):
        r = _Reader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("id", "name", "description", "aliases"))
        system_id = r.ident()
        _unique(checker, seen, r, system_id)
        result.append(
            System(
                system_id,
                r.text("name"),
                r.text("description", required=False),
                _distinct(r.text_list("aliases")),
            )
        )
    # An everyday word may name one system only, and never another system's id or name.
    owners: dict[str, str] = {}
    for system in result:
        for name in (system.id, system.name.casefold()):
            owners.setdefault(name, system.id)
    for (path, node, _), system in zip(_items(checker, merged, "systems"), result, strict=False):
        for alias in system.aliases:
            owner = owners.setdefault(alias.casefold(), system.id)
            if owner != system.id:
                checker.add(
                    node, "aliases", f"{path}.aliases", f"{alias!r} already names system {owner!r}"
                )
    return result


def _sourced_texts(
    checker: Checker, reader: _Reader, key: str, refs: _Refs
) -> tuple[SourcedText, ...]:
    result: list[SourcedText] = []
    for index, item in enumerate(reader.items(key)):
        r = _Reader(checker, item, f"{reader.path}.{key}[{index}]")
        if not r.ok:
            continue
        r.check_keys(("text", "source", "kind"))
        kind = r.choice("kind", ("approved", "off-label"), required=False)
        result.append(SourcedText(r.text("text"), refs.source(r), kind))
    return tuple(result)


def _drug(checker: Checker, node: Any, refs: _Refs) -> Drug:
    r = _Reader(checker, node, "drug")
    r.check_keys(
        (
            "name",
            "brands",
            "generics",
            "dose",
            "drug_class",
            "target",
            "summary",
            "why_side_effects",
            "indications",
            "conversions",
            "sources",
            "disclaimer",
        )
    )
    dose_text, dose_source = "", None
    dose = r.node.get("dose")
    if dose is not None:
        d = _Reader(checker, dose, "drug.dose")
        if d.ok:
            d.check_keys(("amount", "unit", "schedule", "source"))
            amount = d.number("amount", low=0)
            dose_text = f"{amount:g} {d.text('unit')} {d.text('schedule', required=False)}".strip()
            dose_source = refs.source(d)
    conversions: list[tuple[str, str]] = []
    for index, item in enumerate(r.items("conversions")):
        c = _Reader(checker, item, f"drug.conversions[{index}]")
        if c.ok:
            c.check_keys(("from", "to"))
            conversions.append((c.text("from"), c.text("to")))
    return Drug(
        name=r.text("name"),
        drug_class=r.text("drug_class"),
        target=r.text("target"),
        summary=r.text("summary"),
        why_side_effects=r.text("why_side_effects"),
        disclaimer=r.text("disclaimer"),
        brands=r.text_list("brands"),
        generics=r.text("generics", required=False),
        dose=dose_text,
        dose_source=dose_source,
        indications=_sourced_texts(checker, r, "indications", refs),
        conversions=tuple(conversions),
        sources=refs.sources(r),
    )


EFFECT_KEYS = (
    "id",
    "name",
    "aliases",
    "lay_terms",
    "system",
    "populations",
    "seriousness",
    "mechanism",
    "notes",
    "monitoring",
    "helps",
    "seek_care",
    "related",
    "sources",
    "frequencies",
)
FREQUENCY_KEYS = (
    "low",
    "high",
    "qualifier",
    "population",
    "timeframe",
    "source",
    "confirmed",
    "note",
)


def _effects(
    checker: Checker, merged: dict[str, Any], system_ids: set[str], refs: _Refs
) -> list[SideEffect]:
    result: list[SideEffect] = []
    seen: set[str] = set()
    for path, node, _ in _items(checker, merged, "effects"):
        r = _Reader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(EFFECT_KEYS)
        effect_id = r.ident()
        _unique(checker, seen, r, effect_id)
        system = r.text("system")
        if system and system not in system_ids:
            r._problem(
                "system", f"unknown system {system!r} (known: {', '.join(sorted(system_ids))})"
            )
        populations = r.text_list("populations") or ("all",)
        for population in populations:
            if population not in POPULATIONS:
                r._problem(
                    "populations",
                    f"unknown population {population!r} (expected: {', '.join(POPULATIONS)})",
                )
        frequencies: list[Frequency] = []
        for index, item in enumerate(r.items("frequencies")):
            frequency = _frequency(checker, item, f"{path}.frequencies[{index}]", refs)
            if frequency is not None:
                frequencies.append(frequency)
        result.append(
            SideEffect(
                id=effect_id,
                name=r.text("name"),
                system=system,
                mechanism=r.text("mechanism"),
                seriousness=r.choice("seriousness", SERIOUSNESS) or "common",
                aliases=_distinct(r.text_list("aliases")),
                lay_terms=_distinct(r.text_list("lay_terms")),
                populations=populations,
                notes=r.text_list("notes"),
                monitoring=r.text_list("monitoring"),
                helps=r.text_list("helps"),
                seek_care=r.text_list("seek_care"),
                related=r.text_list("related"),
                sources=refs.sources(r),
                frequencies=tuple(frequencies),
            )
        )
    return result


def _distinct(items: tuple[str, ...]) -> tuple[str, ...]:
    """Items without repeats that differ only in case (the first spelling wins)."""
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            kept.append(item)
    return tuple(kept)


def _effect_nodes(
    merged: dict[str, Any], effects: list[SideEffect]
) -> Iterator[tuple[str, Any, SideEffect]]:
    by_id = {e.id: e for e in effects}
    for node in merged.get("effects") or []:
        if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"] in by_id:
            yield f"effects[{node['id']}]", node, by_id[node["id"]]


def _frequency(checker: Checker, node: Any, path: str, refs: _Refs) -> Frequency | None:
    r = _Reader(checker, node, path)
    if not r.ok:
        return None
    r.check_keys(FREQUENCY_KEYS)
    low = r.number("low", low=0, high=100)
    high = r.number("high", low=0, high=100)
    qualifier = r.choice("qualifier", QUALIFIERS, required=False)
    source = refs.source(r)
    if low is not None and high is not None and low > high:
        r._problem("low", f"low ({low:g}) must not be above high ({high:g})")
        return None
    if low is None or high is None:
        return None
    return Frequency(
        low=low,
        high=high,
        source=source,
        population=r.text("population"),
        qualifier=qualifier,
        timeframe=r.opt_text("timeframe"),
        confirmed=r.flag("confirmed"),
        note=r.opt_text("note"),
    )


def _markers(checker: Checker, merged: dict[str, Any], refs: _Refs) -> list[Marker]:
    result: list[Marker] = []
    seen: set[str] = set()
    for path, node, _ in _items(checker, merged, "markers"):
        r = _Reader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("id", "name", "direction", "explanation", "sources"))
        marker_id = r.ident()
        _unique(checker, seen, r, marker_id)
        result.append(
            Marker(
                marker_id,
                r.text("name"),
                r.choice("direction", ("up", "down")) or "",
                r.text("explanation"),
                refs.sources(r),
            )
        )
    return result


def _men(checker: Checker, node: Any, refs: _Refs) -> MenInfo:
    r = _Reader(checker, node, "men")
    r.check_keys(("summary", "points", "estradiol_ranges", "findings"))
    ranges: list[Range] = []
    for index, item in enumerate(r.items("estradiol_ranges")):
        g = _Reader(checker, item, f"men.estradiol_ranges[{index}]")
        if not g.ok:
            continue
        g.check_keys(("label", "low", "high", "unit", "source", "confirmed", "note"))
        low, high = g.number("low", required=False), g.number("high", required=False)
        if low is None and high is None:
            g._problem("low", "a range needs low, high or both")
        if low is not None and high is not None and low > high:
            g._problem("low", f"low ({low:g}) must not be above high ({high:g})")
        ranges.append(
            Range(
                g.text("label"),
                low,
                high,
                g.text("unit"),
                refs.source(g),
                g.flag("confirmed"),
                g.opt_text("note"),
            )
        )
    findings: list[Finding] = []
    for index, item in enumerate(r.items("findings")):
        f = _Reader(checker, item, f"men.findings[{index}]")
        if not f.ok:
            continue
        f.check_keys(("label", "value", "trial", "source", "confirmed", "note"))
        findings.append(
            Finding(
                f.text("label"),
                f.text("value"),
                f.text("trial"),
                refs.source(f),
                f.flag("confirmed"),
                f.opt_text("note"),
            )
        )
    return MenInfo(
        summary=r.text("summary", required=False),
        points=_sourced_texts(checker, r, "points", refs),
        estradiol_ranges=tuple(ranges),
        findings=tuple(findings),
    )


def _comparators(checker: Checker, merged: dict[str, Any], refs: _Refs) -> list[Comparator]:
    result: list[Comparator] = []
    seen: set[str] = set()
    for path, node, _ in _items(checker, merged, "comparators"):
        r = _Reader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("id", "name", "brands", "drug_class", "mechanism", "who_can_take", "points"))
        comparator_id = r.ident()
        _unique(checker, seen, r, comparator_id)
        result.append(
            Comparator(
                id=comparator_id,
                name=r.text("name"),
                drug_class=r.text("drug_class"),
                mechanism=r.text("mechanism"),
                who_can_take=r.text("who_can_take"),
                brands=r.text_list("brands"),
                points=_sourced_texts(checker, r, "points", refs),
            )
        )
    return result


def _trials(checker: Checker, merged: dict[str, Any], refs: _Refs) -> list[Trial]:
    result: list[Trial] = []
    seen: set[str] = set()
    for path, node, _ in _items(checker, merged, "trials"):
        r = _Reader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(
            (
                "id",
                "name",
                "design",
                "setting",
                "arms",
                "follow_up",
                "head_to_head",
                "parent",
                "source",
                "confirmed",
                "note",
            )
        )
        trial_id = r.ident()
        _unique(checker, seen, r, trial_id)
        arms: list[Arm] = []
        for index, item in enumerate(r.items("arms")):
            a = _Reader(checker, item, f"{path}.arms[{index}]")
            if a.ok:
                a.check_keys(("drug", "n", "dose"))
                arms.append(Arm(a.text("drug"), a.integer("n")))
        head_to_head = r.text_list("head_to_head")
        arm_names = {a.drug for a in arms}
        for drug in head_to_head:
            if drug not in arm_names:
                r._problem("head_to_head", f"{drug!r} is not one of the trial's arms")
        result.append(
            Trial(
                id=trial_id,
                name=r.text("name"),
                source=refs.source(r),
                design=r.text("design", required=False),
                setting=r.text("setting", required=False),
                arms=tuple(arms),
                follow_up=r.opt_text("follow_up"),
                head_to_head=head_to_head,
                confirmed=r.flag("confirmed"),
                note=r.opt_text("note"),
                parent=r.opt_text("parent"),
            )
        )
    ids = {t.id for t in result}
    for (path, node, _), trial in zip(_items(checker, merged, "trials"), result, strict=False):
        if trial.parent is not None and trial.parent not in ids:
            checker.add(node, "parent", f"{path}.parent", f"unknown trial id {trial.parent!r}")
    return result


FIGURE_KEYS = (
    "trial",
    "event",
    "effect",
    "values",
    "counts",
    "arm_sizes",
    "measure",
    "follow_up",
    "ratio",
    "p_value",
    "direction",
    "pooled",
    "source",
    "confirmed",
    "note",
)


def _arm_counts(r: _Reader, key: str) -> list[tuple[str, int]]:
    """A mapping of arm name to a whole number (events, or the arm's size for this figure)."""
    raw_counts = r.node.get(key) or {}
    if not isinstance(raw_counts, dict):
        r._problem(key, "must be a mapping of arm to a whole number")
        return []
    result: list[tuple[str, int]] = []
    for arm, raw in raw_counts.items():
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            r._problem(key, f"{arm}: {raw!r} is not a whole number")
            continue
        result.append((str(arm), raw))
    return result


def parse_arm_value(raw: Any) -> ArmValue | None:
    """A figure's arm value: a number, a '<1'-style bound, or null. None when unreadable."""
    if raw is None:
        return ArmValue(None)
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        number = float(raw)
        return ArmValue(number) if math.isfinite(number) else None
    if isinstance(raw, str):
        match = LESS_THAN.match(raw)
        if match:
            return ArmValue(float(match.group(1)), "less_than")
    return None


def _figures(
    checker: Checker,
    merged: dict[str, Any],
    refs: _Refs,
    trials: dict[str, Trial],
    effect_ids: set[str],
) -> list[Figure]:
    result: list[Figure] = []
    for path, node, _ in _items(checker, merged, "figures"):
        r = _Reader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(FIGURE_KEYS)
        trial_id = r.text("trial")
        trial = trials.get(trial_id)
        if trial_id and trial is None:
            r._problem("trial", f"unknown trial id {trial_id!r}")
        arm_names = {a.drug for a in trial.arms} if trial else set()
        measure = r.choice("measure", MEASURES, required=False) or "percent_patients"
        values: list[tuple[str, ArmValue]] = []
        raw_values = r.node.get("values") or {}
        if not isinstance(raw_values, dict):
            r._problem("values", "must be a mapping of arm to figure")
            raw_values = {}
        for arm, raw in raw_values.items():
            value = parse_arm_value(raw)
            if value is None:
                r._problem("values", f"{arm}: {raw!r} is not a number, a '<N' bound or null")
                continue
            if trial and arm not in arm_names:
                r._problem("values", f"{arm!r} is not an arm of trial {trial_id!r}")
            if (
                measure == "percent_patients"
                and value.value is not None
                and not 0 <= value.value <= 100
            ):
                r._problem("values", f"{arm}: {value.value:g} is not a percentage (0-100)")
            values.append((str(arm), value))
        counts = _arm_counts(r, "counts")
        arm_sizes = _arm_counts(r, "arm_sizes")
        effect = r.opt_text("effect")
        if effect and effect not in effect_ids:
            r._problem("effect", f"unknown effect id {effect!r}")
        result.append(
            Figure(
                trial=trial_id,
                event=r.text("event"),
                source=refs.source(r),
                values=tuple(values),
                counts=tuple(counts),
                arm_sizes=tuple(arm_sizes),
                effect=effect,
                measure=measure,
                follow_up=r.opt_text("follow_up"),
                ratio=r.opt_text("ratio"),
                p_value=r.opt_text("p_value"),
                direction=r.opt_text("direction"),
                pooled=r.number("pooled", required=False, low=0, high=100),
                confirmed=r.flag("confirmed"),
                note=r.opt_text("note"),
            )
        )
    return result


def _contrasts(
    checker: Checker,
    merged: dict[str, Any],
    refs: _Refs,
    comparator_ids: set[str],
    effect_ids: set[str],
) -> list[Contrast]:
    result: list[Contrast] = []
    for path, node, _ in _items(checker, merged, "contrasts"):
        r = _Reader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("comparator", "topic", "effect", "anastrozole", "comparator_text", "source"))
        comparator = r.text("comparator")
        if comparator and comparator not in comparator_ids:
            r._problem("comparator", f"unknown comparator {comparator!r}")
        effect = r.opt_text("effect")
        if effect and effect not in effect_ids:
            r._problem("effect", f"unknown effect id {effect!r}")
        result.append(
            Contrast(
                comparator=comparator,
                topic=r.text("topic"),
                anastrozole=r.text("anastrozole"),
                comparator_text=r.text("comparator_text"),
                source=refs.source(r),
                effect=effect,
            )
        )
    return result


# --------------------------------------------------------------------------- cache


def _cache_enabled() -> bool:
    return os.environ.get("ANASTRO_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    override = os.environ.get("ANASTRO_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "anastro"


def code_fingerprint() -> str:
    """A hash of this package's source: every module that validates, indexes or renders what
    the store keeps. About 250 kB, read on each run (well under a millisecond)."""
    import hashlib

    digest = hashlib.sha256()
    folder = os.path.dirname(os.path.abspath(__file__))
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".py")):
        with contextlib.suppress(OSError), open(os.path.join(folder, name), "rb") as handle:
            content = handle.read()
            digest.update(f"{name}:{len(content)}:".encode())
            digest.update(content)
    return digest.hexdigest()


class _Cache:
    """The compiled dataset (store.py) in the cache folder, keyed by the data files' bytes."""

    def __init__(self, paths: list[Path]) -> None:
        import hashlib

        from anastro_cli.yamlsafe import read_bounded

        digest = hashlib.sha256(f"{CACHE_FORMAT}:{__version__}".encode())
        # The store also holds what code computed (the search index, each effect's JSON), so
        # edited code (an editable install, a patched copy) must not meet an old store.
        digest.update(code_fingerprint().encode())
        try:
            for path in paths:
                content = read_bounded(path)
                digest.update(f"{len(path.name)}:{path.name}:{len(content)}:".encode())
                digest.update(content)
        except YamlFileError:
            self.key = ""  # the parse step reports the problem with the file
            return
        self.key = digest.hexdigest()

    @property
    def file(self) -> Path:
        return cache_dir() / f"dataset-{self.key[:32]}.db"

    def read(self) -> Store:
        """The cached store of this data (StoreError when there is none fit to use)."""
        from anastro_cli.store import Store, StoreError

        if not self.key:
            raise StoreError("no key")
        with contextlib.suppress(OSError):
            os.utime(self.file)  # a cache in use is the last one pruning removes
        return Store.open(self.file, self.key)  # after the touch: open records its mtime

    def write(self, dataset: Dataset) -> Store | None:
        """Compile dataset into the cache; None when the cache cannot be written."""
        import tempfile

        from anastro_cli.store import Store, StoreError

        if not self.key:
            return None
        target = self.file
        temporary: Path | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix="dataset-", suffix=".tmp", dir=target.parent)
            os.close(handle)
            temporary = Path(name)
            Store.write(dataset, temporary, self.key)
            os.replace(temporary, target)
        except BaseException as exc:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    temporary.unlink()
            if isinstance(exc, (OSError, sqlite3.Error)):
                return None  # a read-only or missing cache directory never stops a lookup
            raise
        _prune(target.parent, keep=target)
        try:
            return Store.open(target, self.key)
        except StoreError:
            return None


CACHE_KEEP = 8
# A 100,000-effect dataset compiles to about 190 MB: keep the newest within this many bytes.
CACHE_MAX_BYTES = 512 * 2**20


CACHE_NAME = re.compile(r"^dataset-[0-9a-f]{32}\.db$")
# Caches of anastro 0.1.0 (JSON), removed on sight: nothing reads them any more.
OLD_CACHE_NAME = re.compile(r"^dataset-[0-9a-f]{32}\.json$")


def _prune(folder: Path, keep: Path) -> None:
    """Keep the most recently used few cached datasets (each edit of a --data file writes a
    new one); touch only files anastro itself names, and leftovers of interrupted writes.
    Best effort, file by file: another anastro may be pruning the same folder."""
    for old in folder.glob("dataset-*.json"):
        if OLD_CACHE_NAME.match(old.name):
            with contextlib.suppress(OSError):
                old.unlink()
    ours: list[tuple[float, int, Path]] = []
    for path in folder.glob("dataset-*.db"):
        if CACHE_NAME.match(path.name):
            with contextlib.suppress(OSError):
                info = path.stat()
                ours.append((info.st_mtime, info.st_size, path))
    ours.sort(reverse=True)
    kept_bytes = 0
    for rank, (_, size, old) in enumerate(ours):
        kept_bytes += size
        if old != keep and (rank >= CACHE_KEEP or kept_bytes > CACHE_MAX_BYTES):
            kept_bytes -= size
            with contextlib.suppress(OSError):
                old.unlink()
    try:
        newest = keep.stat().st_mtime
    except OSError:
        return
    for leftover in folder.glob("dataset-*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < newest - 3600:
                leftover.unlink()
