# syntax=docker/dockerfile:1
# The vending dashboard's image (README, Deploying). Three stages: production dependencies,
# the build (with dev dependencies), and a small runtime with only what runs.

# better-sqlite3 is a native addon: its prebuilt binary is fetched at install, and the tools
# here compile it when none fits. They stay in these stages, never in the runtime.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM deps AS build
RUN npm ci --no-audit --no-fund
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build && rm -rf .next/cache

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=/data/vending.db \
    BACKUP_DIR=/backups
# The server runs its TypeScript with tsx (a production dependency) over the `next build`
# output; Chromium is not here (only the browser tests use it).
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/package.json /app/next.config.ts /app/server.ts /app/tsconfig.json ./
COPY --from=build /app/app ./app
COPY --from=build /app/components ./components
COPY --from=build /app/db ./db
COPY --from=build /app/lib ./lib
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/simulator ./simulator
# The database and the snapshots live on volumes, owned by the unprivileged `node` user.
RUN mkdir -p /data /backups && chown node:node /data /backups
USER node
VOLUME ["/data", "/backups"]
EXPOSE 3000
# Ready: the database answers a write, migrations are current, the workers are alive.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node_modules/.bin/tsx", "--import", "./lib/ops/outside-next.mjs", "server.ts"]
