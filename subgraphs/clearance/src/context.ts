import type { RequestContext } from '@sw/kernel';
import type { Reveal } from './common/reveal';
import type { ClearanceReads } from './declaration/declaration.reads';
import type { ReceiptService } from './receipts/receipt.service';
import type { SubmissionService } from './submission/submission.service';

export interface ClearanceServices {
  submissions: SubmissionService;
  receipts: ReceiptService;
  reads: ClearanceReads;
  reveal: Reveal;
}

/** The request context every clearance resolver receives. */
export interface ClearanceContext extends RequestContext {
  services: ClearanceServices;
}
