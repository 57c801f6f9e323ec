"""Practice mode: a wijkteam worker practises a levensbreed conversation with a simulated
resident (a persona from bot/content/personas.yml) and gets feedback at the end.

moves (what the worker does) -> roleplay (the persona's answer) -> feedback (at the end);
coach runs the steps; bot.storage.practice keeps sessions whose worker agreed.
"""
