# One image for every service of the Single Window gateway; the compose file picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Every workspace's package.json takes part in `npm ci`, so the whole tree is copied first
# (.dockerignore keeps node_modules, dist and local data out).
COPY . .
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4101 4102 4103 4104
CMD ["node", "gateway/dist/main.js"]
