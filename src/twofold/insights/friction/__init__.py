"""Friction-point suggestions for retro cards, computed in-process from examples we ship.

Nothing leaves the server: card text can be confidential, and a suggestion has to arrive while
the card is still being typed, so a small linear model beats any remote service here.
"""

from twofold.insights.friction.dataset import Example, load_examples, split_held_out
from twofold.insights.friction.suggester import Suggester, Suggestion, default_suggester

__all__ = [
    "Example",
    "Suggester",
    "Suggestion",
    "default_suggester",
    "load_examples",
    "split_held_out",
]
