"""The anonymiser lives in bot/replay/anonymise.py; this name stays for existing importers."""

from bot.replay.anonymise import Finding, anonymise, anonymise_conversation, find_personal_data

__all__ = ["Finding", "anonymise", "anonymise_conversation", "find_personal_data"]
