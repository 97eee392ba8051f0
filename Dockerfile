# The portal under gunicorn: python:3.11-slim, non-root, hashed static files.
# Build: docker build -t portal .   Run the whole stack: docker compose up -d
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PORTAL_VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media \
    STATIC_ROOT=/app/static_collected

# No system packages: psycopg[binary] bundles libpq and translations are compiled in
# Python (manage.py compile_translations).
RUN groupadd --system portal && useradd --system --gid portal --home /app portal
WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --chown=portal:portal . .

# Translations and hashed, compressed static files (WhiteNoise's manifest storage).
# The build needs a secret only to import the settings; it is not kept in the image.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
        python manage.py compile_translations \
    && SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media \
    && chown -R portal:portal /app/var /app/static_collected

USER portal
EXPOSE 8000
VOLUME ["/app/var/media"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]

ENTRYPOINT ["sh", "deploy/entrypoint.sh"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "portal.wsgi:application"]
