"""The search index's reads from a store: word statistics, postings, phrases, entries. Each
row is checked (its checksum and its ranges) before search relies on it."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from anastro_cli.index import FIELD_CODES, Doc, effect_doc, marker_doc, topic_doc
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.records import Marker, SideEffect
from anastro_cli.store.codec import load_blob
from anastro_cli.store.schema import (
    CHUNK,
    ENTRIES,
    StoreError,
    guarded,
    phrase_crc,
    term_crc,
)


class IndexReads:
    """What search reads from a Store (the Index protocol); mixed into Store."""

    path: Path | None

    def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        raise NotImplementedError

    def _meta(self, name: str) -> Any:
        raise NotImplementedError

    def _number(self, name: str) -> int:
        raise NotImplementedError

    def effects_at(self, positions: Sequence[int]) -> list[SideEffect]:
        raise NotImplementedError

    @property
    def size(self) -> int:
        raise NotImplementedError

    @property
    def _dataset(self) -> Dataset:
        raise NotImplementedError

    @cached_property
    def _stems_read(self) -> dict[str, tuple[float | None, bool] | None]:
        """Each stem already looked up (None: not in the index): a query's long words are
        looked up twice, once to read run-together words apart and once to weigh them."""
        return {}

    @guarded
    def stem_info(self, stems: list[str]) -> dict[str, tuple[float | None, bool]]:
        read = self._stems_read
        wanted = [stem for stem in dict.fromkeys(stems) if stem not in read]
        if wanted:
            marks = ",".join("?" * len(wanted))
            sql = f"SELECT stem, idf, named, entries, codes, crc FROM term WHERE stem IN ({marks})"
            found: dict[str, tuple[float | None, bool] | None] = dict.fromkeys(wanted)
            for stem, idf, named, packed, codes, crc in self._rows(sql, wanted):
                if stem not in found or (idf is not None and not isinstance(idf, float)):
                    raise StoreError("damaged term", self.path)
                if not isinstance(packed, bytes) or not isinstance(codes, bytes):
                    raise StoreError("damaged term", self.path)
                if term_crc(stem, idf, bool(named), packed, codes) != crc:
                    raise StoreError("a term fails its checksum", self.path)
                found[stem] = (idf, bool(named))
            read.update(found)
        return {stem: info for stem in stems if (info := read[stem]) is not None}

    @guarded
    def postings(self, word_stem: str) -> Iterable[tuple[int, int]]:
        """(entry, field code) of every entry holding word_stem; checked, since search
        indexes lists with both."""
        rows = self._rows(
            "SELECT stem, idf, named, entries, codes, crc FROM term WHERE stem = ?", (word_stem,)
        )
        if not rows:
            return ()
        found, idf, named, packed, codes, crc = rows[0]
        if found != word_stem or not isinstance(packed, bytes) or not isinstance(codes, bytes):
            raise StoreError("damaged postings", self.path)
        if term_crc(found, idf, bool(named), packed, codes) != crc:
            raise StoreError("a term fails its checksum", self.path)
        entries = array(ENTRIES)
        entries.frombytes(packed)
        if (
            not isinstance(codes, bytes)
            or len(codes) != len(entries)
            or (codes and max(codes) >= len(FIELD_CODES))
            or (entries and (min(entries) < 0 or max(entries) >= self.entry_count))
        ):
            raise StoreError("damaged postings", self.path)
        return zip(entries, codes, strict=True)

    @cached_property
    def _vocabulary(self) -> dict[str, list[str]]:
        vocabulary = load_blob(self._meta("vocabulary"))
        if not isinstance(vocabulary, dict) or not all(
            isinstance(word, str)
            and isinstance(stems, list)
            and all(isinstance(stem, str) for stem in stems)
            for word, stems in vocabulary.items()
        ):
            raise StoreError("damaged vocabulary", self.path)
        return vocabulary

    @guarded
    def vocabulary(self) -> dict[str, list[str]]:
        return self._vocabulary

    @guarded
    def phrases(self, candidates: list[str]) -> list[tuple[str, int, int, str, int]]:
        found: list[tuple[str, int, int, str, int]] = []
        for start in range(0, len(candidates), CHUNK):
            part = candidates[start : start + CHUNK]
            marks = ",".join("?" * len(part))
            sql = (
                "SELECT phrase, entry, position, kind, text, inside, crc FROM phrase "
                f"WHERE phrase IN ({marks}) ORDER BY entry, position"
            )
            asked = set(part)
            for phrase, entry, order, kind, text, scope, crc in self._rows(sql, part):
                if (
                    phrase not in asked
                    or not isinstance(entry, int)
                    or not 0 <= entry < self.entry_count
                    or kind not in FIELD_CODES[:3]
                    or scope not in (0, 1, 2)
                    or not isinstance(order, int)
                ):
                    raise StoreError("damaged phrase", self.path)
                if phrase_crc(phrase, entry, order, kind, text, scope) != crc:
                    raise StoreError("a phrase fails its checksum", self.path)
                found.append((phrase, entry, order, kind, scope))
        return found

    @guarded
    def longest_phrase(self) -> int:
        return min(self._number("longest"), 64)

    @cached_property
    def _entries(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]:
        stored = load_blob(self._meta("entries"))
        if not (isinstance(stored, tuple) and len(stored) == 3):
            raise StoreError("damaged entries", self.path)
        frequencies, names, populations = stored
        if not all(isinstance(part, list) for part in stored) or not (
            len(frequencies) == len(names) == len(populations) >= self.size
        ):
            raise StoreError("damaged entries", self.path)
        # Type checks at C speed (100,000 entries are checked on every run): each list's set
        # of types, and each distinct population group once (a list in it is unhashable).
        try:
            groups = set(populations)
        except TypeError:
            raise StoreError("damaged entries", self.path) from None
        if (
            not set(map(type, frequencies)) <= {float, int}
            or not set(map(type, names)) <= {str}
            or not all(
                group is None or (type(group) is tuple and set(map(type, group)) <= {str})
                for group in groups
            )
        ):
            raise StoreError("damaged entries", self.path)
        return frequencies, names, populations

    @property
    def entry_count(self) -> int:
        return len(self._entries[0])

    @guarded
    def entry_meta(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]:
        return self._entries

    @guarded
    def doc(self, entry: int) -> Doc:
        """The search entry numbered entry (effects, then markers, then topics), ready to
        explain."""
        frequencies = self._entries[0]
        if entry < self.size:
            (effect,) = self.effects_at([entry])
            return effect_doc(effect, frequencies[entry])
        markers = self._markers
        if entry < self.size + len(markers):
            marker: Marker = markers[entry - self.size]
            return marker_doc(marker)
        return topic_doc(self._dataset.topics[entry - self.size - len(markers)])

    @guarded
    def topic_id(self, entry: int) -> str:
        """The id of the topic numbered entry, without building its Doc."""
        return self._dataset.topics[entry - self.size - len(self._markers)].id

    @cached_property
    def _markers(self) -> tuple[Marker, ...]:
        return self._dataset.markers

    @guarded
    def suggestion_texts(self) -> list[tuple[str, str]]:
        texts = load_blob(self._meta("suggestions"))
        if not isinstance(texts, list) or not all(
            isinstance(t, tuple) and len(t) == 2 and all(isinstance(x, str) for x in t)
            for t in texts
        ):
            raise StoreError("damaged suggestions", self.path)
        return texts
