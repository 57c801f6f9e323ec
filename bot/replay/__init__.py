"""Replay conversations turn by turn for trainers: what was said, what the assistant understood
(intent, runner-up, entities), what changed, which action the policy chose, and the reply.

turns (events -> turns) <- sources (stories, test stories, stored conversations, practice
sessions) -> render (terminal) and bot/channels/replay.py (the projector page).
"""
