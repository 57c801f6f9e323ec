"""The summary at the end of a board: overview, change since last time, picture and PDF."""

import os
from dataclasses import dataclass
from typing import List, Optional

from bot.content import Instrument, Texts
from bot.dialogue.messages import Reply
from bot.media import sign
from bot.understanding.scores import scale

MEDIA_ROUTE = "/webhooks/webchat/media"


@dataclass(frozen=True)
class MediaLinks:
    """Where the Rasa server (web chat channel) serves a board's picture and PDF."""

    base_url: Optional[str]

    @classmethod
    def from_environment(cls) -> "MediaLinks":
        base = os.environ.get("PUBLIC_URL") or f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
        return cls(base.rstrip("/"))

    def link(self, measurement_id: int, kind: str) -> Optional[str]:
        return f"{self.base_url}{MEDIA_ROUTE}/{sign(measurement_id, kind)}" if self.base_url else None


class Summaries:
    def __init__(self, instrument: Instrument, texts: Texts, media: MediaLinks):
        self.instrument, self.texts, self.media = instrument, texts, media

    def domain_line(self, domain: dict) -> str:
        label = self.instrument.domain(domain["key"]).label
        if domain["status"] == "answered":
            step = scale()[domain["score"] - 1]
            return f"{step.emoji} {label}: {step.label.lower()}"
        return f"– {label}: {self.texts.say('status_' + domain['status'])}"

    def overview(self, board: dict) -> str:
        lines = [self.texts.say("summary_intro")]
        if board["life_rating"] is not None:
            lines.append(self.texts.say("summary_life_rating", rating=board["life_rating"]))
        lines += [self.domain_line(domain) for domain in board["domains"]]
        return "\n".join(lines)

    def goals(self, board: dict) -> Optional[str]:
        if not board["goals"]:
            return None
        return "\n".join([self.texts.say("summary_goals")] + [f"{n}. {goal['text']}" for n, goal in enumerate(board["goals"], 1)])

    def changes(self, board: dict, previous: dict) -> str:
        before = {d["key"]: d["score"] for d in previous["domains"]}
        lines = [self.texts.say("summary_changes_intro")]
        if (
            board["life_rating"] is not None
            and previous["life_rating"] is not None
            and board["life_rating"] != previous["life_rating"]
        ):
            word = self.texts.say("change_better" if board["life_rating"] > previous["life_rating"] else "change_worse")
            lines.append(
                f"{self.texts.say('where_life_rating').capitalize()}: {word} ({previous['life_rating']} → {board['life_rating']})"
            )
        for domain in board["domains"]:
            old, new = before.get(domain["key"]), domain["score"]
            if old is not None and new is not None and old != new:
                word = self.texts.say("change_better" if new > old else "change_worse")
                lines.append(f"{self.instrument.domain(domain['key']).label}: {word} ({old} → {new})")
        return "\n".join(lines) if len(lines) > 1 else self.texts.say("summary_no_changes")

    def replies(self, measurement_id: int, board: dict, previous: Optional[dict]) -> List[Reply]:
        replies = [Reply(self.overview(board))]
        goals = self.goals(board)
        if goals:
            replies.append(Reply(goals))
        if previous is not None:
            replies.append(Reply(self.changes(board, previous)))
        image, pdf = self.media.link(measurement_id, "png"), self.media.link(measurement_id, "pdf")
        if image:
            replies.append(Reply(self.texts.say("summary_image"), image=image))
        if pdf:
            replies.append(Reply(self.texts.say("summary_pdf"), document=pdf))
        return replies
