"""The conversations, as plain Python: the board (every perspective) and practice. They share the
reading of messages (bot/understanding) and the shapes of replies (bot/flows/replies.py), never
each other."""
