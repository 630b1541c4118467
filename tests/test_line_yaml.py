"""The line reader (dataset/lineyaml.py) reads a document exactly as parse_plain does (same
values, same types, same key and item order) or declines it (NotLines), never anything else:
on documents hypothesis writes from tricky pieces, on the bundled data (file by file and entry
by entry), on a generated dataset, and on one example per decline rule."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anastro_cli.bundled import bundled_data_dir
from anastro_cli.dataset import lineyaml, plainyaml
from anastro_cli.dataset.files import data_files, read_documents
from anastro_cli.dataset.lineyaml import NotLines, parse_lines
from anastro_cli.dataset.plainyaml import NotPlain, parse_plain
from anastro_cli.dataset.yamlsafe import MAX_DEPTH

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate_dataset import write


def strict(value: Any) -> Any:
    """value with every type and every key order spelled out: 1, 1.0 and True differ, and so
    do two mappings with the same keys in another order."""
    if isinstance(value, dict):
        return ("dict", [(strict(k), strict(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [strict(item) for item in value])
    return (type(value).__name__, repr(value))


def outcome(text: str) -> str:
    """The line reader declines text, or reads what parse_plain reads; says which. Anything
    else it raises fails the test, and so does reading a document parse_plain does not take."""
    try:
        got = parse_lines(text)
    except NotLines:
        return "declined"
    try:
        expected = parse_plain(text)
    except NotPlain as exc:
        raise AssertionError(f"read a document parse_plain does not take: {text!r}") from exc
    assert strict(got) == strict(expected), text
    return "read"


# --- Documents from pieces ---------------------------------------------------------------

# Words a plain scalar may hold anywhere (none starts with an indicator).
WORDS = [
    "joint", "pain", "a", "x", "1", "2.5", "+7", "0", "1e5", "1E-3", ".5", "1.", "012", "0x1F",
    "0o17", "1_000", "12:30", "2026-01-01", "2026-01-01T10:00:00Z", "true", "False", "TRUE",
    "tRue", "null", "Null", "~", "yes", "No", "on", ".inf", ".nan", "a#b", "x:y", "a,b", "(c)",
    "it's", 'say"', "50%", "a-b", "<5", "x]", "é", "日本", "🙂", "\u00a0nb", "end.",
    "Stiffness", "Tingling", "NaN", "n/a", "x{y}", "a=b",
]  # fmt: skip
FIRST_WORDS = [*WORDS, "-3", "-0.0", "-x", "--", "-.5"]  # and these may start one
QUOTED = ["a", "b: c", "# x", "it", "1", "é", "[x]", " ", "'", "x  y", "-", "&*!|>%@`?"]
KEYS = [
    "a", "b", "id", "name", "lay_terms", "x y", "k-1", "é", "日本", "a'b", "K2", "2026-01-01",
    "key.x", "x_y", "~x", "Yes", "no", "on", "n/a", "a b c", "y=1",
]  # fmt: skip
FLOW_WORDS = ["a", "b c", "1", "2.5", "true", "null", "~", "it's", "é", "-3", "x y  z"]
# Pieces the reader must decline, or read exactly, wherever they land.
TRICKY_VALUES = [
    "a: b", "a:", "b :", "#c", "x #c", "x#c", "'q'", "'it''s'", "'a' #c", "'a'x", "'a'#c", "''",
    "'''", "'a", '"x y"', '"a\\"b"', '"a\\tb"', '""', '"a" b', "[a, b]", "[a, 'b, c']", "[]",
    "[ ]", "[a,]", "[a, [b]]", "[a #b]", "[a: b]", "[a] x", "[a, b] #c", "{a: 1}", "&x y", "*y",
    "!!str x", "!x", "|", ">-", "- x", "-", "?", ": x", "%x", "@x", "`x", "x\ty", "x  y", "=",
    "<<", "x ::y", "x :y", "'multi", '"multi', "\\x", "...", "---", "- - a",
]  # fmt: skip
TRICKY_KEYS = [
    "true", "1", "null", "~", "<<", "=", "a#b", "a #b", "a:b", "'q'", '"q"', "-x", "? x", "&a x",
    "*a", "!t x", "a,b", "[a]", "{a}", "...", "---", "%x", "@x", "k" * 600, "", " ", "a\tb",
    "12:30x", "a:", "a: b",
]  # fmt: skip
TRICKY_LINES = [
    "", "#", "# a: b", "  # c", "---", "...", "--- a: 1", "%YAML 1.2", "- x", "-", "? a", ": b",
    "\t", "a: 1", "a:", "  - y", "x", "    more text", "a: &r 1", "b: *r", "c: |", "  block",
    "[a, b]", "{a: 1}", "'q': 1", "a: 1 # c", "a: b: c", " a: 1",
]  # fmt: skip
FRAGMENTS = [" # c", ":", " :", "#x", "\t", " '", '"', "  ", ": x", " - y", "\\", " [", "]", ","]
ODD = ["\r", "\x85", "\u2028", "\ufeff", "\x00", "\x07", "\x7f", "\t", "\ud800", "\ufffe"]


class Writer:
    """Writes one document from pieces: clean pieces give a document the reader must take;
    tricky ones may also give anything YAML says or declines."""

    def __init__(self, draw: Callable[[Any], Any], tricky: bool) -> None:
        self.draw, self.tricky = draw, tricky
        self.lines: list[str] = []

    def pick(self, clean: list[str], odd: list[str]) -> str:
        if self.tricky and self.draw(st.integers(0, 15)) == 15:
            return str(self.draw(st.sampled_from(odd)))
        return str(self.draw(st.sampled_from(clean)))

    def words(self, first: list[str], pool: list[str] = WORDS) -> str:
        """One to three words, the first from first; tricky ones from TRICKY_VALUES."""
        spaces: str = self.draw(st.sampled_from([" ", " ", "  "]))
        words = [self.pick(first, TRICKY_VALUES)]
        words += [self.pick(pool, TRICKY_VALUES) for _ in range(self.draw(st.integers(0, 2)))]
        return spaces.join(words)

    def value(self) -> str:
        kind = self.draw(st.integers(0, 9))
        if kind == 8:
            quote = self.draw(st.sampled_from(["'", '"']))
            text = self.words(QUOTED, QUOTED)
            return quote + text.replace("'", "''") + quote if quote == "'" else f'"{text}"'
        if kind == 9:
            count = self.draw(st.integers(0, 3))
            items = [self.pick(FLOW_WORDS, TRICKY_VALUES) for _ in range(count)]
            items = [f"'{i}'" if self.draw(st.booleans()) and "'" not in i else i for i in items]
            return "[" + ", ".join(items) + "]"
        return self.words(FIRST_WORDS)

    def comment(self) -> str:
        if self.draw(st.integers(0, 4)) != 4:
            return ""
        return " # " + self.words(["note", "a: b", "'x", "#"])

    def gap(self) -> None:
        """Blank lines and comments between entries, at any indent."""
        while self.draw(st.integers(0, 4)) == 4:
            indent = " " * self.draw(st.integers(0, 6))
            self.lines.append(indent + self.draw(st.sampled_from(["", "# c", "#", "# a: b"])))

    def scalar(self, head: str, parent: int) -> None:
        """head and a value after it; perhaps a plain scalar going on over more lines."""
        if self.draw(st.integers(0, 3)) != 3:
            self.lines.append(f"{head} {self.value()}{self.comment()}")
            return
        self.lines.append(f"{head} {self.words(FIRST_WORDS)}")
        for _ in range(self.draw(st.integers(1, 3))):
            indent = parent + self.draw(st.integers(1, 4))
            self.lines.append(" " * indent + self.words(WORDS))

    def keys(self) -> list[str]:
        keys: list[str] = self.draw(
            st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True)
        )
        return keys

    def mapping(
        self, indent: int, depth: int, first: str = "", keys: list[str] | None = None
    ) -> None:
        keys = keys or self.keys()
        for index, written in enumerate(keys):
            head = first if index == 0 and first else " " * indent
            key = self.pick([written], TRICKY_KEYS)
            if index:
                self.gap()
            kind = self.draw(st.integers(0, 5 if depth < 4 else 1))
            if kind <= 1:
                self.scalar(f"{head}{key}:", indent)
            elif kind == 2:
                self.lines.append(f"{head}{key}:{self.comment()}")
            elif kind == 3:
                self.lines.append(f"{head}{key}:{self.comment()}")
                self.gap()
                self.mapping(indent + self.draw(st.integers(1, 4)), depth + 1)
            else:
                self.lines.append(f"{head}{key}:{self.comment()}")
                self.gap()
                self.sequence(indent + self.draw(st.integers(0, 3)), depth + 1)

    def sequence(self, indent: int, depth: int) -> None:
        """Entries; those that are mappings may all have the same keys (each key's value of
        any kind), as the entries of a dataset have: what the reader's caches see."""
        keys = self.keys() if self.draw(st.booleans()) else None
        spaces = self.draw(st.integers(1, 2))
        for index in range(self.draw(st.integers(1, 4))):
            if index:
                self.gap()
            dash = " " * indent + "-" + " " * spaces
            if depth < 4 and self.draw(st.integers(0, 2)) == 2:
                self.mapping(len(dash), depth + 1, first=dash, keys=keys)
            else:
                self.scalar(dash.rstrip(" "), indent)


