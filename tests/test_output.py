"""Every view has a handler in every format (pip-audit's exhaustive format test), and the
CLI's choices are the model's vocabularies."""

from __future__ import annotations

import importlib

import pytest

from anastro_cli.cli.choices import Population, SourceKind
from anastro_cli.cli.terminal import writer_for
from anastro_cli.model.vocab import POPULATIONS, SOURCE_KINDS
from anastro_cli.output.formats import WRITERS, Format
from anastro_cli.output.rows import ROWS
from anastro_cli.output.shapes import SHAPES
from anastro_cli.output.views import VIEWS
from anastro_cli.table.lines import PlainTableWriter
from anastro_cli.table.writer import RENDERERS, TableWriter, renderer


def test_every_machine_format_has_a_writer() -> None:
    assert set(WRITERS) == set(Format) - {Format.table}
    for fmt in Format:
        writer = writer_for(fmt, color=False, width=80, ascii_only=False)
        assert callable(writer.write)
    assert isinstance(writer_for(Format.table, color=True, width=80, ascii_only=False), TableWriter)
    # Without colour, a search list is plain lines and every other view goes to Rich.
    assert isinstance(
        writer_for(Format.table, color=False, width=80, ascii_only=False), PlainTableWriter
    )


def test_every_view_has_a_shape_and_rows() -> None:
    assert set(SHAPES) == set(VIEWS)
    assert set(ROWS) == set(VIEWS)


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.__name__)
def test_every_view_has_a_table_renderer(view: type) -> None:
    assert view.__name__ in RENDERERS
    assert callable(renderer(view))


def test_renderers_name_only_views() -> None:
    assert set(RENDERERS) == {view.__name__ for view in VIEWS}
    for module, _ in RENDERERS.values():
        importlib.import_module(f"anastro_cli.table.{module}")


def test_cli_choices_are_the_model_vocabularies() -> None:
    assert [p.value for p in Population] == list(POPULATIONS)
    assert [k.value for k in SourceKind] == list(SOURCE_KINDS)
