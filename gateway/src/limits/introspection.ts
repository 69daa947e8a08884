import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, visit, type DocumentNode } from 'graphql';
import type { GatewayContext } from '../context';
import type { IntrospectionCaller } from './config';
import { refused } from './errors';

/** Whether the document asks for the schema (`__schema` or `__type`, fragments included); `__typename` does not. */
function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Introspection per role (INTROSPECTION_ROLES): others get FORBIDDEN. INTROSPECTION=false
 * still turns it off for everyone (Apollo's own rule), so this only ever narrows it.
 */
export function introspectionPlugin(allowed: ReadonlySet<IntrospectionCaller>): ApolloServerPlugin<GatewayContext> {
  const seen = new WeakMap<DocumentNode, boolean>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          let asks = seen.get(document);
          if (asks === undefined) seen.set(document, (asks = introspects(document)));
          if (!asks) return;
          const caller: IntrospectionCaller = contextValue.identity?.role ?? 'ANONYMOUS';
          if (allowed.has(caller)) return;
          throw refused(
            `introspection (__schema, __type) is not available to ${caller === 'ANONYMOUS' ? 'anonymous callers' : `the ${caller} role`}`,
            `${caller === 'ANONYMOUS' ? '匿名调用方' : `${caller} 角色`}不能使用内省查询（__schema、__type）`,
            contextValue.lang,
          );
        },
      };
    },
  };
}
