"""The team's learning view: anonymous figures across residents' boards, per period and domain.

- figures.py: the aggregates (only groups of at least MONITOR_MIN_GROUP residents; no free text);
- output.py: the same figures as JSON (a stable format, docs/follow-up.md), CSV and plain text;
- cli.py: `python -m bot monitor [--json | --csv] [--period quarter|month|year]`;
- chart.py: the picture of one period (matplotlib, PNG);
- views.py: the page /monitor of the wijkteam web app (behind the workers' login).
"""
