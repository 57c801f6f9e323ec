"""The conversation itself, as plain Python: given the state and a message, what to say next."""
from bot.dialogue.guide import Guide
from bot.dialogue.messages import Button, Reply, Turn, UserMessage
from bot.dialogue.state import DialogueState

__all__ = ["Button", "DialogueState", "Guide", "Reply", "Turn", "UserMessage"]
