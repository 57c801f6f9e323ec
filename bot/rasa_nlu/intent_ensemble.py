"""Rasa glue for bot.understanding.second_opinion: trains the text classifier (TF-IDF on words and
characters + logistic regression) with the model.

- `bot.rasa_nlu.TfidfIntentClassifier`: the classifier alone, the intent classifier of config.yml
  (chosen by bench/nlu_compare.py: docs/benchmarks.md, "Understanding");
- `bot.rasa_nlu.IntentEnsemble`: after DIET, the weighted average of DIET's ranking and the
  classifier's (the pipeline before issue 15; nlu_compare's `old`), with `diet_weight`.
"""

import pickle
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.understanding.second_opinion import DEFAULT_DIET_WEIGHT, RANKING_LENGTH, combine_rankings, probabilities, text_classifier

MODEL_FILE = "text_classifier.pkl"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentEnsemble(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"diet_weight": DEFAULT_DIET_WEIGHT, "ranking_length": RANKING_LENGTH}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, classifier=None) -> None:
        self.config = config
        self.model_storage, self.resource = model_storage, resource
        self.classifier = classifier

    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "IntentEnsemble":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        self.classifier = text_classifier().fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples])
        with self.model_storage.write_to(self.resource) as directory:
            (directory / MODEL_FILE).write_bytes(pickle.dumps(self.classifier))
        return self.resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "IntentEnsemble":
        try:
            with model_storage.read_from(resource) as directory:
                classifier = pickle.loads((directory / MODEL_FILE).read_bytes())  # our own trained model file
        except (ValueError, FileNotFoundError):
            classifier = None  # not trained (no intent examples): DIET's answer stands
        return cls(config, model_storage, resource, classifier)

    def process(self, messages: List[Message]) -> List[Message]:
        readable = [m for m in messages if m.get(TEXT)]
        if self.classifier is None or not readable:
            return messages
        for message, second in zip(readable, probabilities(self.classifier, [m.get(TEXT) for m in readable])):
            ranking = combine_rankings(
                message.get(INTENT_RANKING_KEY) or [], second, self.config["diet_weight"], self.config["ranking_length"]
            )
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentEnsemble):
    """The TF-IDF + logistic regression intent classifier on its own (no DIET before it)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"diet_weight": 0.0, "ranking_length": RANKING_LENGTH}
