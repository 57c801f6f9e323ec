"""The app's pages as blueprints: auth (log in, log out) and boards (the shared boards)."""