def mutate(draw: Callable[[Any], Any], lines: list[str]) -> list[str]:
    """Lines changed in the ways YAML files go wrong (or only look odd)."""
    lines = list(lines)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        change = draw(st.integers(0, 8))
        if change == 0:
            lines.insert(at, draw(st.sampled_from(TRICKY_LINES)))
        elif at == len(lines):
            continue
        elif change == 1:
            lines[at] = draw(st.sampled_from([" ", "  ", "   "])) + lines[at]
        elif change == 2:
            lines[at] = lines[at][1:] if lines[at][:1] == " " else lines[at]
        elif change == 3:
            lines[at] += draw(st.sampled_from(FRAGMENTS))
        elif change == 4:
            lines.insert(at, lines[at])  # a repeated line: a repeated key, mostly
        elif change == 5 and draw(st.integers(0, 3)) == 3:
            spot = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:spot] + draw(st.sampled_from(ODD)) + lines[at][spot:]
        elif change == 6 and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif change == 7:  # a block again: entries alike, read through the reader's caches
            stop = draw(st.integers(at + 1, min(len(lines), at + 8)))
            lines[stop:stop] = lines[at:stop]
        else:
            lines[at] += "   "
    return lines


@st.composite
def documents(draw: Callable[[Any], Any], tricky: bool) -> str:
    writer = Writer(draw, tricky)
    writer.gap()
    writer.mapping(0, 0)
    writer.gap()
    lines = mutate(draw, writer.lines) if tricky else writer.lines
    if draw(st.integers(0, 5)) == 5:
        lines.insert(0, "---")
    if tricky and draw(st.integers(0, 5)) == 5:
        lines.append(draw(st.sampled_from(["...", "---", "--- b: 1", "---\nb: 1"])))
    ends = ["\n", "\r\n"] + (["\r", "\n\r"] if tricky and draw(st.integers(0, 7)) == 7 else [])
    end: str = draw(st.sampled_from(ends))
    last: str = draw(st.sampled_from([end, ""]))
    return end.join(lines) + last


