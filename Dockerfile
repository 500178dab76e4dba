# syntax=docker/dockerfile:1
# The API image: `python -m scripts.serve` serves the API (Sanic); the same image runs the one-shot
# `migrate` service of docker-compose.yml. Runtime requirements only (requirements.txt: no pytest,
# locust or schemathesis), no tests/ or mobile/ (.dockerignore admits only what runs), non-root.

# Build stage: the virtualenv, made where pip and its caches can stay behind.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt

# Run stage: the virtualenv and the code, owned by root and read-only to the user that runs them.
FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8000
USER 10001:10001
EXPOSE 8000
# Ready = this worker reaches PostgreSQL and Redis (503 otherwise; urlopen raises on it).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health/ready\", timeout=4)"]
CMD ["python", "-m", "scripts.serve"]
