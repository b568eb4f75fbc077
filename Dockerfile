# syntax=docker/dockerfile:1
# Watchdeck's image: Next.js's standalone server with only the dependencies it traced, run as a
# non-root numeric user on a read-only root filesystem (docs/deploy.md).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# HOSTNAME: the address the server binds; Kubernetes sets it to the pod's name unless the pod says otherwise.
# NEXT_MANUAL_SIG_HANDLE: SIGTERM drains the console (server/shutdown.ts) instead of Next.js exiting at once.
# HOME and the data directory are the only places written: mount emptyDirs there (and on /tmp).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    NEXT_MANUAL_SIG_HANDLE=true \
    HOME=/tmp \
    WATCHDECK_DATA_DIR=/var/lib/watchdeck
# The files stay root's and read-only to the user the server runs as; scripts/standalone.ts copies the same.
COPY --from=build /src/.next/standalone ./
COPY --from=build /src/.next/static ./.next/static
USER 10001:10001
EXPOSE 3000 9464
CMD ["node", "--heap-growing-percent=100", "server.js"]
