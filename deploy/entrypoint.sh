#!/bin/sh
# Entry point of every container of the app image (deploy/Dockerfile): refuse to start when a
# secret is missing or shorter than 32 characters (python -m bot check-settings names the
# variable, never its value), then run the container's command.
set -e
python -m bot check-settings
exec "$@"
