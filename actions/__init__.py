"""Custom actions: thin glue between Rasa (tracker, dispatcher, events) and bot/."""
