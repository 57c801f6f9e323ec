"""Deterministic understanding that complements Rasa's NLU: numbers, safety signals."""
