import type { RequestContext } from '@sw/kernel';
import type { CaptureService } from './event/capture.service';
import type { ProductService } from './product/product.service';
import type { QualityService } from './quality/quality.service';
import type { TraceService } from './trace/trace.service';

export interface TraceabilityServices {
  products: ProductService;
  capture: CaptureService;
  trace: TraceService;
  quality: QualityService;
}

/** The request context every traceability resolver receives. */
export interface TraceabilityContext extends RequestContext {
  services: TraceabilityServices;
}
