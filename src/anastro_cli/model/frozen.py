"""Frozen records without dataclass machinery: `@record` gives a class the constructor,
equality, hash, repr and immutability of `@dataclass(frozen=True)`, at a fraction of the
start-up cost.

A frozen dataclass compiles five methods from generated source for every class (about 0.6 ms
each class, some 30 ms over the start-up path); `record` only reads the class's annotations and
defaults and installs shared methods. The type checker sees a frozen dataclass
(`typing.dataclass_transform`), so constructors and assignments are checked as before.
Fields are the class's own annotations in order (at least one; a ClassVar is not a field); a
default must be immutable (none is a list or dict), and records do not inherit from one
another.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

T = TypeVar("T")

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:  # typing has it from Python 3.11 only; at run time it only marks the decorator

    def dataclass_transform(**_: object) -> Callable[[T], T]:
        return lambda decorator: decorator


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen record."""


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    kind = type(self)
    names: tuple[str, ...] = kind.__record_fields__
    if not kwargs:
        if len(args) == len(names):
            self.__dict__.update(zip(names, args, strict=True))
            return
    elif not args:  # by keyword only, as the validators build records: checked at C speed
        values = {**kind.__record_defaults__, **kwargs}
        if len(values) == len(names) and values.keys() == kind.__record_names__:
            self.__dict__.update({name: values[name] for name in names})  # in field order
            return
    given = dict(zip(names, args, strict=False))
    if len(given) < len(args) or not given.keys().isdisjoint(kwargs) or kwargs.keys() - names:
        _bad_arguments(kind, names, args, kwargs)
    values = {**kind.__record_defaults__, **given, **kwargs}
    if len(values) < len(names):
        _bad_arguments(kind, names, args, kwargs)
    self.__dict__.update({name: values[name] for name in names})  # in field order


def _bad_arguments(kind: type, names: tuple[str, ...], args: Any, kwargs: Any) -> NoReturn:
    """The TypeError a dataclass's constructor would raise for these arguments."""
    label = kind.__name__
    if len(args) > len(names):
        raise TypeError(f"{label}() takes {len(names)} arguments, {len(args)} given")
    for name in kwargs:
        if name not in names:
            raise TypeError(f"{label}() got an unexpected keyword argument {name!r}")
        if name in names[: len(args)]:
            raise TypeError(f"{label}() got multiple values for argument {name!r}")
    record_class: Any = kind
    defaults = record_class.__record_defaults__
    missing = [n for n in names[len(args) :] if n not in kwargs and n not in defaults]
    raise TypeError(f"{label}() missing required argument: {missing[0]!r}")


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return self.__record_key__(self) == self.__record_key__(other)


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _repr(self: Any) -> str:
    parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_fields__)
    return f"{type(self).__qualname__}({parts})"


def _setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _one_key(name: str) -> Any:
    """A one-field record's key, a 1-tuple (a plain function on the class would bind)."""
    get = attrgetter(name)
    return staticmethod(lambda value: (get(value),))


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """Make cls a frozen record (see the module's docstring)."""
    annotations: dict[str, Any] = vars(cls).get("__annotations__", {})
    names = tuple(n for n, kind in annotations.items() if not str(kind).startswith("ClassVar"))
    attributes: dict[str, Any] = {
        "__record_fields__": names,
        "__record_defaults__": {name: cls.__dict__[name] for name in names if name in cls.__dict__},
        "__record_names__": frozenset(names),
        # What equality and the hash compare: the fields' values, always as a tuple (as a
        # dataclass compares them: a one-field record of nan equals itself).
        "__record_key__": attrgetter(*names) if len(names) > 1 else _one_key(names[0]),
        "__match_args__": names,
        "__init__": _init,
        "__eq__": _eq,
        "__hash__": _hash,
        "__repr__": _repr,
        "__setattr__": _setattr,
        "__delattr__": _delattr,
    }
    for name, value in attributes.items():
        if name not in cls.__dict__:  # as a dataclass: a method the class defines stays
            setattr(cls, name, value)
    return cls


def is_record(value: object) -> bool:
    """Whether value is an instance of a record class."""
    return hasattr(type(value), "__record_fields__")


def fields_of(kind: type) -> tuple[str, ...]:
    """The field names of a record class, in order."""
    record_class: Any = kind  # a record class, or a subclass of one (store.lazy)
    names: tuple[str, ...] = record_class.__record_fields__
    return names


def replace(value: T, **changes: Any) -> T:
    """A copy of a record with some fields changed (as dataclasses.replace)."""
    kind = type(value)
    current = {name: getattr(value, name) for name in fields_of(kind)}
    return kind(**{**current, **changes})
