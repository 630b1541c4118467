"""The fast, unmarked reading of a data file: plain dicts, lists and scalars built straight from
libyaml's events, the values yamlsafe.parse() gives without their marks; any document it does
not take (NotPlain) is read by parse(), which reports problems with their lines."""

from __future__ import annotations

from typing import Any

from anastro_cli.dataset.yamlsafe import MAX_DEPTH, yaml_12_scalars


class NotPlain(Exception):
    """A document the fast reading leaves to parse(): anchors, tags, odd keys, bounds."""


_TAGS = "tag:yaml.org,2002:"


def parse_plain(text: str) -> Any:
    """Parse one YAML document into plain dicts, lists and scalars, with no marks: the values
    parse() gives, from one streaming pass over libyaml's events (no node graph is built).

    Only the common shape is read here: string keys, no anchors, aliases or tags, within the
    depth bound, one document. Anything else (and any YAML error) raises NotPlain, and the
    caller reads the file with parse(), which reports it with its line."""
    import yaml
    from yaml import events

    loader = _plain_loader(yaml)(text)
    resolvers = loader.yaml_implicit_resolvers
    if None in resolvers:
        raise NotPlain("wildcard resolvers")
    scalar_event, mapping_start = events.ScalarEvent, events.MappingStartEvent
    sequence_start = events.SequenceStartEvent
    ends = (events.MappingEndEvent, events.SequenceEndEvent)
    get = loader.get_event
    # How each short scalar a resolver could read was read (the first 65,536): text (_TEXT:
    # each event keeps its own string), true, false, null, or a number's type (int or float).
    seen: dict[str, Any] = {}
    stack: list[tuple[Any, Any]] = []
    container: Any = None  # the dict or list being filled
    key: Any = None  # in a dict: its value's key, or _NO_KEY while a key is awaited
    root: Any = None
    documents = 0
    try:
        while True:
            event = get()
            kind = event.__class__
            if kind is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    raise NotPlain("anchor or tag")
                value: Any = event.value
                if event.implicit[0] and value[:1] in resolvers:
                    known = seen.get(value, _NO_KEY)
                    if known is _NO_KEY:
                        known = _resolve(resolvers, value)
                        if len(seen) < 65536 and len(value) <= 40:
                            seen[value] = known.__class__ if known.__class__ in _NUMBERS else known
                    if known is int or known is float:  # read anew: never one shared object
                        value = known(value)
                    elif known is not _TEXT:
                        value = known
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None or key is _NO_KEY:
                    raise NotPlain("anchor, tag or complex key")
                if len(stack) >= MAX_DEPTH:
                    raise NotPlain("too deep")
                new: Any = {} if kind is mapping_start else []
                stack.append((container, key))
                container, key = new, _NO_KEY if kind is mapping_start else None
                continue
            elif kind in ends:
                value = container
                container, key = stack.pop()
            elif kind is events.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise NotPlain("more than one document")
                continue
            elif kind is events.StreamEndEvent:
                return root
            elif kind is events.AliasEvent:
                raise NotPlain("alias")
            else:
                continue  # stream start, document end
            if container is None:
                root = value
            elif key is None:
                container.append(value)
            elif key is _NO_KEY:
                if value.__class__ is not str or value in container:
                    raise NotPlain("a key that is not text, or a repeated one")
                key = value
            else:
                container[key] = value
                key = _NO_KEY
    except yaml.YAMLError:
        raise NotPlain("YAML error") from None


_NO_KEY: Any = object()


_TEXT: Any = object()
_NUMBERS = (int, float)  # seen keeps a number's type: each is read anew, never shared


def plain_resolvers() -> dict[str, Any]:
    """The implicit resolvers parse_plain reads plain scalars with (YAML 1.2 rules), by first
    character: for another reader that must read every scalar exactly as parse_plain does."""
    import yaml

    resolvers: dict[str, Any] = _plain_loader(yaml).yaml_implicit_resolvers
    return resolvers


def resolve_plain(resolvers: dict[str, Any], value: str) -> Any:
    """A plain scalar's value as parse_plain reads it: value itself when it stays text, else
    the number, true, false or null (a new object each time); NotPlain for the tags it leaves
    to parse() (merge keys and the like)."""
    known = _resolve(resolvers, value) if value[:1] in resolvers else _TEXT
    return value if known is _TEXT else known


def _resolve(resolvers: dict[str, Any], value: str) -> Any:
    """A plain scalar as the YAML 1.2 rules read it; _TEXT when it stays text."""
    for tag, regexp in resolvers.get(value[:1], ()):
        if regexp.match(value):
            resolved = _plain_scalar(tag, value)
            return _TEXT if resolved is value else resolved
    return _TEXT


def _plain_scalar(tag: str, value: str) -> Any:
    """A plain scalar as parse() constructs it, for the tags the YAML 1.2 rules resolve (by
    then value matches the tag's pattern: decimal numbers, true or false, null)."""
    if tag == _TAGS + "int":
        return int(value)
    if tag == _TAGS + "float":
        return float(value)
    if tag == _TAGS + "bool":
        return value.lower() == "true"
    if tag == _TAGS + "null":
        return None
    if tag == _TAGS + "timestamp":
        return value  # dates and times stay text, as in parse()
    raise NotPlain(f"tag {tag}")  # merge keys (<<) and the like: parse() decides


def _plain_loader(yaml: Any) -> Any:
    """The C loader (pure Python without libyaml) with parse()'s YAML 1.2 scalar rules."""
    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class PlainLoader(base):  # type: ignore[misc]
        pass

    yaml_12_scalars(PlainLoader)
    return PlainLoader
