import { Lexer, Source, TokenKind } from 'graphql';

/**
 * Whether `query` has more than `max` lexical tokens, found by lexing only (no AST), and
 * stopping at the first token past the limit: the same count graphql-js's `maxTokens`
 * parse option and graphql-armor's max-tokens use, but cheap enough to run before Apollo
 * parses the text. A lexical error stops the count; the parser reports it afterwards.
 */
export function exceedsTokens(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > max) return true;
    }
  } catch {
    return false;
  }
  return false;
}
