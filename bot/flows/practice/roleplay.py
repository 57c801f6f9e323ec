"""The persona's answer to one worker move, in character, and what it does to them.

Like a real resident the persona tells about a domain only when asked, one fact at a time; how
much depends on trust, which goes up with open questions, right reflections, good summaries and
interest in their own view, and down with advice, judgements, leading questions, wrong
reflections and (for some) jargon. After advice or a judgement they close down for a few turns,
unless the worker repairs it. A reflection is judged against what they said and feel (judge.py):
right ones are confirmed and go deeper, wrong ones are corrected. Hidden layers (a fear, a wish,
a secret, a signal of danger) open only after the move their file names (a good summary, a
feeling reflected, asking what they want, a straight question about safety, checking
understanding), sometimes after a confidentiality test ("Zeg je dit tegen mijn klantmanager?").
They ask back, bring things up themselves, and with traits: agree too fast (LVB), lose long lines
and jargon (NT2), speak as two people (two_voices), show signals of danger (danger).

Every turn is kept as a TurnRecord: what the worker said, how it was read, the reply, the verdict,
trust after it and what happened (events), for the feedback, the trainer's replay and progress.
"""

import copy
import re
from dataclasses import asdict, dataclass, field
from typing import List, Optional, Tuple

from bot.content import Instrument
from bot.content.personas import Layer, Persona
from bot.flows.practice.judge import Verdict, judge_reflection, judge_summary, names_conflict
from bot.flows.practice.moves import WorkerMove, move_form, read_move, real_questions
from bot.flows.practice.state import PracticeState
from bot.understanding.question_form import OPEN
from bot.understanding.text import fold

# A follow-up about the domain just discussed: "Hoe is dat voor je?", "Vertel eens meer."
BACK_REFERENCE = re.compile(r"\b(daar\w*|dat|dit|hier\w*|er|ervan|erover|eraan|erbij|meer|nog iets|verder|toen)\b")
REGIE_QUESTION = re.compile(
    r"\b(wie (beslist|bepaalt|besluit|heeft het (voor het )?zeggen|kiest)|regie|aan het roer|het laatste woord)\b"
)
APOLOGY = re.compile(r"\b(sorry|excuus|excuses|je hebt gelijk|dat was niet (handig|netjes|aardig)|dat had ik niet)\b")
ABOUT_OTHER = re.compile(r"\b(hij|hem|zijn|zijn)\b")
LONG_LINE = {"nt2": 16, "lvb": 20}  # words in one line before a second-language speaker or LVB loses it
LANGUAGE_TRAITS = ("lvb", "nt2")
TOUCHY_ABOUT_JARGON = ("lvb", "nt2", "young")
SIGNAL_PICKUP_TURNS = 3
QUESTION_ACTS = ("open_question", "closed_question", "double_question", "leading_question")


@dataclass
class TurnRecord:
    text: str
    move: dict
    reply: str = ""
    verdict: Optional[str] = None  # right_feeling | right | wrong | not_said | vague | good | partial | thin
    domain: Optional[str] = None  # the domain the persona answered about
    trust: int = 0  # after this turn
    events: List[str] = field(default_factory=list)
    voice: Optional[str] = None  # who was addressed, in a household with two voices