SLOW = [HealthCheck.too_slow, HealthCheck.filter_too_much]


@settings(max_examples=600, deadline=None, suppress_health_check=SLOW)
@given(documents(tricky=True))
def test_a_tricky_document_reads_as_libyaml_reads_it_or_is_declined(text: str) -> None:
    """Read whole, and split into lines a few characters at a time (as a large file is)."""
    read = outcome(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lineyaml, "CHUNK", 5)
        assert outcome(text) == read


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW)
@given(documents(tricky=False))
def test_a_document_of_the_common_subset_is_read_as_libyaml_reads_it(text: str) -> None:
    """Clean pieces only: each is in the subset, so the document is read, not declined (the
    same pieces are what the tricky documents above are made of)."""
    assert outcome(text) == "read", text


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW)
@given(documents(tricky=True))
def test_the_pure_python_loader_reads_the_same_as_well(text: str) -> None:
    """Without libyaml, parse_plain reads through PyYAML's pure-Python loader."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delattr(yaml, "CSafeLoader", raising=False)
        outcome(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab :#-'\"[]{},&*!|>%@`?~.01\t\r\n\x85\u2028é", max_size=30))
def test_any_short_text_reads_the_same_or_is_declined(text: str) -> None:
    for document in (text, f"a: {text}\n", f"a:\n- {text}\n", f"a: x\n {text}\n"):
        outcome(document)


# --- Real data -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", data_files(bundled_data_dir()), ids=lambda p: p.stem)
def test_each_bundled_file_reads_the_same_or_is_declined(path: Path) -> None:
    outcome(path.read_text(encoding="utf-8"))


def _entries(text: str) -> Iterator[str]:
    """Each top-level entry of a bundled file, and each item of a top-level sequence, as a
    document of its own: a file declined for one line still has every other entry tried."""
    blocks: list[list[str]] = []
    for line in text.split("\n"):
        if line[:1] not in ("", " ", "#", "-"):
            blocks.append([])
        if blocks:
            blocks[-1].append(line)
    for block in blocks:
        yield "\n".join(block) + "\n"
        items: list[list[str]] = []
        for line in block[1:]:
            if line.lstrip(" ").startswith("- ") and len(line) - len(line.lstrip(" ")) <= 2:
                items.append([])
            if items:
                items[-1].append(line)
        for item in items:
            yield block[0] + "\n" + "\n".join(item) + "\n"


def test_every_bundled_entry_reads_the_same_or_is_declined() -> None:
    seen = {"read": 0, "declined": 0}
    for path in data_files(bundled_data_dir()):
        for document in _entries(path.read_text(encoding="utf-8")):
            seen[outcome(document)] += 1
    assert seen["read"] >= 100, seen  # the rest hold flow mappings and block scalars


@pytest.mark.parametrize("width", [60, 80, 10**6])
def test_the_bundled_data_written_out_in_block_style_reads_the_same(width: int) -> None:
    """PyYAML's block style (the shape generated datasets have): read the same; with long
    scalars folded at width, read the same or declined for a quoted scalar over lines."""
    for path in data_files(bundled_data_dir()):
        data = parse_plain(path.read_text(encoding="utf-8"))
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=width)
        read = outcome(text)
        assert read == "read" or (width < 10**6 and "'\n" in text), path.name


@pytest.mark.parametrize("chunk", [lineyaml.CHUNK, 1, 1000])
def test_a_generated_dataset_is_read_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Read whole, and split into lines a chunk of the text at a time (as a large file is)."""
    monkeypatch.setattr(lineyaml, "CHUNK", chunk)
    folder = write(300, tmp_path)
    text = (folder / "synthetic.yaml").read_text(encoding="utf-8")
    assert outcome(text) == "read"
    assert outcome(text.replace("\n", "\r\n")) == "read"
    assert outcome(text.replace("\n", "  \n").replace("\n- id:", "\n# c\n\n- id:")) == "read"


