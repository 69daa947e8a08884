import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@sw/kernel';
import express, { type Request, type Response, type Router } from 'express';
import { UpstreamResponseError } from '../resilience/agency-http';
import { WireReader } from '../resilience/wire';
import { readReceipt } from './customs.client';
import type { CustomsService } from './customs.service';

export const RECEIPTS_PATH = '/customs/receipts';

/**
 * `POST /customs/receipts`: where customs posts each receipt (the callback URL handed over with
 * every declaration). It must carry `Authorization: Bearer <AGENCY_CUSTOMS_CALLBACK_TOKEN>`.
 * Answers 200 `{ accepted: true, duplicate }` once the receipt is recorded (and published), so a
 * failed answer makes customs retry; a receipt seen before is acknowledged and not published again.
 */
export function receiptsRouter(customs: CustomsService, callbackToken: string, logger: Logger): Router {
  const expected = createHash('sha256').update(callbackToken).digest();
  const router = express.Router();
  router.post(RECEIPTS_PATH, express.json({ limit: '256kb' }), async (req: Request, res: Response) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !timingSafeEqual(createHash('sha256').update(token).digest(), expected)) {
      logger.warn({ path: RECEIPTS_PATH }, 'customs receipt refused: missing or wrong token');
      res.status(401).json({ error: 'a customs receipt needs the callback bearer token' });
      return;
    }
    try {
      const receipt = readReceipt(new WireReader('CUSTOMS', 'customs.callback'), req.body);
      const fresh = await customs.recordReceipt(receipt, 'CALLBACK');
      res.json({ accepted: true, duplicate: !fresh });
    } catch (error) {
      if (error instanceof UpstreamResponseError) {
        res.status(400).json({ error: error.message });
        return;
      }
      logger.error({ err: error }, 'customs receipt not recorded; customs will retry or the poller will fetch it');
      res.status(503).json({ error: 'not recorded; retry' });
    }
  });
  return router;
}
