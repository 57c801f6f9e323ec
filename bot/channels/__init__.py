"""Channels that bring residents' messages to the Rasa server (web chat, Telegram)."""
