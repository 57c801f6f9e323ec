"""The second opinion on the intent (bot/understanding/second_opinion.py) and its Rasa component."""

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_nlu import IntentEnsemble
from bot.understanding.second_opinion import combine_rankings, probabilities, text_classifier

EXAMPLES = {
    "greet": ["hoi", "hallo", "goedemorgen", "hey daar", "hallo allemaal"],
    "goodbye": ["doei", "tot ziens", "dag hoor", "de groeten", "tot later"],
    "affirm": ["ja", "jazeker", "dat klopt", "ja hoor", "zeker weten"],
}


def test_the_average_weighs_diet_and_lists_unranked_intents_as_zero_for_diet():
    ranking = combine_rankings(
        [{"name": "affirm", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}],
        {"affirm": 0.2, "greet": 0.3, "goodbye": 0.5},
        diet_weight=0.3,
    )
    assert [(r["name"], r["confidence"]) for r in ranking] == [("affirm", 0.41), ("goodbye", 0.35), ("greet", 0.24)]


def test_the_two_opinions_can_overrule_each_other():
    diet = [{"name": "affirm", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}]
    assert combine_rankings(diet, {"affirm": 0.1, "greet": 0.9}, diet_weight=0.3)[0]["name"] == "greet"
    assert combine_rankings(diet, {"affirm": 0.4, "greet": 0.6}, diet_weight=0.3)[0]["name"] == "affirm"


def test_the_text_classifier_learns_words_and_word_parts():
    texts = [t for examples in EXAMPLES.values() for t in examples]
    labels = [intent for intent, examples in EXAMPLES.items() for _ in examples]
    classifier = text_classifier().fit(texts, labels)
    best = [max(p, key=p.get) for p in probabilities(classifier, ["hallootjes", "tot ziens hoor"])]
    assert best == ["greet", "goodbye"]


def test_the_rasa_component_trains_persists_loads_and_replaces_the_intent(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_ensemble")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**IntentEnsemble.get_default_config(), "diet_weight": 0.3}
    training = TrainingData([Message(data={"text": t, "intent": i}) for i, examples in EXAMPLES.items() for t in examples])
    IntentEnsemble.create(config, storage, resource, context).train(training)

    loaded = IntentEnsemble.load(config, storage, resource, context)
    message = Message(data={"text": "tot ziens"})
    message.set("intent", {"name": "affirm", "confidence": 0.5})
    message.set("intent_ranking", [{"name": "affirm", "confidence": 0.5}, {"name": "goodbye", "confidence": 0.4}])
    loaded.process([message])
    assert message.get("intent")["name"] == "goodbye"
    assert [r["name"] for r in message.get("intent_ranking")][0] == "goodbye"
    assert abs(sum(r["confidence"] for r in message.get("intent_ranking")) - (0.3 * 0.9 + 0.7)) < 1e-4
