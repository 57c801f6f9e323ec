"""Custom Rasa NLU components, named in config.yml by module path."""

from bot.rasa_nlu.intent_ensemble import IntentEnsemble, TfidfIntentClassifier

__all__ = ["IntentEnsemble", "TfidfIntentClassifier"]
