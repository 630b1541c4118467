"""The fast, unmarked reading (parse_plain) gives what the located one (parse) gives, or steps
aside; a dataset with problems is still reported with its lines, through the fast path too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from anastro_cli.bundled import bundled_data_dir
from anastro_cli.dataset import load as load_module
from anastro_cli.dataset import yamlsafe
from anastro_cli.dataset.files import data_files, read_documents
from anastro_cli.dataset.load import build, read_and_build
from anastro_cli.dataset.plainyaml import NotPlain, parse_plain
from anastro_cli.dataset.problems import DataError
from anastro_cli.dataset.yamlsafe import parse
from helpers import EFFECT


def strict(value: Any) -> Any:
    """value with every type spelled out, so 1, 1.0 and True never compare equal."""
    if isinstance(value, dict):
        return ("dict", [(strict(k), strict(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [strict(item) for item in value])
    return (type(value).__name__, value)


@pytest.fixture(params=["C", "pure Python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both readings, with libyaml and (as without it) with PyYAML's pure-Python loader."""
    if request.param == "pure Python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    return str(request.param)


@pytest.mark.parametrize("path", data_files(bundled_data_dir()), ids=lambda p: p.stem)
def test_the_bundled_files_read_the_same_either_way(path: Path, loader: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert strict(parse_plain(text)) == strict(parse(text, str(path)))


SCALARS = [
    "012", "1:30", "0b11", "0x1F", "0o17", "1_000", ".inf", "-.inf", ".nan", "yes", "no", "on",
    "off", "y", "~", "null", "Null", "NULL", "", "true", "True", "TRUE", "false", "tRue", "0",
    "-0", "+0", "-0.0", "7", "+12", "-3", "1.5", "1.", ".5", "1e5", "1E-3", "2.5e+2", "2026-01-01",
    "2026-01-01T10:00:00Z", "1.10", "12%", "<5", "'012'", '"true"', "= x", "a: b",
]  # fmt: skip


def _same_or_aside(text: str) -> str:
    """Both readings of text agree, or the fast one steps aside; says which."""
    try:
        expected = strict(parse(text, "x.yaml"))
    except yamlsafe.YamlFileError:
        with pytest.raises(NotPlain):
            parse_plain(text)
        return "a problem"
    try:
        got = parse_plain(text)
    except NotPlain:
        return "aside"  # parse() reads it (anchors, tags, merge keys): allowed
    assert strict(got) == expected
    return "same"


@pytest.mark.parametrize("written", SCALARS)
def test_each_scalar_reads_as_the_located_reading_reads_it(written: str, loader: str) -> None:
    outcome = _same_or_aside(f"value: {written}\nlist: [{written}]\n")
    if written not in ("= x", "a: b"):
        assert outcome == "same"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789+-.eE_:xobXtrufalsnyNTFL~ '\"!&*<=%", max_size=8))
def test_any_short_scalar_reads_the_same_or_steps_aside(written: str) -> None:
    _same_or_aside(f"value: {written}\n")


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 1\n",  # tags
        "a: 1\na: 2\n",  # a repeated key
        "1: one\n",  # a key that is not text
        "? [a, b]\n: c\n",  # a complex key
        "<<: {a: 1}\n",  # a merge key
        "a: 1\n---\nb: 2\n",  # two documents
        "a: [1, 2\n",  # a syntax error
        "a: " + "[" * (yamlsafe.MAX_DEPTH + 1) + "]" * (yamlsafe.MAX_DEPTH + 1) + "\n",
    ],
)
def test_what_the_fast_reading_leaves_to_the_located_one(text: str) -> None:
    with pytest.raises(NotPlain):
        parse_plain(text)


def test_a_good_dataset_is_never_read_with_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = data_files(bundled_data_dir())
    expected = build(read_documents(paths))

    def located(text: str, file: str) -> Any:
        raise AssertionError(f"{file} was read with marks")

    monkeypatch.setattr(yamlsafe, "parse", located)
    assert read_and_build(paths) == expected


@pytest.mark.parametrize("written", ["012", "1:30", "0b11"])
def test_a_bad_percentage_is_reported_with_its_line_through_the_fast_path(
    tmp_path: Path, written: str, loader: str
) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(EFFECT.format(name="Mine", low=written), encoding="utf-8")
    paths = [*data_files(bundled_data_dir()), data]
    with pytest.raises(DataError) as located:
        build(read_documents(paths))
    with pytest.raises(DataError) as fast:
        read_and_build(paths)
    assert fast.value.problems == located.value.problems
    assert any(p.line == 8 and "low" in p.field for p in fast.value.problems)


def test_the_fast_path_reads_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(EFFECT.format(name="Mine", low="012"), encoding="utf-8")
    paths = [*data_files(bundled_data_dir()), data]
    reads: list[Path] = []
    real = yamlsafe.read_bounded

    def counted(path: Path) -> bytes:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(yamlsafe, "read_bounded", counted)
    with pytest.raises(DataError):
        read_and_build(paths)  # a plain reading, then a located one: the same bytes
    assert sorted(reads) == sorted(paths)


def test_load_and_validate_agree_on_a_bad_file(tmp_path: Path) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(EFFECT.format(name="1.10", low="1:30"), encoding="utf-8")
    with pytest.raises(DataError) as loaded:
        load_module.load(data)
    assert [str(p) for p in loaded.value.problems] == [str(p) for p in load_module.check(data)]


def test_libyaml_and_pure_python_give_the_same_dataset_and_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = data_files(bundled_data_dir())
    bad = tmp_path / "mine.yaml"
    bad.write_text(EFFECT.format(name="1.10", low="0b11"), encoding="utf-8")

    def outcome() -> tuple[Any, list[Any]]:
        with pytest.raises(DataError) as problems:
            read_and_build([*paths, bad])
        return read_and_build(paths), problems.value.problems

    with_libyaml = outcome()
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert outcome() == with_libyaml


def test_a_repeated_number_is_a_new_object_each_time() -> None:
    """A number the fast reading has seen is read anew, as the located reading reads it: one
    object shared by every record would change what the store's marshal writes."""
    text = "a: [12.5, 12.5, 123456, 123456, true, true, text, text]\n"
    plain, located = parse_plain(text)["a"], parse(text, "f.yaml")["a"]
    assert strict(plain) == strict(located)
    assert plain[0] is not plain[1]
    assert plain[2] is not plain[3]
