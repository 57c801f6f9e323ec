"""Scripted conversations for the benchmarks: what a resident types, turn by turn, over REST.

FREE_TEXT_BOARD is a whole board typed in the resident's own words (no buttons), 60 turns:
consent, a life rating and why, every domain with its score and both follow-up questions, goals
with an own step and a helper, the people around, the last questions, and a few commands at the
end. The answers are ones the scale reader is sure of, so no turn is a confirmation and every
run has the same length.
"""

from typing import List

SCORES = ["niet zo goed", "gaat wel", "goed", "heel slecht", "heel goed", "slecht", "prima", "het gaat wel", "super", "best slecht",
          "het gaat goed", "gaat wel hoor", "niet zo best", "heel erg goed"]  # fmt: skip
DOMAINS = 14


def free_text_board() -> List[str]:
    turns = ["hoi", "ja", "een 6", "ik heb een dak boven mijn hoofd", "minder zorgen over geld", "geld"]
    for number in range(DOMAINS):
        turns += [SCORES[number], "ik doe mijn best", "wat meer rust"]
        if number == 0:
            turns.append("ja")  # also the other domains
    turns += ["minder schulden", "de schuldhulp bellen", "mijn zus", "nee"]
    turns += ["mijn zus en de buurvrouw", "de huisarts", "1", "de huisarts"]
    turns += ["nee", "nee"]  # no check-in later, no training use
    turns += ["hoe ver ben ik"]
    return turns


FREE_TEXT_BOARD = free_text_board()
