"""Dates and times in the wijkteam pages' templates (bot/dates.py)."""

from flask import Flask

from bot.dates import date, date_time, machine


def register_filters(app: Flask) -> None:
    app.add_template_filter(date, "date")
    app.add_template_filter(date_time, "date_time")
    app.add_template_filter(machine, "machine")