class PersonaPlayer:
    def __init__(self, persona: Persona, instrument: Instrument):
        self.persona = persona
        self.instrument = instrument
        names = [persona.name, *(voice.name for voice in persona.voices)]
        self.own_names = {fold(word)[:5] for name in names for word in name.split() if len(word) > 2}
        self.people = {fold(name): key for name, key in persona.people.items()}

    # --- one turn ------------------------------------------------------------------------------------
    def answer(self, state: PracticeState, text: str, move: Optional[WorkerMove] = None) -> Tuple[str, PracticeState, TurnRecord]:
        state = copy.deepcopy(state)
        move = move or read_move(text, self.instrument)
        turn = TurnRecord(text=text, move=move.to_dict())
        voice = self.persona.voice_named(text)
        if voice:
            state.voices_addressed[voice] = state.voices_addressed.get(voice, 0) + 1
            turn.voice = voice
        parts = self._respond(state, move, text, turn)
        parts += self._afterwards(state, move, turn, parts)
        reply = " ".join(part for part in parts if part).strip() or self._line(state, "not_understood")
        if reply == state.last_reply:
            reply = self._line(state, "nothing_more")
        state.last_reply = reply
        state.closed_left = max(0, state.closed_left - (1 if "closed_down" not in turn.events else 0))
        turn.reply, turn.trust = reply, state.trust
        state.turns.append(asdict(turn))
        return reply, state, turn

    def _respond(self, state: PracticeState, move: WorkerMove, text: str, turn: TurnRecord) -> List[str]:
        if state.pending:
            answered = self._resolve_pending(state, move, text, turn)
            if answered is not None:
                return answered
        if move.aims_at("judgement"):
            return self._close_down(state, turn, "judgement", delta=-2)
        if state.closed_left > 0:
            if not self._repairs(state, move, text, turn):
                turn.events.append("still_closed")
                return [self._line(state, "closed_down")]
            state.closed_left = 0
            state.change_trust(1)
            turn.events.append("reopened")
            return [self._line(state, "reopen")] + self._by_act(state, move, text, turn)
        return self._by_act(state, move, text, turn)

    def _by_act(self, state: PracticeState, move: WorkerMove, text: str, turn: TurnRecord) -> List[str]:
        act = move.act
        if act == "introduce":
            return self._introduce(state, move, turn) + self._asked_after_introducing(state, text, turn)
        if act == "closing":
            turn.events.append("closing_agreement" if move.aims_at("agreement") else "closing")
            return [self._line(state, "agreement" if move.aims_at("agreement") else "closing")]
        if act == "advice":
            lost = self._language_load(state, move, text, turn) if self.persona.has("nt2") else None
            if lost is not None:  # she says yes to advice she did not understand
                state.change_trust(-1)
                turn.events.append("advice")
                state.misunderstood.append({"turn": state.number, "kind": "advice", "term": (move.jargon or ("",))[0]})
                return lost
            return self._advice(state, turn)
        lost = self._language_load(state, move, text, turn)
        if lost is not None:
            return lost
        if act in ("reflection", "summary"):
            return self._reflection(state, move, text, turn)
        if act == "leading_question":
            return self._leading(state, move, text, turn)
        if act == "double_question":
            return self._double(state, move, text, turn)
        return self._question(state, move, text, turn)

    # --- acts -----------------------------------------------------------------------------------------
    def _introduce(self, state: PracticeState, move: WorkerMove, turn: TurnRecord) -> List[str]:
        if move.aims_at("confidentiality") or move.aims_at("honest_limit"):
            state.change_trust(1)
            turn.events.append("explained_confidentiality")
        if not state.greeted:
            state.greeted = True
            return [self.persona.greeting]
        return [self._line(state, "introduce")]

    def _asked_after_introducing(self, state: PracticeState, text: str, turn: TurnRecord) -> List[str]:
        """ "Hoi, ik ben Anna. Wat brengt je hier?": the persona greets back and answers the question too."""
        question = " ".join(dict.fromkeys(real_questions(text)))
        move = read_move(question, self.instrument) if question else None
        if move is None or move.act == "introduce":
            return []
        return self._by_act(state, move, question, turn)

    def _advice(self, state: PracticeState, turn: TurnRecord) -> List[str]:
        if self.persona.has("lvb"):  # he says yes to it, and nobody knows whether he understood
            state.change_trust(-1)
            turn.events.append("advice")
            return self._agree_fast(state, turn, {"kind": "advice"})
        first_before_wish = not state.asked_wish and "advice_before_wish" not in state.lines_used
        kind = "advice_before_wish" if first_before_wish else "advice"
        return self._close_down(state, turn, kind, delta=-2 if not state.asked_wish else -1)

    def _close_down(self, state: PracticeState, turn: TurnRecord, kind: str, delta: int) -> List[str]:
        state.change_trust(delta)
        state.closed_left = self.persona.trust.closed_turns
        turn.events.append("closed_down")
        if kind != "closed_down":
            turn.events.append(kind)
        return [self._line(state, kind)]

    def _repairs(self, state: PracticeState, move: WorkerMove, text: str, turn: TurnRecord) -> bool:
        """After closing down: an apology, asking what they want, or a reflection of how they feel."""
        if APOLOGY.search(fold(text)) or move.aims_at("wish") or move.aims_at("understanding"):
            return True
        if move.act in ("reflection", "summary"):
            return judge_reflection(self.persona, state, text, self.instrument).kind == "right_feeling"
        return False

    def _language_load(self, state: PracticeState, move: WorkerMove, text: str, turn: TurnRecord) -> Optional[List[str]]:
        """Jargon, a long line, or a double question, for someone who loses them."""
        persona = self.persona
        if move.jargon:
            turn.events.append("jargon")
            if persona.has("lvb"):
                return self._agree_fast(state, turn, {"kind": "jargon", "term": move.jargon[0]})
            if any(persona.has(trait) for trait in TOUCHY_ABOUT_JARGON):
                state.change_trust(-1)
                turn.events.append("confused")
                asked = None if persona.has("nt2") else self._ask_back(state, "jargon", turn)
                return [asked] if asked else [self._line(state, "jargon").format(term=move.jargon[0])]
            asked = self._ask_back(state, "jargon", turn)
            if asked:
                return [asked]
        limit = next((LONG_LINE[trait] for trait in LANGUAGE_TRAITS if persona.has(trait)), None)
        if limit and len(text.split()) > limit:
            turn.events.append("too_long")
            if persona.has("lvb"):
                return self._agree_fast(state, turn, {"kind": "too_long"})
            turn.events.append("confused")
            return [self._line(state, "too_long")]
        if move.act == "double_question" and any(persona.has(trait) for trait in LANGUAGE_TRAITS):
            if persona.has("lvb"):
                return self._agree_fast(state, turn, {"kind": "double"})
            turn.events.append("confused")
            state.change_trust(-1)
            return [self._line(state, "double")]
        return None

    def _agree_fast(self, state: PracticeState, turn: TurnRecord, what: dict) -> List[str]:
        turn.events.append("agreed_fast")
        state.misunderstood.append(dict(what, turn=state.number))
        return [self._line(state, "agree_fast")]

    def _leading(self, state: PracticeState, move: WorkerMove, text: str, turn: TurnRecord) -> List[str]:
        state.change_trust(-1)
        turn.events.append("led")
        if self.persona.has("lvb"):
            return self._agree_fast(state, turn, {"kind": "leading"})
        domain = self._domain_of(state, move, text)
        closed = [self.persona.domains[domain].closed] if domain and domain in self.persona.domains else []
        return [self._line(state, "leading")] + closed

    def _double(self, state: PracticeState, move: WorkerMove, text: str, turn: TurnRecord) -> List[str]:
        """Two questions at once: they answer the last one."""
        last = (real_questions(text) or [text])[-1]
        last_move = read_move(last, self.instrument)
        last_move = WorkerMove(
            act="open_question" if move_form(last) == OPEN else "closed_question",
            form=move_form(last),
            domains=last_move.domains or move.domains[-1:],
            broad=last_move.broad,
            aims=last_move.aims,
        )
        turn.events.append("answered_last_only")
        prefix = [self._line(state, "double")] if "double" not in state.lines_used else []
        return prefix + self._question(state, last_move, last, turn)

    # --- reflections and summaries ----------------------------------------------------------------
    def _reflection(self, state: PracticeState, move: WorkerMove, text: str, turn: TurnRecord) -> List[str]:
        persona = self.persona
        summary = judge_summary(persona, state, text, self.instrument)
        several = len(summary.right) + len(summary.wrong) >= 2
        if move.act == "summary" or several:
            turn.events.append("summary")
            if summary.kind == "good" or (summary.kind == "thin" and summary.right and move.act == "summary"):
                return self._good_summary(state, summary.kind, summary.domains, text, turn)
            if summary.kind == "partial":
                return self._wrong(state, summary.wrong[0], turn, partial=True)
        verdict = judge_reflection(persona, state, text, self.instrument)
        turn.verdict, turn.domain = verdict.kind, verdict.domain
        if verdict.domain:
            state.last_domain = verdict.domain
        if verdict.kind == "wrong":
            return self._wrong(state, verdict, turn)
        if verdict.kind == "not_said":
            return [self._line(state, "not_said")]
        if verdict.kind == "vague":
            return [self._line(state, "vague")]
        if names_conflict(persona, text) and state.conflict_told and persona.regie.conflict:
            turn.events.append("conflict_reflected")
        if verdict.kind == "right_feeling":
            state.change_trust(2)
            turn.events.append("heard")
            parts = [self._line(state, "confirm_feeling")]
            feeling = self._feeling(state, verdict.domain, force=True) if verdict.domain else None
            opened = self._open_layers(state, "feeling_reflection", turn, verdict.domain)
            return parts + ([feeling] if feeling and not opened else []) + opened
        state.change_trust(1)
        parts = [self._line(state, "confirm")]
        deeper = self._deeper(state, verdict.domain) if verdict.domain else None
        return parts + ([deeper] if deeper else [])

    def _good_summary(self, state: PracticeState, kind: str, domains: Tuple[str, ...], text: str, turn: TurnRecord) -> List[str]:
        turn.verdict = "good" if kind == "good" else "thin"
        if self.persona.has("lvb"):
            return self._agree_fast(state, turn, {"kind": "summary"})
        state.change_trust(2 if kind == "good" else 1)
        turn.events.append("heard")
        if names_conflict(self.persona, text) and state.conflict_told:
            turn.events.append("conflict_reflected")
        parts = [self._line(state, "summary_good" if kind == "good" else "confirm")]
        if kind == "good":
            parts += self._open_layers(state, "good_summary", turn, None)
        return parts

    def _wrong(self, state: PracticeState, verdict: Verdict, turn: TurnRecord, partial: bool = False) -> List[str]:
        turn.verdict = "partial" if partial else "wrong"
        turn.domain = verdict.domain
        if self.persona.has("lvb"):
            return self._agree_fast(state, turn, {"kind": "wrong_reflection", "correction": verdict.correction})
        state.change_trust(-1)
        turn.events.append("corrected")
        correction = verdict.correction or (self.persona.domains[verdict.domain].correction if verdict.domain else None)
        return [self._line(state, "summary_partial" if partial else "correct")] + ([correction] if correction else [])

    # --- questions --------------------------------------------------------------------------------------
    def _question(self, state: PracticeState, move: WorkerMove, text: str, turn: TurnRecord) -> List[str]:
        persona = self.persona
        folded = fold(text)
        if move.aims_at("understanding"):
            return self._understanding(state, turn)
        if persona.has("danger") and move.aims_at("safety"):
            asked = self._safety(state, turn)
            if asked is not None:
                return asked
        picked = self._signal_followed(state, text, turn) if persona.has("danger") else None
        if picked is not None:
            return picked
        if REGIE_QUESTION.search(folded):
            state.regie_told = True
            turn.events.append("regie")
            return [persona.regie.holder, persona.regie.wants] if move.aims_at("wish") else [persona.regie.holder]
        if persona.regie.conflict and names_conflict(persona, text):
            return self._conflict(state, move, turn)
        if move.aims_at("reason") and not state.opening_told:  # "wat maakt dat je contact zoekt?" names no domain
            return self._general(state, move, turn)
        domain = self._domain_of(state, move, text)
        if move.aims_at("wish"):
            return self._wish(state, domain, turn)
        if move.aims_at("strength"):
            state.asked_strength = True
            state.change_trust(1)
            turn.events.append("strength")
            return [self._about(domain, "can_do") or persona.can_do]
        if move.aims_at("network") and not (domain and move.form == OPEN and not self._about(domain, "professionals")):
            turn.events.append("network")
            said = [self._about(domain, "professionals") or persona.professionals]
            if persona.regie.conflict and not state.conflict_told:
                state.conflict_told = True
                turn.events.append("conflict_told")
                said.append(persona.regie.conflict.says)
            return said
        if move.broad:
            return self._broad(state, turn)
        if domain is None:
            return self._general(state, move, turn)
        if domain not in persona.domains:
            turn.domain = domain
            return [self._line(state, "unlisted")]
        return self._explore(state, move, domain, text, turn)

    def _general(self, state: PracticeState, move: WorkerMove, turn: TurnRecord) -> List[str]:
        if move.form == OPEN:
            if not state.opening_told:  # why they came, they tell anyone who asks
                state.opening_told = True
                state.change_trust(1)
                return [self.persona.opening]
            if self._reserved(state):
                return [self._line(state, "guarded")]
            state.change_trust(1)
            return self._broad(state, turn)
        return [self.persona.closed_general]

    def _explore(self, state: PracticeState, move: WorkerMove, domain: str, text: str, turn: TurnRecord) -> List[str]:
        entry = self.persona.domains[domain]
        turn.domain = domain
        state.last_domain = domain
        self._count_about(turn, text)
        if move.form != OPEN:
            if self._reserved(state) or len(state.told_in(domain)) >= len(entry.facts):
                return [entry.closed]
            fact = self._next_fact(state, domain, turn)
            return [entry.closed] + ([fact] if fact else [])
        if self._reserved(state) and state.told_in(domain):
            return [self._line(state, "guarded")]
        state.change_trust(1)
        if move.aims_at("feeling") and state.told_in(domain):
            return [self._feeling(state, domain) or self._next_fact(state, domain, turn) or self._line(state, "nothing_more")]
        return [self._next_fact(state, domain, turn) or self._feeling(state, domain) or self._line(state, "nothing_more")]

    def _deeper(self, state: PracticeState, domain: str) -> Optional[str]:
        """After a right reflection: the feeling when they trust enough, else the next fact."""
        feeling = self._feeling(state, domain)
        if feeling and not feeling.startswith(tuple(self.persona.speech["guarded"])):
            return feeling
        turn = TurnRecord(text="", move={})
        return self._next_fact(state, domain, turn)

    def _broad(self, state: PracticeState, turn: TurnRecord) -> List[str]:
        """ "Speelt er nog meer?": the next important domain nobody asked about, if they trust enough."""
        turn.events.append("broad")
        untold = [key for key in self.persona.important_domains if not state.told_in(key)]
        if not untold or state.trust < self.persona.trust.feelings_at - 1:
            return [self._line(state, "broad_none")]
        domain = untold[0]
        state.change_trust(1)
        turn.domain = domain
        state.last_domain = domain
        turn.events.append(f"broad_opened:{domain}")
        return [self._next_fact(state, domain, turn) or ""]

    def _wish(self, state: PracticeState, domain: Optional[str], turn: TurnRecord) -> List[str]:
        persona = self.persona
        first = not state.asked_wish
        state.asked_wish = True
        state.change_trust(1)
        turn.events.append("wish")
        told = self._about(domain, "wants") or persona.wish
        parts = [persona.first_asked_wish] if first and persona.first_asked_wish else []
        opened = self._open_layers(state, "asked_wish", turn, None)
        parts += opened or [told]
        asked = self._ask_back(state, "wish", turn)
        return parts + ([asked] if asked else [])

    def _conflict(self, state: PracticeState, move: WorkerMove, turn: TurnRecord) -> List[str]:
        conflict = self.persona.regie.conflict
        assert conflict is not None
        turn.events.append("conflict_asked")
        if not state.conflict_told:
            state.conflict_told = True
            turn.events.append("conflict_told")
            return [conflict.says]
        state.change_trust(1)
        turn.events.append("conflict_feeling")
        if move.aims_at("wish"):  # "Wat vind jij zelf, nu ze allebei iets anders willen?"
            state.asked_wish = True
            turn.events.append("wish")
            return [conflict.feeling, self.persona.regie.wants]
        return [conflict.feeling]

    def _understanding(self, state: PracticeState, turn: TurnRecord) -> List[str]:
        turn.events.append("checked_understanding")
        state.change_trust(1)
        if state.misunderstood:
            missed = state.misunderstood[-1]
            state.misunderstood = []
            turn.events.append("revealed_misunderstanding")
            parts = [self._line(state, "understood_not")]
            if missed.get("correction"):
                parts.append(missed["correction"])
            elif missed.get("term"):
                parts.append(
                    self.persona.line("jargon", 0).format(term=missed["term"])
                    if not self.persona.has("lvb")
                    else f"Wat is {missed['term']}?"
                )
            return parts + self._open_layers(state, "understanding_check", turn, None)
        return [self._line(state, "understood")] + self._open_layers(state, "understanding_check", turn, None)

    def _safety(self, state: PracticeState, turn: TurnRecord) -> Optional[List[str]]:
        """A straight question about safety: the signal layer, after the confidentiality test."""
        turn.events.append("asked_safety")
        layer = next((layer for layer in self.persona.layers if layer.opens_after == "safety_question"), None)
        if layer is None or layer.key in state.opened:
            return None
        if state.trust < layer.trust:
            turn.events.append("safety_too_early")
            return [
                self.persona.domains["veiligheid"].closed
                if "veiligheid" in self.persona.domains
                else self._line(state, "guarded")
            ]
        return self._open(state, layer, turn) or None

    def _signal_followed(self, state: PracticeState, text: str, turn: TurnRecord) -> Optional[List[str]]:
        """A question that goes back to a signal they just gave: they feel seen, and say a little more."""
        for record in reversed(state.turns[-SIGNAL_PICKUP_TURNS:]):
            for domain, fact in signal_texts(self.persona, record.get("events", [])):
                if question_stems(text) & question_stems(fact) or domain in read_move(text, self.instrument).domains:
                    state.change_trust(1)
                    turn.domain = domain
                    turn.events.append(f"signal_followed:{domain}")
                    state.last_domain = domain
                    said = self._feeling(state, domain, force=True) or self._next_fact(state, domain, turn)
                    return [said or self._line(state, "confirm")]
        return None

    # --- layers, feelings, facts -------------------------------------------------------------------
    def _open_layers(self, state: PracticeState, opener: str, turn: TurnRecord, domain: Optional[str]) -> List[str]:
        for layer in self.persona.layers:
            if layer.opens_after != opener or layer.key in state.opened:
                continue
            elsewhere = opener == "feeling_reflection" and layer.domain and domain and layer.domain != domain
            if elsewhere and (domain not in self.persona.domains or layer.domain not in self._related(domain)):
                continue
            needed = layer.trust + (2 if state.confidentiality == "bad" else 0)
            if state.trust < needed:
                continue
            return self._open(state, layer, turn)
        return []

    def _related(self, domain: str) -> Tuple[str, ...]:
        """Domains whose feelings overlap: a feeling reflected about one can open a layer of the other."""
        feelings = set(self.persona.domains[domain].feelings)
        return tuple(key for key, entry in self.persona.domains.items() if feelings & set(entry.feelings))

    def _open(self, state: PracticeState, layer: Layer, turn: TurnRecord) -> List[str]:
        if layer.confidential and state.confidentiality is None and self.persona.confidentiality:
            state.pending = {"kind": "confidentiality", "layer": layer.key}
            turn.events.append("asked_confidentiality")
            return [self.persona.confidentiality.question]
        state.opened.append(layer.key)
        turn.events.append(f"opened:{layer.key}")
        if layer.domain:
            state.last_domain = layer.domain
        return [layer.text]

    def _feeling(self, state: PracticeState, domain: Optional[str], force: bool = False) -> Optional[str]:
        if domain is None or domain not in self.persona.domains:
            return None
        feeling = self.persona.domains[domain].feeling
        if not feeling or domain in state.feelings_told:
            return None
        if not force and state.trust < self.persona.trust.feelings_at:
            return self._line(state, "guarded")
        state.feelings_told.append(domain)
        return feeling

    def _next_fact(self, state: PracticeState, domain: str, turn: TurnRecord) -> Optional[str]:
        """The next fact of the domain: of the addressed voice's (if any), the one the question's words
        point at, else the first not yet told."""
        facts = self.persona.domains[domain].facts
        told = state.told.setdefault(domain, [])
        untold = [index for index in range(len(facts)) if index not in told]
        if not untold:
            return None
        wanted = turn.voice
        candidates = [i for i in untold if wanted and facts[i].voice == wanted] or untold
        stems = question_stems(turn.text) - self.own_names
        pointed = max(candidates, key=lambda i: (len(stems & question_stems(facts[i].text)), -i))
        index = pointed if stems & question_stems(facts[pointed].text) else candidates[0]
        told.append(index)
        fact = facts[index]
        if fact.voice:
            state.voices_spoke[fact.voice] = state.voices_spoke.get(fact.voice, 0) + 1
        if fact.signal:
            turn.events.append(f"signal:{domain}:{index}")
        return fact.text

    def _about(self, domain: Optional[str], field_name: str) -> Optional[str]:
        if domain is None or domain not in self.persona.domains:
            return None
        return getattr(self.persona.domains[domain], field_name)

    def _domain_of(self, state: PracticeState, move: WorkerMove, text: str) -> Optional[str]:
        if move.domains:
            own = [key for key in move.domains if key in self.persona.domains]
            return own[0] if own else move.domains[0]
        echoed = self._domain_by_words(text)
        if echoed:
            return echoed
        if state.last_domain and BACK_REFERENCE.search(fold(text)):
            return state.last_domain
        return None

    def _domain_by_words(self, text: str) -> Optional[str]:
        """ "Wie is Mike?", "Wat gebeurt er aan het eind van de maand?": the domain of a person they
        named, else the domain whose story has these words."""
        words = re.findall(r"[a-z]+", fold(text))
        person = next((self.people[word] for word in words if word in self.people), None)
        if person:
            return person
        stems = question_stems(text) - self.own_names
        if not stems:
            return None
        scored = []
        for key, entry in self.persona.domains.items():
            lines = [entry.closed, entry.feeling or ""] + [fact.text for fact in entry.facts]
            overlap = sum(len(stems & question_stems(line)) for line in lines)
            if overlap:
                scored.append((overlap, entry.important, key))
        return max(scored)[2] if scored else None

    def _reserved(self, state: PracticeState) -> bool:
        """Too little trust to tell more than the short answer (guarded and resistant personas)."""
        return self.persona.difficulty != "open" and state.trust < self.persona.trust.feelings_at - 1

    def _count_about(self, turn: TurnRecord, text: str) -> None:
        """A naaste: was the question about the one they care for, or about them?"""
        cares_for = self.persona.cares_for
        if not cares_for:
            return
        folded = fold(text)
        if fold(cares_for) in folded or ABOUT_OTHER.search(folded) or "je man" in folded:
            turn.events.append("about_other")
        elif re.search(r"\b(jij|jou|jezelf|voor jou|met jou|u zelf|jijzelf)\b", folded):
            turn.events.append("about_self")

    # --- their questions ---------------------------------------------------------------------------
    def _resolve_pending(self, state: PracticeState, move: WorkerMove, text: str, turn: TurnRecord) -> Optional[List[str]]:
        pending, state.pending = state.pending or {}, None
        if pending.get("kind") == "confidentiality":
            return self._confidentiality_answer(state, move, text, pending.get("layer"), turn)
        if move.act == "advice":
            return self._by_act(state, move, text, turn)  # advice is no answer to their question
        if move.is_question and not move.aims_at("confidentiality") and not move.aims_at("wish"):
            state.change_trust(-1)
            turn.events.append("ignored_their_question")
            return [self._line(state, "not_answered")] + self._by_act(state, move, text, turn)
        state.change_trust(1)
        turn.events.append("answered_their_question")
        if move.is_question or move.act in ("reflection", "summary"):
            return self._by_act(state, move, text, turn)
        return [self._line(state, "answered")]

    def _confidentiality_answer(
        self, state: PracticeState, move: WorkerMove, text: str, layer_key: Optional[str], turn: TurnRecord
    ) -> List[str]:
        test = self.persona.confidentiality
        layer = self.persona.layer(layer_key or "")
        if test is None or layer is None:
            return [self._line(state, "answered")]
        words = fold(text).strip().split()
        danger = self.persona.has("danger")
        if move.aims_at("honest_limit") or (move.aims_at("confidentiality") and not move.aims_at("secrecy")):
            outcome = "good"
        elif move.aims_at("secrecy") or (words[:1] == ["nee"] and danger):
            outcome = "secrecy"
        elif move.aims_at("will_tell") or words[:1] == ["ja"]:
            outcome = "bad"
        elif words[:1] == ["nee"]:
            outcome = "good"
        else:
            outcome = "bad"
        state.confidentiality = outcome
        turn.events.append(f"confidentiality:{outcome}")
        if outcome == "bad":
            self._close_down(state, turn, "closed_down", delta=-2)
            return [test.bad]
        state.change_trust(2 if outcome == "good" else 1)
        said = test.good if outcome == "good" else (test.secrecy or test.good)
        return [said] + self._open(state, layer, turn)

    def _ask_back(self, state: PracticeState, when: str, turn: TurnRecord) -> Optional[str]:
        for ask in self.persona.ask_back:
            if ask.when != when or ask.key in state.asked_back:
                continue
            if when == "turn" and state.number < ask.turn:
                continue
            state.asked_back.append(ask.key)
            state.pending = {"kind": "ask_back", "key": ask.key}
            turn.events.append(f"asked_back:{ask.key}")
            return ask.text
        return None

    def _afterwards(self, state: PracticeState, move: WorkerMove, turn: TurnRecord, parts: List[str]) -> List[str]:
        """Something they bring up themselves, or a question they ask back, when the moment is there."""
        if state.pending or state.closed_left > 0 or any(e.startswith("opened:") for e in turn.events):
            return []
        if move.act in ("closing", "advice") or move.aims_at("judgement"):
            return []
        for initiative in self.persona.initiatives:
            if initiative.key in state.initiatives_done:
                continue
            if state.number < initiative.after_turn or state.trust < initiative.min_trust:
                continue
            if initiative.voice and state.voices_addressed.get(initiative.voice, 0) > 0:
                continue  # the quiet voice was asked already
            state.initiatives_done.append(initiative.key)
            turn.events.append(f"initiative:{initiative.key}")
            if initiative.domain:
                state.last_domain = initiative.domain
            return [initiative.text]
        if parts and parts[-1].endswith("?"):
            return []
        asked = self._ask_back(state, "turn", turn)
        return [asked] if asked else []

    # --- lines ------------------------------------------------------------------------------------------
    def _line(self, state: PracticeState, kind: str) -> str:
        return self.persona.line(kind, state.next_line(kind))


