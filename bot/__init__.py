"""Wat telt gespreksgids: plain-Python core (content, understanding, dialogue, storage, CLI).

Importable without Rasa; `actions/` and the Rasa server call into it.
"""
