# Coalition Workspace: a multi-stage image (see the README's "Container recipe").
# Not built on the machine this was written on (it has no Docker engine); the unit test
# tests/unit/container-recipe.test.ts checks that every variable set here is in the config schema.

# --- build: install every dependency (better-sqlite3 compiles from source), build the app, then
#     drop the development dependencies.
FROM node:24-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# better-sqlite3 is compiled here against this Node (no prebuilt binary downloaded).
RUN npm_config_build_from_source=true npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- run: the built app (the Remix build and the compiled Node server, build/server-node/),
#     its production dependencies, the worker threads' scripts (db/, common/ydoc/) and the
#     sources the operator scripts (npm run backup, admin:grant) run with tsx, as the
#     unprivileged `node` user.
FROM node:24-bookworm-slim AS run
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/data/workspace.db
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/app ./app
COPY --from=build --chown=node:node /app/common ./common
COPY --from=build --chown=node:node /app/db ./db
COPY --from=build --chown=node:node /app/server ./server
COPY --from=build --chown=node:node /app/scripts ./scripts
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz answers 503 when the database is unreachable or the last write failed for lack of storage.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains in-flight requests for SHUTDOWN_GRACE_MS: keep docker's stop timeout above it.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "build/server-node/index.js"]
