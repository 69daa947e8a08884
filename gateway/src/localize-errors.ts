import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context';

/** What each partner-facing code means, for callers that send `Accept-Language: zh`. */
const ZH: Record<string, string> = {
  BAD_USER_INPUT: '输入无效',
  UNAUTHENTICATED: '未认证',
  FORBIDDEN: '无权访问',
  NOT_FOUND: '未找到',
  CONFLICT: '与现有数据冲突',
  QUOTA_EXCEEDED: '超出限额',
  UPSTREAM_UNAVAILABLE: '外部机构暂不可用',
  RATE_LIMITED: '请求过于频繁',
  QUERY_TOO_COMPLEX: '查询过于复杂',
  INTERNAL_SERVER_ERROR: '服务器内部错误',
  GRAPHQL_VALIDATION_FAILED: '查询无效',
  GRAPHQL_PARSE_FAILED: '查询无法解析',
};

const HAS_CHINESE = /[\u4e00-\u9fff]/;

/**
 * Messages are English by default; a `zh` caller gets the meaning of the code in Chinese first.
 * Messages already written in Chinese (the limits') pass unchanged; the English detail is kept
 * after the Chinese summary because it names fields and values exactly.
 */
export const localizeErrors: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ contextValue }) {
    if (contextValue.lang !== 'zh') return {};
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const errors = response.body.singleResult.errors;
        if (!errors) return;
        response.body.singleResult.errors = errors.map((error) => {
          const summary = ZH[String(error.extensions?.code ?? '')];
          if (!summary || HAS_CHINESE.test(error.message)) return error;
          return { ...error, message: `${summary}：${error.message}` };
        });
      },
    };
  },
};
