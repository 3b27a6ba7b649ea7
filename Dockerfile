# digestbot: the bot, its scheduler and the command line in one image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY digest ./digest
COPY storage ./storage
RUN pip install . && rm -rf /src

RUN useradd --create-home --uid 10001 digestbot \
    && mkdir -p /data && chown digestbot /data
USER digestbot
WORKDIR /data
ENV DIGESTBOT_DATABASE_URL=sqlite:////data/digestbot.db
VOLUME ["/data"]

CMD ["digestbot", "run"]