SHORT_WORDS = {
    "ook", "wel", "jij", "mij", "ons", "hij", "zij", "was", "zal", "als", "dan", "dus", "nou", "toe", "uit", "heb",
    "ben", "kan", "wil", "zou", "hoe", "wat", "wie", "het", "een", "dat", "die", "met", "van", "bij", "aan", "nog",
    "zo", "ja", "nee", "oke", "jou", "hem", "haar", "zei", "wij", "jullie", "naar", "voor", "maar", "niet", "geen",
    "mag", "moet", "gaat", "doet", "er", "daar", "hier",
}  # fmt: skip
GENERIC = {
    "gaat", "gebeurt", "gebeurd", "vind", "vindt", "denk", "vertel", "vertellen", "eigenlijk", "precies", "allemaal",
    "zoal", "weleens", "laatste", "tijd", "soms", "nog", "meer", "iets", "ervan", "daarvan", "daarover", "erover",
    "leven", "graag", "zelf", "echt", "even", "voor", "over", "met", "naar", "aan", "van", "bij", "kun", "kunt",
    "kan", "wil", "wilt", "zou", "heb", "hebt", "heeft", "ben", "bent", "doe", "doet", "jouw", "jezelf", "jullie",
    "welke", "wat", "hoe", "wie", "waar", "waarom", "wanneer", "dat", "die", "dit", "het", "een", "zijn",
}  # fmt: skip


def question_stems(text: str) -> set:
    return {w[:5] for w in re.findall(r"[a-z]+", fold(text)) if len(w) >= 3 and w not in GENERIC and w not in SHORT_WORDS}


def signal_texts(persona: Persona, events: List[str]) -> List[Tuple[str, str]]:
    """(domain, fact text) of the signals in a turn's events."""
    found = []
    for event in events:
        if event.startswith("signal:"):
            _, domain, index = event.split(":")
            found.append((domain, persona.domains[domain].facts[int(index)].text))
    return found
