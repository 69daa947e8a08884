import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isEnumType, isInputObjectType, isInterfaceType, isObjectType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputField, type GraphQLNamedType, type GraphQLSchema,
} from 'graphql';
import { REPO_ROOT } from './generate';

/**
 * The partner contract, kept beside the repository by the programme, not in it.
 * Its ```graphql blocks are pseudo-SDL: enough to name what partners build against.
 */
export const CONTRACT_FILE = join(REPO_ROOT, '..', 'shared', 'API.md');

export interface ContractArgument { name: string; type?: string }
export interface ContractField { name: string; type?: string; arguments: ContractArgument[] }
/** `root` is the shorthand `Query { … }`, `Mutation { … }` or `Subscription { … }`. */
export type ContractKind = 'type' | 'extend type' | 'input' | 'enum' | 'root';
export interface ContractDefinition { kind: ContractKind; name: string; fields: ContractField[]; values: string[] }
export interface ContractSection { title: string; definitions: ContractDefinition[] }

/** Per `## ` section title: everything in it, or only the definitions (`Role`) and fields (`Query.apiKeys`) named. */
export type BuiltSections = Record<string, 'all' | readonly string[]>;

export function readContract(path = CONTRACT_FILE): ContractSection[] {
  if (!existsSync(path)) {
    throw new Error(`the partner contract API.md is missing: expected it at ${path} (the repository's parent folder, shared/API.md)`);
  }
  return parseContract(readFileSync(path, 'utf8'));
}

/** Reads every ```graphql block of API.md, by `## ` section; whatever it cannot read, it skips. */
export function parseContract(markdown: string): ContractSection[] {
  const sections: ContractSection[] = [];
  let section: ContractSection | undefined;
  let block: string[] | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    if (block) {
      if (/^\s*```/.test(line)) {
        section?.definitions.push(...parseBlock(block.join('\n')));
        block = undefined;
      } else {
        block.push(line);
      }
    } else if (/^\s*```\s*graphql\b/.test(line)) {
      block = [];
    } else {
      const heading = /^##\s+(.+?)\s*$/.exec(line);
      if (heading) sections.push(section = { title: heading[1], definitions: [] });
    }
  }
  return sections;
}

const TOKEN = /#[^\n]*|"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\S/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

class Tokens {
  private readonly list: string[];
  private at = 0;
  constructor(source: string) {
    this.list = (source.match(TOKEN) ?? []).filter((token) => !token.startsWith('#'));
  }
  peek(ahead = 0): string | undefined { return this.list[this.at + ahead]; }
  next(): string | undefined { return this.list[this.at++]; }
  eat(token: string): boolean {
    if (this.peek() !== token) return false;
    this.at++;
    return true;
  }
  /** Skips from an opening bracket to its partner. */
  skipBalanced(): void {
    const open = this.next();
    const close = open === '(' ? ')' : open === '[' ? ']' : '}';
    for (let depth = 1; depth > 0 && this.peek() !== undefined;) {
      const token = this.next();
      if (token === open) depth++;
      else if (token === close) depth--;
    }
  }
  skipDirectives(): void {
    while (this.eat('@')) {
      this.next();
      if (this.peek() === '(') this.skipBalanced();
    }
  }
}

function parseBlock(source: string): ContractDefinition[] {
  const tokens = new Tokens(source);
  const definitions: ContractDefinition[] = [];
  while (tokens.peek() !== undefined) {
    const word = tokens.next()!;
    let kind: ContractKind;
    let name: string;
    if (word === 'extend' && tokens.peek() === 'type' && NAME.test(tokens.peek(1) ?? '')) {
      tokens.next();
      kind = 'extend type';
      name = tokens.next()!;
    } else if ((word === 'type' || word === 'input' || word === 'enum') && NAME.test(tokens.peek() ?? '')) {
      kind = word;
      name = tokens.next()!;
    } else if (ROOTS.has(word) && tokens.peek() === '{') {
      kind = 'root';
      name = word;
    } else {
      continue;
    }
    // `implements …` and directives such as @key(fields: "uscc") sit before the body.
    while (tokens.peek() !== undefined && tokens.peek() !== '{') {
      if (tokens.peek() === '@') tokens.skipDirectives();
      else tokens.next();
    }
    if (!tokens.eat('{')) break;
    const definition: ContractDefinition = { kind, name, fields: [], values: [] };
    if (kind === 'enum') parseEnumValues(tokens, definition.values);
    else parseFields(tokens, definition.fields);
    definitions.push(definition);
  }
  return definitions;
}

function parseEnumValues(tokens: Tokens, values: string[]): void {
  while (tokens.peek() !== undefined && !tokens.eat('}')) {
    if (tokens.peek() === '@') tokens.skipDirectives();
    else if (NAME.test(tokens.peek()!)) values.push(tokens.next()!);
    else tokens.next();
  }
}

