"""Practice mode: a wijkteam worker practises a levensbreed conversation with a simulated resident
(a persona from bot/content/personas.yml) and gets feedback at the end."""

from bot.flows.practice.flow import PracticeFlow

__all__ = ["PracticeFlow"]
