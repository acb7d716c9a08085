"""Friction-point suggestions for retro cards, computed in-process from examples we ship.

Nothing leaves the server: card text can be confidential, and a suggestion has to arrive while
the card is still being typed, so a small linear model beats any remote service here.

The model and its numeric libraries cost about 100 MB, so they load on first use of the
suggester, not when this package is imported: a server that never suggests never loads them.
"""

from typing import TYPE_CHECKING, Any

from twofold.insights.friction.dataset import Example, load_examples, split_held_out
from twofold.insights.friction.refits import TeamModels

if TYPE_CHECKING:
    from twofold.insights.friction.suggester import Suggester, Suggestion, default_suggester

_LAZY = frozenset({"Suggester", "Suggestion", "default_suggester"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from twofold.insights.friction import suggester

        return getattr(suggester, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Example",
    "Suggester",
    "Suggestion",
    "TeamModels",
    "default_suggester",
    "load_examples",
    "split_held_out",
]
