# tastemap's Telegram bot in one image.
#
#   docker build -t tastemap .
#   docker run -d --restart unless-stopped -e TELEGRAM_BOT_TOKEN=123:abc \
#       -v tastemap-data:/data tastemap
#
# The library lives in the /data volume; everything else (the model inside its wheel, numba's
# compiled code, the embedded catalog) is baked into the image at build time, so a new
# container answers at once and never downloads anything.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# kaleido draws the PNG maps with Debian's Chromium (found on PATH); the Noto fonts cover
# accented Latin, Cyrillic, CJK and emoji in titles.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 tastemap \
    && mkdir /data \
    && chown tastemap:tastemap /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY engine ./engine
COPY bot ./bot
RUN pip install . && rm -rf /app/engine /app/bot

USER tastemap
ENV HOME=/home/tastemap \
    TASTEMAP_CACHE_DIR=/home/tastemap/.cache/tastemap \
    TASTEMAP_DB=/data/tastemap.sqlite3

# numba compiles UMAP into $TASTEMAP_CACHE_DIR/numba (~1 min once); then embed the catalog
# for /similar and /recommend. Both caches are the non-root user's and stay in the image.
# numba's cache is keyed by the CPU: on a very different host it compiles once more at start.
RUN tastemap warmup && tastemap bot --embed-catalog

VOLUME ["/data"]
# Only used in webhook mode (TASTEMAP_WEBHOOK_URL, TASTEMAP_WEBHOOK_SECRET), behind TLS.
EXPOSE 8443

CMD ["tastemap", "bot"]
