"""Progress per learning goal over stored practice sessions: the worker's own (/voortgang) and a
trainer's group overview with pseudonymised workers (the replay page's JSON API)."""

from statistics import mean
from typing import Callable, Dict, List, Optional, Sequence

from bot.content import Texts
from bot.content.personas import Persona
from bot.flows.practice.feedback import GOALS

TREND_MIN_SESSIONS = 2
TREND_STEP = 0.5  # the later half's mean must differ this much from the earlier half's


def goal_series(sessions: Sequence[dict]) -> Dict[str, List[int]]:
    """goal -> scores in session order (goals a session did not score are left out)."""
    series: Dict[str, List[int]] = {}
    for session in sessions:
        for goal in GOALS:
            if goal in session.get("goals", {}):
                series.setdefault(goal, []).append(int(session["goals"][goal]))
    return series


def trend(scores: Sequence[int]) -> str:
    """up | down | flat: the later half of the sessions against the earlier half."""
    if len(scores) < TREND_MIN_SESSIONS:
        return "flat"
    half = len(scores) // 2
    earlier, later = mean(scores[:half]), mean(scores[len(scores) - half :])
    if later - earlier >= TREND_STEP:
        return "up"
    if earlier - later >= TREND_STEP:
        return "down"
    return "flat"


def summary(sessions: Sequence[dict]) -> Dict[str, dict]:
    """Per goal: the scores over time, first, last, mean and trend."""
    return {
        goal: {
            "scores": scores,
            "first": scores[0],
            "last": scores[-1],
            "mean": round(mean(scores), 2),
            "trend": trend(scores),
        }
        for goal, scores in goal_series(sessions).items()
    }


def progress_messages(sessions: Sequence[dict], personas: Dict[str, Persona], texts: Texts) -> List[str]:
    """What /voortgang says to the worker."""
    say = texts.say
    if not sessions:
        return [say("progress_none")]
    goals = summary(sessions)
    lines = [say("progress_title", count=len(sessions))]
    for goal, figures in goals.items():
        lines.append(
            say(
                "progress_goal",
                label=say(f"goal_{goal}"),
                scores=" → ".join(str(score) for score in figures["scores"]),
                average=str(figures["mean"]).replace(".", ","),
                trend=say(f"progress_trend_{figures['trend']}"),
            )
        )
    names = list(dict.fromkeys(personas[s["persona"]].name for s in sessions if s["persona"] in personas))
    messages = ["\n".join(lines)]
    if names:
        messages.append(say("progress_personas", names=", ".join(names)))
    weakest = min(goals.items(), key=lambda item: (item[1]["last"], item[1]["mean"]))[0] if goals else None
    suggestion = _persona_for(weakest, personas) if weakest else None
    if weakest and suggestion:
        messages.append(say("progress_next", label=say(f"goal_{weakest}").lower(), name=suggestion.name))
    return messages


PERSONA_FOR_GOAL = {
    "luisteren": ("robert", "samira"),
    "doorvragen": ("henk", "els"),
    "levensbreed": ("henk", "samira"),
    "eigen_regie": ("robert", "jayden"),
    "aansluiten": ("jeroen", "amal", "linda_marco"),
    "afronden": ("samira", "robert"),
    "veiligheid": ("naomi",),
}


def _persona_for(goal: str, personas: Dict[str, Persona]) -> Optional[Persona]:
    return next((personas[key] for key in PERSONA_FOR_GOAL.get(goal, ()) if key in personas), None)


def group_overview(group: Dict[str, List[dict]], pseudonym: Callable[[str], str]) -> dict:
    """A trainer's overview: per pseudonymised worker their sessions and progress per goal, and the
    group's mean per goal (first and last session of each worker)."""
    workers = []
    firsts: Dict[str, List[int]] = {}
    lasts: Dict[str, List[int]] = {}
    for participant, sessions in group.items():
        if not sessions:
            continue
        goals = summary(sessions)
        for goal, figures in goals.items():
            firsts.setdefault(goal, []).append(figures["first"])
            lasts.setdefault(goal, []).append(figures["last"])
        workers.append(
            {
                "worker": pseudonym(participant),
                "sessions": len(sessions),
                "personas": [session["persona"] for session in sessions],
                "last_session": sessions[-1]["ended_at"],
                "goals": goals,
            }
        )
    workers.sort(key=lambda worker: worker["worker"])
    return {
        "workers": workers,
        "group": {
            goal: {
                "workers": len(firsts[goal]),
                "first_mean": round(mean(firsts[goal]), 2),
                "last_mean": round(mean(lasts[goal]), 2),
            }
            for goal in GOALS
            if goal in firsts
        },
    }
