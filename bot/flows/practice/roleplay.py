"""The persona's answer to one worker move, in character, from the persona's facts.

Like a real resident, the persona tells about a life domain only when asked about it,
one fact per open question. A guarded persona answers a closed question with the short
answer only, and keeps its feelings to itself until the worker has earned some trust (open
questions, reflections, asking what they themselves want or can do); advice costs trust.
"""

import copy
import re
from typing import Optional, Tuple

from bot.content.personas import Persona
from bot.flows.practice.moves import WorkerMove
from bot.flows.practice.state import PracticeState
from bot.understanding.question_form import OPEN

# A follow-up about the domain just discussed: "Hoe is dat voor je?", "Vertel eens meer."
BACK_REFERENCE = re.compile(r"\b(daar\w*|dat|dit|hier\w*|er|ervan|erover|eraan|erbij|meer|nog iets|verder)\b")
# A question after the feeling: "Hoe voel je je daarbij?", "Wat doet dat met je?"
FEELING_QUESTION = re.compile(r"\b(voel\w*|gevoel\w*|doet dat met je|is dat voor je|spannend|eng|bang|zwaar|moeilijk)\b")
TRUST_GAINING_ACTS = ("worker_ask_wish", "worker_ask_strength", "worker_reflect")


class PersonaPlayer:
    def __init__(self, persona: Persona):
        self.persona = persona

    def answer(self, state: PracticeState, move: WorkerMove, text: str) -> Tuple[str, PracticeState]:
        state = copy.deepcopy(state)
        lowered = (text or "").lower()
        domain = self._domain_of(state, move, lowered)
        if move.act in TRUST_GAINING_ACTS or (move.act == "worker_explore" and move.form == OPEN):
            state.trust += 1
        reply = self._reply(state, move, domain, lowered)
        if reply == state.last_reply and move.act is not None:  # asked again: "Dat zei ik al", in its own words
            reply = self._reaction(state, "nothing_more")
        state.last_reply = reply
        if domain:
            state.last_domain = domain
        if move.act == "worker_ask_wish":
            state.asked_wish = True
        return reply, state

    def _domain_of(self, state: PracticeState, move: WorkerMove, lowered: str) -> Optional[str]:
        if move.domains:
            return move.domains[0]
        if state.last_domain and (move.act == "worker_reflect" or BACK_REFERENCE.search(lowered)):
            return state.last_domain
        return None

    def _reply(self, state: PracticeState, move: WorkerMove, domain: Optional[str], lowered: str) -> str:
        persona = self.persona
        act = move.act
        if act is None:
            return self._reaction(state, "not_understood")
        if act == "worker_introduce":
            return persona.greeting if state.next_reaction("greeting") == 0 else self._reaction(state, "reflect")
        if act == "worker_advise":
            state.trust = max(0, state.trust - 1)
            if not state.asked_wish and state.next_reaction("advice_before_wish") == 0:
                return persona.reactions["advice_before_wish"][0]
            return self._reaction(state, "advice")
        if act == "worker_ask_wish":
            told = self._about(domain, "wants") or persona.wish
            first = persona.first_asked_wish if not state.asked_wish and persona.first_asked_wish else None
            return f"{first} {told}" if first else told
        if act == "worker_ask_strength":
            return self._about(domain, "can_do") or persona.can_do
        if act == "worker_about_professionals":
            return self._about(domain, "professionals") or persona.professionals
        if act == "worker_reflect":
            deeper = self._feeling(state, domain) if domain else None
            return f"{self._reaction(state, 'reflect')} {deeper}" if deeper else self._reaction(state, "reflect")
        return self._explore(state, move, domain, lowered)

    def _explore(self, state: PracticeState, move: WorkerMove, domain: Optional[str], lowered: str) -> str:
        persona = self.persona
        if domain is None:
            if move.form == OPEN and state.next_reaction("opening") == 0:
                return persona.opening
            return persona.closed_general
        facts = persona.domains[domain]
        if move.form != OPEN:
            if persona.openness == "guarded" or state.told.get(domain, 0) >= len(facts.facts):
                return facts.closed
            return f"{facts.closed} {self._next_fact(state, domain)}"
        if FEELING_QUESTION.search(lowered) and state.told.get(domain, 0) > 0:
            return self._feeling(state, domain) or self._reaction(state, "nothing_more")
        return self._next_fact(state, domain) or self._feeling(state, domain) or self._reaction(state, "nothing_more")

    def _next_fact(self, state: PracticeState, domain: str) -> Optional[str]:
        facts = self.persona.domains[domain].facts
        told = state.told.get(domain, 0)
        if told >= len(facts):
            return None
        state.told[domain] = told + 1
        return facts[told]

    def _feeling(self, state: PracticeState, domain: str) -> Optional[str]:
        feeling = self.persona.domains[domain].feeling
        if not feeling or domain in state.feelings_told:
            return None
        if not self._trusting(state):
            return self._reaction(state, "guarded")
        state.feelings_told.append(domain)
        return feeling

    def _trusting(self, state: PracticeState) -> bool:
        return state.trust >= self.persona.trust_needed

    def _about(self, domain: Optional[str], field: str) -> Optional[str]:
        return getattr(self.persona.domains[domain], field) if domain else None

    def _reaction(self, state: PracticeState, kind: str) -> str:
        return self.persona.reaction(kind, state.next_reaction(kind))
