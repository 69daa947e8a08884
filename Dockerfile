# One image for every service of the Single Window gateway; the compose file picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY kernel/package.json kernel/
COPY migrations/package.json migrations/
COPY subgraphs/registry/package.json subgraphs/registry/
COPY subgraphs/access/package.json subgraphs/access/
COPY gateway/package.json gateway/
COPY scripts/package.json scripts/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 4000 4001 4002
CMD ["node", "gateway/dist/main.js"]
