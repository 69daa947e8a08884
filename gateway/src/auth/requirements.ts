import type { Identity } from '@sw/kernel';

/** What a field or type asks of its caller, read from `@authenticated` and `@requiresScopes`. */
export interface Requirement {
  authenticated: boolean;
  /** Any one inner list, all of whose scopes the caller holds, is enough. */
  scopes?: string[][];
}

/** The requirements of a supergraph, by schema coordinate (`Type` or `Type.field`). */
export class AccessRequirements {
  private readonly byCoordinate = new Map<string, Requirement>();

  add(coordinate: string, requirement: Partial<Requirement>): void {
    const current = this.byCoordinate.get(coordinate) ?? { authenticated: false };
    this.byCoordinate.set(coordinate, {
      authenticated: current.authenticated || (requirement.authenticated ?? false),
      scopes: requirement.scopes ?? current.scopes,
    });
  }

  of(coordinate: string): Requirement | undefined {
    return this.byCoordinate.get(coordinate);
  }

  get size(): number {
    return this.byCoordinate.size;
  }
}

export type Verdict = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/** A REGULATOR holds every scope (API.md); others hold what their key or token lists. */
export function judge(identity: Identity | undefined, requirement: Requirement | undefined): Verdict {
  if (!requirement) return 'ALLOWED';
  if (!identity) return requirement.authenticated || requirement.scopes ? 'UNAUTHENTICATED' : 'ALLOWED';
  if (!requirement.scopes || identity.role === 'REGULATOR') return 'ALLOWED';
  const held = new Set(identity.scopes);
  return requirement.scopes.some((all) => all.every((scope) => held.has(scope))) ? 'ALLOWED' : 'FORBIDDEN';
}
