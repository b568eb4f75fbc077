/**
 * Why a query does not compile, as a code and the values its message names. The English messages below
 * are the ones the service-facing side speaks (the sandbox's MalformedQueryException, the console's API
 * answers); the console's pages say the same in the reader's language from the `LogsInsightsCompile`
 * messages, which messages/compile-messages.test.ts holds to these.
 */

/** A compile error's values. `found` is the token where the parser stopped, quoted, or absent at the end of the query. */
export type CompileParams = Record<string, string | number | undefined>;

const found = (p: CompileParams) => (p.found === undefined ? 'end of query' : String(p.found));
const plural = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;

const expected = (what: string) => (p: CompileParams) => `Expected ${what} but found ${found(p)}`;

export const COMPILE_MESSAGES = {
  // The lexer: text that cannot be a token.
  unterminatedString: (p: CompileParams) => `Unterminated string: expected a closing ${p.quote}`,
  unterminatedName: () => 'Unterminated backquoted name: expected a closing `',
  emptyName: () => 'Empty backquoted name',
  unterminatedRegex: () => 'Unterminated regular expression: expected a closing /',
  unknownUnit: (p: CompileParams) => `Unknown time unit '${p.unit}': expected one of ms, s, m, h, d, w, mo, q, y (or their long names)`,
  unexpectedCharacter: (p: CompileParams) => `Unexpected character '${p.character}'`,
  // Regular expressions: the parts no linear-time engine runs, and the engine's own objection.
  regexBackreference: (p: CompileParams) => `Invalid regular expression /${p.regex}/: backreferences such as ${p.part} are not supported: they cannot be matched in linear time`,
  regexLookaround: (p: CompileParams) => `Invalid regular expression /${p.regex}/: lookaround (${p.part}…) is not supported: it cannot be matched in linear time`,
  regexInvalid: (p: CompileParams) => `Invalid regular expression /${p.regex}/: ${p.detail}`,
  // The parser.
  emptyQuery: () => 'Expected a query command but the query is empty',
  unexpectedBy: () => `Unexpected 'by': 'by' is only allowed after the aggregations of a stats command`,
  expectedPipeOrEnd: expected(`'|' or end of query`),
  expectedCommand: expected('a query command'),
  expectedWholeNumber: expected('a whole number of results'),
  expectedInto: expected(`'into'`),
  expectedParsePattern: expected('a glob pattern in quotes or a /regular expression/'),
  expectedAsNames: (p: CompileParams) => expected(`'as' and ${plural(Number(p.count), 'field name', 'field names')}`)(p),
  expectedFieldName: expected('a field name'),
  expectedMatchPattern: expected('a "string" or /regular expression/ to match'),
  expectedListStart: expected(`'[' to start the list after 'in'`),
  expectedExpression: expected('an expression'),
  expectedToken: (p: CompileParams) => expected(String(p.token))(p),
  expectedCommaOr: (p: CompileParams) => expected(`',' or ${p.token}`)(p),
  onlyLimitAfterDedup: (p: CompileParams) => `Unexpected command '${p.command}': only limit can follow dedup`,
  unknownCommand: (p: CompileParams) => `Unknown command ${found(p)}: expected one of ${p.commands}`,
  displayComputed: () => 'display takes field names; compute values with fields ... as name',
  notAggregation: (p: CompileParams) => `'${p.name}' is not an aggregation: each stats item needs count, sum, avg, min, max, pct, stddev, count_distinct, earliest, latest, sortsFirst or sortsLast`,
  limitRange: (p: CompileParams) => `limit must be between 1 and ${p.max}, got ${p.got}`,
  parseNoNamedGroup: () => 'A parse regular expression needs at least one named capturing group such as (?<name>...)',
  parseNoStar: () => `The parse pattern has no '*' to extract`,
  parseNameCount: (p: CompileParams) => `The parse pattern has ${p.stars} '*' but ${plural(Number(p.names), 'field name follows', 'field names follow')} 'as'`,
  tooDeep: (p: CompileParams) => `The query nests more than ${p.max} levels deep (parentheses, lists, function calls, not, -) here; simplify it`,
  tooManyOperators: (p: CompileParams) => `The query has more than ${p.max} operators; simplify it`,
  regexPlacement: () => 'A /regular expression/ can only follow like, not like or =~',
  unknownFunction: (p: CompileParams) => `Unknown function '${p.name}'`,
  aggregationOutsideStats: (p: CompileParams) => `The aggregation function '${p.name}' can only be used in a stats command`,
  argumentsExactly: (p: CompileParams) => `Function '${p.name}' takes ${plural(Number(p.count), 'argument', 'arguments')} but was given ${p.given}`,
  argumentsAtLeast: (p: CompileParams) => `Function '${p.name}' takes at least ${plural(Number(p.min), 'argument', 'arguments')} but was given ${p.given}`,
  argumentsBetween: (p: CompileParams) => `Function '${p.name}' takes ${p.min} to ${p.max} arguments but was given ${p.given}`,
  missingParen: () => `Missing ')' for the '(' here`,
  // What the service said, located in the user's text: its words, as it said them.
  service: (p: CompileParams) => String(p.message),
} satisfies Record<string, (p: CompileParams) => string>;

export type CompileCode = keyof typeof COMPILE_MESSAGES;

export function compileMessage(code: CompileCode, params: CompileParams): string {
  return COMPILE_MESSAGES[code](params);
}
