"""Refuse to start with a missing or weak secret. Call `check_settings()` before a process serves.

Rules (docs/security.md, "Deployment and scale-out"):
- SIGNING_SECRET, REST_TOKEN, TRAINER_TOKEN and RASA_AUTH_TOKEN, when set, have at least 32
  characters (a short token can be guessed; the web chat and media links are signed with the first).
- With WATTELT_PRODUCTION=1 (docker-compose.yml sets it) SIGNING_SECRET, REST_TOKEN, TRAINER_TOKEN,
  TELEGRAM_TOKEN and TELEGRAM_WEBHOOK_SECRET must be set, and the webhook secret has 32 characters too.
- TELEGRAM_WEBHOOK_SECRET, when set, uses only the characters Telegram accepts (A-Z a-z 0-9 _ -).

A problem is reported by the variable's name and the rule it breaks, never by its value.
"""

import os
import re
from typing import List, Mapping, Optional

MIN_SECRET_LENGTH = 32
PRODUCTION_FLAG = "WATTELT_PRODUCTION"
LENGTH_CHECKED = ("SIGNING_SECRET", "REST_TOKEN", "TRAINER_TOKEN", "RASA_AUTH_TOKEN")
REQUIRED_IN_PRODUCTION = ("SIGNING_SECRET", "REST_TOKEN", "TRAINER_TOKEN", "TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_SECRET")
LENGTH_CHECKED_IN_PRODUCTION = ("TELEGRAM_WEBHOOK_SECRET",)
TELEGRAM_SECRET_CHARACTERS = re.compile(r"[A-Za-z0-9_-]{1,256}")
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


class SettingsError(RuntimeError):
    """The settings this process starts with are not safe; the message names the variables."""


def is_production(environ: Optional[Mapping[str, str]] = None) -> bool:
    value = (os.environ if environ is None else environ).get(PRODUCTION_FLAG, "").strip().lower()
    if value not in TRUE_WORDS + FALSE_WORDS:
        raise SettingsError(f"{PRODUCTION_FLAG} must be 1/true/yes/on or 0/false/no/off")
    return value in TRUE_WORDS


def settings_problems(environ: Optional[Mapping[str, str]] = None) -> List[str]:
    """One line per broken rule, naming the variable (never its value)."""
    environment = os.environ if environ is None else environ
    values = {name: environment.get(name, "").strip() for name in set(LENGTH_CHECKED + REQUIRED_IN_PRODUCTION)}
    try:
        production = is_production(environment)
    except SettingsError as error:
        return [str(error)]
    problems = []
    if production:
        problems += [f"{name} is not set ({PRODUCTION_FLAG} is on)" for name in REQUIRED_IN_PRODUCTION if not values[name]]
    length_checked = LENGTH_CHECKED + (LENGTH_CHECKED_IN_PRODUCTION if production else ())
    problems += [
        f"{name} is shorter than {MIN_SECRET_LENGTH} characters"
        for name in length_checked
        if values[name] and len(values[name]) < MIN_SECRET_LENGTH
    ]
    webhook_secret = values["TELEGRAM_WEBHOOK_SECRET"]
    if webhook_secret and not TELEGRAM_SECRET_CHARACTERS.fullmatch(webhook_secret):
        problems.append("TELEGRAM_WEBHOOK_SECRET has characters Telegram does not accept (only A-Z a-z 0-9 _ -, at most 256)")
    return problems


def check_settings(environ: Optional[Mapping[str, str]] = None) -> None:
    """Raise SettingsError naming every variable that is missing or too weak."""
    problems = settings_problems(environ)
    if problems:
        raise SettingsError("unsafe settings, not starting: " + "; ".join(problems))
