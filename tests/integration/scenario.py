"""Talk to the real servers over REST as a resident does: typed words, or a press on a button that
was offered in the last replies (its payload carries its choice: bot.understanding.message).

    resident = Resident(stack)
    resident.say("hoi")
    resident.press("yes")
    resident.play(("press", "rating:6"), ("say", "dat weet ik niet"))

REST senders are namespaced by the channel: `resident.sender` is what the client sends ("x"),
`resident.participant` the id the assistant stores ("rest:x"), which `stack.export` also takes.
"""

import json
import urllib.error
import urllib.request
import uuid
from typing import Iterable, List, Optional, Tuple

from bot.understanding.message import choice_of_payload, choice_payload

Step = Tuple[str, str]  # ("say", text) or ("press", choice)


def rest(stack, body: dict, timeout: float = 120) -> Tuple[int, object]:
    """POST a body to the REST channel: (status, parsed answer); never raises for an HTTP error."""
    request = urllib.request.Request(
        f"{stack.url}/webhooks/rest/webhook", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def choices_in(replies: Iterable[dict]) -> List[str]:
    return [choice_of_payload(button.get("payload", "")) or "" for reply in replies for button in reply.get("buttons") or ()]


def texts_in(replies: Iterable[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


class Resident:
    def __init__(self, stack, sender: Optional[str] = None):
        self.stack = stack
        self.sender = sender or f"r-{uuid.uuid4().hex[:10]}"
        self.replies: List[dict] = []
        self.status = 0

    @property
    def participant(self) -> str:
        return f"rest:{self.sender}"

    # --- talking ---------------------------------------------------------------------------------------
    def send(self, message: str, message_id: Optional[str] = None) -> List[dict]:
        body = {"sender": self.sender, "message": message}
        if message_id:
            body["message_id"] = message_id
        self.status, answer = rest(self.stack, body)
        assert self.status == 200, f"{message!r}: HTTP {self.status} {answer}"
        assert isinstance(answer, list) and answer, f"no answer to {message!r}"
        self.replies = answer
        return answer

    def say(self, text: str, message_id: Optional[str] = None) -> List[dict]:
        return self.send(text, message_id)

    def press(self, choice: str, message_id: Optional[str] = None) -> List[dict]:
        """Press the button with this choice; it must be among the last replies' buttons."""
        assert choice in self.choices, f"{choice!r} not offered after {self.question!r}; offered: {self.choices}"
        return self.send(choice_payload(choice), message_id)

    def confirm(self) -> None:
        """After a typed score the reader may ask whether it understood well: one tap on yes."""
        if "yes" in self.choices and any(choice.startswith("score:") for choice in self.choices):
            self.press("yes")

    def play(self, *steps: Step) -> List[dict]:
        for kind, value in steps:
            assert kind in ("say", "press"), kind
            self.say(value) if kind == "say" else self.press(value)
        return self.replies

    # --- what the last replies hold --------------------------------------------------------------------
    @property
    def choices(self) -> List[str]:
        return choices_in(self.replies)

    @property
    def text(self) -> str:
        return texts_in(self.replies)

    @property
    def question(self) -> str:
        return self.replies[-1].get("text", "") if self.replies else ""

    def offers_scale(self) -> bool:
        return {f"score:{n}" for n in range(1, 6)} <= set(self.choices)

    def offers_ratings(self) -> bool:
        return {f"rating:{n}" for n in range(0, 11)} <= set(self.choices)

    # --- what is stored ----------------------------------------------------------------------------------
    def export(self) -> dict:
        return self.stack.export(self.participant)

    def board(self, number: int = 1) -> dict:
        return self.export()["measurements"][number - 1]

    def domains(self, number: int = 1) -> dict:
        return {domain["key"]: domain for domain in self.board(number)["domains"]}

    def transcript_events(self) -> int:
        return self.stack.tracker_event_count(self.participant)


# --- the first steps every board shares ----------------------------------------------------------------
def consented(stack, rating: Optional[int] = None, sender: Optional[str] = None) -> Resident:
    """A resident who agreed to storing (and, with `rating`, gave their life a rating and skipped why)."""
    resident = Resident(stack, sender)
    resident.say("hoi")
    resident.press("yes")
    assert resident.offers_ratings(), resident.text
    if rating is not None:
        resident.press(f"rating:{rating}")
        resident.press("skip")  # the scaling question: skipping it skips the second one too
    return resident
