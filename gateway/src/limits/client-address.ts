import type { RequestHandler } from 'express';

/**
 * Carries the client's address into Apollo (whose request has headers only), for the
 * anonymous rate limit. Always overwritten, so a client cannot choose its own bucket. It is
 * `req.ip`: the socket's address, or the one express derives when `trust proxy` is set.
 */
export const CLIENT_ADDRESS_HEADER = 'x-sw-client-address';

export const stampClientAddress: RequestHandler = (req, _res, next) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  next();
};
