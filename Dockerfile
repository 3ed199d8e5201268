# syntax=docker/dockerfile:1
# PetAmigos image: one image for every role. docker-compose.yml runs it as `migrate` (one-shot),
# `web` (HTTP, port 3000) and `worker` (jobs and event handlers); the default command is the web role.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install all dependencies, compile TypeScript, then drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# The whole context is needed before `npm ci`: the workspaces (plugins/*, themes/*) are globbed,
# and the root `prepare` script compiles with `tsc -b`. The npm cache mount keeps rebuilds fast.
COPY . .
RUN --mount=type=cache,target=/root/.npm \
    npm ci
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts \
 && rm -rf .tap coverage bench/results

# ---- runtime: Node, ffmpeg for media processing, the compiled app; runs as `node` ----
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg tini \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    PORT=3000 \
    npm_config_update_notifier=false
WORKDIR /app

# Application files stay owned by root (read-only for the app); only ./data is writable, for the
# embedded fallbacks (PGlite, local file storage) when no DATABASE_URL / S3_ENDPOINT is set.
COPY --from=build /app /app
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 3000
# tini reaps child processes (ffmpeg) and forwards SIGTERM so shutdown is graceful.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "cli/bin/run.js", "start", "--role", "web"]