function parseFields(tokens: Tokens, fields: ContractField[]): void {
  while (tokens.peek() !== undefined && !tokens.eat('}')) {
    if (!NAME.test(tokens.peek()!)) {
      tokens.next();
      continue;
    }
    const field: ContractField = { name: tokens.next()!, arguments: [] };
    if (tokens.eat('(')) {
      while (tokens.peek() !== undefined && !tokens.eat(')')) {
        if (!NAME.test(tokens.peek()!)) {
          tokens.next();
          continue;
        }
        const argument: ContractArgument = { name: tokens.next()! };
        if (tokens.eat(':')) argument.type = parseType(tokens);
        if (tokens.eat('=')) skipValue(tokens);
        tokens.skipDirectives();
        field.arguments.push(argument);
      }
    }
    if (tokens.eat(':')) field.type = parseType(tokens);
    if (tokens.eat('=')) skipValue(tokens);
    tokens.skipDirectives();
    fields.push(field);
  }
}

/** `Name`, `Name!`, `[Name!]!` …, printed as graphql-js prints a type. */
function parseType(tokens: Tokens): string | undefined {
  let type: string | undefined;
  if (tokens.eat('[')) {
    const inner = parseType(tokens);
    if (inner === undefined || !tokens.eat(']')) return undefined;
    type = `[${inner}]`;
  } else if (NAME.test(tokens.peek() ?? '')) {
    type = tokens.next()!;
  } else {
    return undefined;
  }
  return tokens.eat('!') ? `${type}!` : type;
}

function skipValue(tokens: Tokens): void {
  const token = tokens.peek();
  if (token === '[' || token === '{') tokens.skipBalanced();
  else tokens.next();
}

const ROOT_TYPES = {
  Query: (schema: GraphQLSchema) => schema.getQueryType(),
  Mutation: (schema: GraphQLSchema) => schema.getMutationType(),
  Subscription: (schema: GraphQLSchema) => schema.getSubscriptionType(),
} as const;

function describe(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'type';
  if (isInterfaceType(type)) return 'interface';
  if (isInputObjectType(type)) return 'input';
  if (isEnumType(type)) return 'enum';
  return 'scalar or union';
}

/**
 * Every name the built sections of the contract fix that `schema` lacks or types differently,
 * one line each (`Type.field: expected X, got Y`). Argument defaults are not compared.
 */
export function contractDifferences(sections: readonly ContractSection[], schema: GraphQLSchema, built: BuiltSections): string[] {
  const differences: string[] = [];
  for (const title of Object.keys(built)) {
    if (!sections.some((section) => section.title === title)) differences.push(`## ${title}: no such section in API.md`);
  }
  for (const section of sections) {
    const scope = built[section.title];
    if (scope === undefined) continue;
    const wanted = (definition: string, field?: string) => scope === 'all' || scope.includes(definition)
      || (field !== undefined && scope.includes(`${definition}.${field}`));
    for (const definition of section.definitions) {
      const { name } = definition;
      if (!wanted(name) && !definition.fields.some((field) => wanted(name, field.name))) continue;
      const actual = definition.kind === 'root'
        ? ROOT_TYPES[name as keyof typeof ROOT_TYPES](schema) ?? undefined
        : schema.getType(name) ?? undefined;
      const expectedKind = definition.kind === 'root' || definition.kind === 'extend type' ? 'type' : definition.kind;
      if (!actual) {
        differences.push(`${name}: expected ${definition.kind === 'root' ? 'root type' : expectedKind}, missing`);
        continue;
      }
      if (isEnumType(actual) && expectedKind === 'enum') {
        for (const value of definition.values) {
          if (!actual.getValue(value)) differences.push(`${name}.${value}: expected enum value, missing`);
        }
        continue;
      }
      let fieldsOf: Record<string, GraphQLField<unknown, unknown> | GraphQLInputField> | undefined;
      if ((isObjectType(actual) || isInterfaceType(actual)) && expectedKind === 'type') fieldsOf = actual.getFields();
      else if (isInputObjectType(actual) && expectedKind === 'input') fieldsOf = actual.getFields();
      if (!fieldsOf) {
        differences.push(`${name}: expected ${expectedKind}, got ${describe(actual)}`);
        continue;
      }
      for (const field of definition.fields) {
        if (!wanted(name, field.name)) continue;
        const where = `${actual.name}.${field.name}`;
        const found = fieldsOf[field.name];
        if (!found) {
          differences.push(`${where}: expected ${field.type ?? 'field'}, missing`);
          continue;
        }
        if (field.type !== undefined && String(found.type) !== field.type) {
          differences.push(`${where}: expected ${field.type}, got ${String(found.type)}`);
        }
        const args: readonly GraphQLArgument[] = 'args' in found ? found.args : [];
        for (const argument of field.arguments) {
          const foundArgument = args.find((arg) => arg.name === argument.name);
          if (!foundArgument) {
            differences.push(`${where}(${argument.name}:): expected ${argument.type ?? 'argument'}, missing`);
          } else if (argument.type !== undefined && String(foundArgument.type) !== argument.type) {
            differences.push(`${where}(${argument.name}:): expected ${argument.type}, got ${String(foundArgument.type)}`);
          }
        }
      }
    }
  }
  return differences;
}
