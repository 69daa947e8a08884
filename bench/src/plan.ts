/** One subgraph call a gateway made for one client request, as the recording proxy saw it. */
export interface RecordedFetch {
  subgraph: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  response: string;
  start: number;
  end: number;
}

/** The subgraph calls of one request in plan order: the calls of a stage run together, stages one after another. */
export interface ReplayPlan {
  stages: { subgraph: string; url: string; body: string; headers: Record<string, string> }[][];
  /** The answer the floor sends back (the gateway's own answer to the recorded request). */
  response: string;
  /** A value in the recorded bodies and answer that the floor replaces with the request's `variables[variable]`. */
  template?: { variable: string; recorded: string };
  /** Re-sign `x-sw-identity` for this caller on every call (workload B). */
  signCaller?: unknown;
}

/**
 * Groups recorded calls into stages: a call that started before any call of the current
 * stage had finished was issued with them (a Parallel node); one that started later waited
 * for one of them (a Sequence). The recorder holds answers back while recording, so the two
 * are far apart in time.
 */
export function stagesOf(fetches: RecordedFetch[]): RecordedFetch[][] {
  const stages: RecordedFetch[][] = [];
  for (const fetch of [...fetches].sort((a, b) => a.start - b.start)) {
    const current = stages[stages.length - 1];
    if (current && fetch.start < Math.min(...current.map((f) => f.end))) current.push(fetch);
    else stages.push([fetch]);
  }
  return stages;
}

/** Entity representations in a subgraph request: total and distinct. */
export function representationsOf(body: string): { total: number; unique: number } {
  try {
    const variables = (JSON.parse(body) as { variables?: Record<string, unknown> }).variables ?? {};
    let total = 0;
    const unique = new Set<string>();
    for (const value of Object.values(variables)) {
      if (!Array.isArray(value) || !value.every((item) => item && typeof item === 'object' && '__typename' in item)) continue;
      total += value.length;
      for (const item of value) unique.add(JSON.stringify(item));
    }
    return { total, unique: unique.size };
  } catch {
    return { total: 0, unique: 0 };
  }
}
