"""The conversation itself, as plain Python: given the state and a message, what to say next."""

from bot.dialogue.messages import Button, Reply, Turn, UserMessage
from bot.dialogue.state import DialogueState

__all__ = ["Button", "DialogueState", "Guide", "Reply", "Turn", "UserMessage"]


def __getattr__(name):
    # The guide is imported on first use, so bot.practice can use messages and state
    # without importing the guide (which uses bot.practice) half-way.
    if name == "Guide":
        from bot.dialogue.guide import Guide

        return Guide
    raise AttributeError(name)
