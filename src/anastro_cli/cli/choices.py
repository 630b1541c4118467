"""The choices options accept, as enums without Typer, so a path that runs before Typer loads
(the plain search of __main__) shares them with the commands."""

from __future__ import annotations

import enum


class Color(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Population(str, enum.Enum):
    all_ = "all"
    women = "women"
    men = "men"
    premenopausal = "premenopausal"


class SourceKind(str, enum.Enum):
    label = "label"
    trial = "trial"
    review = "review"
    secondary = "secondary"
    seed = "seed"
    unconfirmed = "unconfirmed"


class DataMode(str, enum.Enum):
    merge = "merge"
    replace_ = "replace"
