"""YAML: the same shape as JSON, with control characters removed from every string."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from anastro_cli.output.shapes import plain
from anastro_cli.text.sanitize import clean

if TYPE_CHECKING:
    from anastro_cli.output.views import View


class YamlWriter:
    def write(self, view: View, out: TextIO) -> None:
        import yaml

        out.write(
            yaml.safe_dump(_scrub(plain(view)), sort_keys=False, allow_unicode=False, width=100)
        )


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    return value