def test_read_documents_reads_line_by_line_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A generated dataset never reaches libyaml; a bundled file the reader declines does,
    and both give what parse_plain gives."""
    generated = data_files(write(50, tmp_path))
    bundled = data_files(bundled_data_dir())
    expected = [parse_plain(p.read_text(encoding="utf-8")) for p in [*generated, *bundled]]
    calls: list[str] = []
    real = plainyaml.parse_plain

    def counted(text: str) -> Any:
        calls.append(text[:20])
        return real(text)

    monkeypatch.setattr(plainyaml, "parse_plain", counted)
    got = [d.data for d in read_documents([*generated, *bundled], located=False)]
    assert [strict(g) for g in got] == [strict(e) for e in expected]
    declined = [p for p in bundled if outcome(p.read_text(encoding="utf-8")) == "declined"]
    assert len(calls) == len(declined)


# --- Each decline rule -----------------------------------------------------------------------

NOT_TAKEN = "(parse_plain does not take it either)"
# (document, what parse_plain reads there, or NOT_TAKEN).
DECLINED: list[tuple[str, Any]] = [
    ("a: b\t#c\n", {"a": "b"}),  # a tab: whitespace before a comment
    ("a:\n\tb: 1\n", NOT_TAKEN),  # a tab in the indent
    ("a: b\rc: d\n", {"a": "b", "c": "d"}),  # a lone carriage return is a line break
    ("a: b\x85c\n", NOT_TAKEN),  # NEL
    ("a: b\u2028c\n", NOT_TAKEN),  # a line separator
    ("a: b\ufeffc\n", {"a": "b\ufeffc"}),  # a byte order mark inside
    ("a: b\x07\n", NOT_TAKEN),  # a control character
    ("a: &x 1\nb: *x\n", NOT_TAKEN),  # an anchor and an alias (parse_plain leaves them too)
    ("a: !!str 1\n", NOT_TAKEN),  # a tag
    ("a: |\n  x\n", {"a": "x\n"}),  # a literal block scalar
    ("a: >-\n  x\n  y\n", {"a": "x y"}),  # a folded one
    ("a: {b: 1}\n", {"a": {"b": 1}}),  # a flow mapping
    ("a: [b, [c]]\n", {"a": ["b", ["c"]]}),  # a nested flow sequence
    ("a: [b,]\n", {"a": ["b"]}),  # a trailing comma
    ("a: [b, c\n  d]\n", {"a": ["b", "c d"]}),  # a flow sequence over lines
    ("a: [b #c]\n", NOT_TAKEN),  # '#' in a flow item
    ("a: [x:y]\n", {"a": ["x:y"]}),  # ':' in a flow item
    ("a: [b]]\n", NOT_TAKEN),  # text after the flow sequence
    ("a: [b]#c\n", {"a": ["b"]}),  # a comment right after ']'
    ("? a\n: b\n", {"a": "b"}),  # a complex key
    ("%YAML 1.1\n---\na: 1\n", {"a": 1}),  # a directive
    ("a: 1\n---\nb: 2\n", NOT_TAKEN),  # two documents
    ("a: 1\n...\n", {"a": 1}),  # a document end marker
    ("--- a: 1\n", NOT_TAKEN),  # content on the '---' line
    ("a: b: c\n", NOT_TAKEN),  # ': ' in a plain scalar
    ("a: b:\n", NOT_TAKEN),  # a plain scalar ending with ':'
    ("a: b\n\n  c\n", {"a": "b\nc"}),  # a blank line inside a plain scalar
    ("a: b\n  # x\n  c\n", NOT_TAKEN),  # a comment inside a plain scalar
    ("a: b # x\n  c\n", NOT_TAKEN),  # a plain scalar going on after a comment
    ("a: foo\n  - bar\n", {"a": "foo - bar"}),  # a continuation starting with an indicator
    ("a: x\n  y: 1\n", NOT_TAKEN),  # a continuation holding ': '
    ("a: 1\na: 2\n", NOT_TAKEN),  # a repeated key
    ("1: a\n", NOT_TAKEN),  # a key that is not text
    ("true: a\n", NOT_TAKEN),
    ("~: a\n", NOT_TAKEN),
    ("<<: a\n", NOT_TAKEN),  # a merge key
    ("a: =\n", NOT_TAKEN),  # the value tag
    ("'a': b\n", {"a": "b"}),  # a quoted key
    ("a#b: c\n", {"a#b": "c"}),  # '#' in a key
    ("a:b: c\n", {"a:b": "c"}),  # ':' in a key
    ("k" * 1100 + ": v\n", NOT_TAKEN),  # a key past libyaml's 1,024 characters
    ('a: "b\\tc"\n', {"a": "b\tc"}),  # an escape in double quotes
    ("a: 'b\n  c'\n", {"a": "b c"}),  # a quoted scalar over lines
    ("a: 'b'x\n", NOT_TAKEN),  # text after a quoted scalar
    ("a: 'b'#c\n", {"a": "b"}),  # a comment right after the quote
    ("a: -\n", NOT_TAKEN),  # a lone '-' as a value
    ("a: - b\n", NOT_TAKEN),  # an entry where a value belongs
    ("a:\n  -\n", {"a": [None]}),  # an empty entry
    ("a:\n- - b\n", {"a": [["b"]]}),  # a sequence in a sequence entry
    ("a:\n  b\n", {"a": "b"}),  # a scalar on the line after its key
    ("- a\n", ["a"]),  # a top level that is a sequence
    ("  a: 1\n", {"a": 1}),  # an indented top level
    ("# only a comment\n", None),  # no content: an empty document, null
    ("", None),
    ("a:\n  b: 1\n c: 2\n", NOT_TAKEN),  # an indent between two levels
    ("a:\n  - b\n  c: 1\n", NOT_TAKEN),  # a key where an entry belongs
    ("a: ?x\n", {"a": "?x"}),  # a value starting with '?'
    ("a: @x\n", NOT_TAKEN),  # a reserved indicator
]


@pytest.mark.parametrize(("text", "libyaml"), DECLINED, ids=[repr(t)[:40] for t, _ in DECLINED])
def test_each_decline_rule(text: str, libyaml: Any) -> None:
    """Each is declined; where parse_plain takes it, what it reads is said, so the value a
    reader without the rule would give (mostly the text as written) is seen to be wrong."""
    with pytest.raises(NotLines):
        parse_lines(text)
    try:
        read = parse_plain(text)
    except NotPlain:
        read = NOT_TAKEN
    assert strict(read) == strict(libyaml)


def test_the_depth_bound_is_parse_plains() -> None:
    def nested(levels: int) -> str:
        return "".join(" " * i + f"k{i}:\n" for i in range(levels - 1)) + " " * levels + "v: 1\n"

    assert outcome(nested(MAX_DEPTH)) == "read"
    with pytest.raises(NotLines):
        parse_lines(nested(MAX_DEPTH + 1))
    with pytest.raises(NotPlain):
        parse_plain(nested(MAX_DEPTH + 1))
    flow = nested(MAX_DEPTH - 1).replace("v: 1", "v: [1]")
    assert outcome(flow) == "read"
    with pytest.raises(NotLines):
        parse_lines(nested(MAX_DEPTH).replace("v: 1", "v: [1]"))


READ: list[tuple[str, Any]] = [
    ("a: b # c\n", {"a": "b"}),
    ("a: b#c\n", {"a": "b#c"}),
    ("a: 'b' # c\n", {"a": "b"}),
    ("a: 'it''s'\n", {"a": "it's"}),
    ("a: ''''\n", {"a": "'"}),
    ('a: "x: # y"\n', {"a": "x: # y"}),
    ("a: [b, 'c, d', \"e\"] # f\n", {"a": ["b", "c, d", "e"]}),
    ("a: []\n", {"a": []}),
    ("a: [1, 2.5, true, ~, x y]\n", {"a": [1, 2.5, True, None, "x y"]}),
    ("a: # c\n  b: 1\n", {"a": {"b": 1}}),
    ("a:\n", {"a": None}),
    ("a: b\n c\n  d\n", {"a": "b c d"}),
    ("a:\n- b\n c\n", {"a": ["b c"]}),
    ("x:\n- a: 1\n  b: 2\n", {"x": [{"a": 1, "b": 2}]}),
    ("a:\n- b\nc: 1\n", {"a": ["b"], "c": 1}),
    ("a:\n  - b:\n    - c\n", {"a": [{"b": ["c"]}]}),
    ("a : b\n", {"a": "b"}),
    ("a:   b   \n", {"a": "b"}),
    ("---\na: 1\n", {"a": 1}),
    ("a: 1\r\nb: x\r\n", {"a": 1, "b": "x"}),
    ("a: -1\nb: --x\nc: x ]\n", {"a": -1, "b": "--x", "c": "x ]"}),
    ("d: x, y\ne: 1 2\nf: -x\n", {"d": "x, y", "e": "1 2", "f": "-x"}),
    ("a: 2026-01-01\nb: 012\n", {"a": "2026-01-01", "b": "012"}),
    ("c: 1.10\nd: yes\ne: 1e5\n", {"c": 1.1, "d": "yes", "e": 100000.0}),
    ("b: 1\na: 2\n", {"b": 1, "a": 2}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value"), READ, ids=[repr(t)[:40] for t, _ in READ])
def test_what_the_line_reader_takes(text: str, value: Any) -> None:
    assert outcome(text) == "read"
    assert strict(parse_lines(text)) == strict(value)


def test_a_number_is_a_new_object_each_time() -> None:
    data = parse_lines("a: [12.5, 12.5]\nb: 123456\nc: 123456\n")
    assert data["a"][0] is not data["a"][1]
    assert data["b"] is not data["c"]


def test_a_plain_scalar_folded_past_the_bound_is_left_to_libyaml() -> None:
    """Found in review: each continuation line copied the value so far, so a long folded
    scalar took time growing with its square; past MAX_FOLDED the reader declines, and the
    file reads as libyaml reads it."""
    lines = 2 + lineyaml.MAX_FOLDED // 30  # 36 characters and a space a line
    text = "a: x\n" + "  word word word word word word word w\n" * lines
    with pytest.raises(NotLines):
        parse_lines(text)
    assert parse_plain(text)["a"].startswith("x word")
    short = "a: x\n" + "  word word word word word word word w\n" * 10
    assert parse_lines(short) == parse_plain(short)


@given(st.text(alphabet=" ab\n", max_size=60))
def test_trailing_spaces_go_from_the_first_of_a_run(text: str) -> None:
    """The pattern that drops spaces before a line end starts at a run's first space (found in
    review: " +\\n" restarted at every space of a long run); it removes the same spaces."""
    import re

    assert lineyaml._TRAILING_SPACES.sub("\n", text) == re.sub(" +\n", "\n", text)
