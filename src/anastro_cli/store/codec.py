"""Encoding records for the store and decoding them back, every field checked against the type
the model declares; record types come from the model's explicit registry (RECORD_TYPES)."""

from __future__ import annotations

import functools
import marshal
import zlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from anastro_cli.model import records
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import fields_of, is_record
from anastro_cli.model.records import RECORD_TYPES
from anastro_cli.store.schema import DAMAGE, StoreError

# Every record type a dataset is made of, by class name (stored, so names are unique).
TYPES: dict[str, type] = {kind.__name__: kind for kind in RECORD_TYPES}
# The names the type hints of records refer to, for typing.get_type_hints.
_NAMESPACE: dict[str, Any] = {**vars(records), **TYPES}
CORE_FIELDS = tuple(name for name in fields_of(Dataset) if name != "effects")


_ATOMS = frozenset({str, float, int, bool, type(None)})
# Each record type's field values at C speed (attrgetter of its names), found once.
_FIELD_VALUES: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def encode(value: Any) -> Any:
    """A model value as marshal-able data: a record becomes [type name, *fields]; tuples
    stay tuples (model sequences are tuples, so a list always marks a record), each a new
    one as marshal writes it (so the bytes do not depend on what else holds the tuple)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    values = _FIELD_VALUES.get(kind)
    if values is None:
        if not is_record(value):
            if isinstance(value, tuple):
                return tuple([item if type(item) in _ATOMS else encode(item) for item in value])
            return value
        names = fields_of(kind)
        get = attrgetter(*names)
        values = _FIELD_VALUES[kind] = get if len(names) > 1 else lambda v: (get(v),)
    encoded: list[Any] = [kind.__name__]
    for field in values(value):
        field_kind = type(field)
        if field_kind in _ATOMS:
            encoded.append(field)
        elif field_kind is tuple:  # most fields that are not text: a tuple of text
            encoded.append(tuple([i if type(i) in _ATOMS else encode(i) for i in field]))
        else:
            encoded.append(encode(field))
    return encoded


def _checker(hint: Any) -> Callable[[Any], bool]:
    """A test that a decoded value has the type a model field declares."""
    import types
    import typing

    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_checker(option) for option in typing.get_args(hint)]
        return lambda value: any(check(value) for check in options)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _checker(args[0])
            return lambda value: isinstance(value, tuple) and all(item(v) for v in value)
        items = [_checker(arg) for arg in args]
        return lambda value: (
            isinstance(value, tuple)
            and len(value) == len(items)
            and all(check(v) for check, v in zip(items, value, strict=True))
        )
    if hint is type(None):
        return lambda value: value is None
    if hint is float:
        return lambda value: type(value) in (float, int)
    if hint is int:
        return lambda value: type(value) is int
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: True  # no model field has another kind of type


@functools.cache
def _field_checks(kind: type) -> tuple[tuple[str, Callable[[Any], bool]], ...]:
    annotations = vars(kind)["__annotations__"]
    return tuple((name, _annotation_check(annotations[name])) for name in fields_of(kind))


@functools.cache
def _annotation_check(annotation: str) -> Callable[[Any], bool]:
    """The check of one annotation as the model writes it (a string: the model modules use
    postponed annotations), evaluated once however many fields share it (some 20 strings
    over 150 fields; typing.get_type_hints compiled each field's again)."""
    return _checker(eval(annotation, _NAMESPACE))


def core_check(name: str) -> Callable[[Any], bool]:
    """The check of one core part of a Dataset (its sources, trials ...) by its annotation."""
    annotations = vars(Dataset)["__annotations__"]
    return _annotation_check(annotations[name])


def decode(value: Any) -> Any:
    """The model value encode() made, each field checked against the type the model declares.
    A shared reference decodes once, so the work is bounded by the blob itself; anything
    wrong raises StoreError."""
    memo: dict[int, Any] = {}

    def walk(item: Any) -> Any:
        if type(item) in _ATOMS:  # most of a record: text and numbers, as they are
            return item
        key = id(item)
        if key in memo:
            return memo[key]
        if isinstance(item, list):
            kind = TYPES[item[0]]
            checks = _field_checks(kind)
            parts = [part if type(part) in _ATOMS else walk(part) for part in item[1:]]
            if len(parts) != len(checks) or not all(
                check(part) for (_, check), part in zip(checks, parts, strict=True)
            ):
                raise StoreError(f"a stored {kind.__name__} is damaged")
            result: Any = kind(*parts)
        elif isinstance(item, tuple):
            result = tuple([part if type(part) in _ATOMS else walk(part) for part in item])
        else:
            raise StoreError("a stored value is damaged")
        memo[key] = result
        return result

    try:
        return walk(value)
    except StoreError:
        raise
    except DAMAGE as exc:
        raise StoreError(f"damaged stored value: {type(exc).__name__}") from exc


def seal(data: bytes) -> bytes:
    """A blob that checks itself: its CRC-32 then the bytes (see load_blob)."""
    return zlib.crc32(data).to_bytes(4, "big") + data


def load_blob(blob: Any) -> Any:
    """A sealed blob's value; a changed byte anywhere in it is a StoreError, found before the
    decoder sees it (so damage can neither change a figure nor make marshal allocate)."""
    if not isinstance(blob, bytes) or len(blob) < 4:
        raise StoreError("a stored value is missing")
    if int.from_bytes(blob[:4], "big") != zlib.crc32(blob[4:]):
        raise StoreError("a stored value fails its checksum")
    try:
        return marshal.loads(blob[4:])
    except DAMAGE as exc:
        raise StoreError(f"damaged stored value: {type(exc).__name__}") from exc
