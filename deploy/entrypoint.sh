#!/bin/sh
# Container start: refresh the static files volume, optionally migrate, then run CMD.
set -eu

# The image already holds the collected files; this copies a new release's files into
# the volume that nginx serves (named volumes keep old content across upgrades).
python manage.py collectstatic --noinput --verbosity 0

# One container per deployment should migrate (the compose "app" service does).
if [ "${DJANGO_MIGRATE:-0}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
