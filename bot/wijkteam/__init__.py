"""The wijkteam web app: workers log in and see the boards residents shared with them.

- app.py: `create_app()` (Flask), the login check on every page, CSRF, security headers, errors;
  `add_page(app, blueprint, nav)` adds a page (e.g. the monitor).
- views/: the pages (auth: log in and out; boards: the list, a code, a board, print, picture).
- accounts.py, sessions.py, access.py, audit.py, board_view.py: what the pages do, on the database.
- cli.py: `python -m bot worker add|list|remove|password|link|unlink` and `python -m bot audit`.
- `python -m bot.wijkteam`: serves the app with waitress on $HOST:$WIJKTEAM_PORT (127.0.0.1:8081).
See docs/wijkteam.md.
"""
