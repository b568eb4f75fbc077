import type { BinaryOp, Command, Expr, NamedExpr, Query } from './ast';
import type { CompileCode, CompileParams } from './compile-messages';
import { QueryCompileError } from './errors';
import { AGGREGATE_FUNCTIONS, SCALAR_FUNCTIONS } from './functions';
import { COMMANDS, tokenize, type Token } from './lexer';
import { insightsRegex, RegexRefused, type LinearRegex } from './regex';
import { parsePeriod } from './values';

/** Results a query may ask for with `limit`. */
export const MAX_LIMIT = 100_000;

/**
 * How deep parentheses, lists, function calls, `not` and unary minus may nest:
 * the parser, the compiler and the evaluator recurse once per level, and a
 * query of 10,000 '(' would otherwise overflow the stack.
 */
export const MAX_NESTING = 100;
/** Binary operators a query may hold: a chain of them is a tree as deep as it is long (1+1+…+1). */
export const MAX_OPERATORS = 2_000;

/** Where the character at `offset` of a regex token's value is in the query text (`\/` is one character of the value). */
function regexTextOffset(token: Token, offset: number): number {
  let at = token.start + 1;
  for (let v = 0; v < offset && at < token.end - 1; v++) at += token.text[at - token.start] === '\\' && token.text[at - token.start + 1] === '/' ? 2 : 1;
  return at;
}

/**
 * Compiles a Logs Insights regular expression to run in linear time
 * (regex.ts); one it refuses is a compile error at the part at fault.
 */
export function compileRegex(token: Token, text: string): LinearRegex {
  try {
    return insightsRegex(token.value);
  } catch (e) {
    if (!(e instanceof RegexRefused)) throw e;
    const whole = e.offset === 0 && e.length === token.value.length;
    const start = whole ? token.start : regexTextOffset(token, e.offset);
    const end = whole ? token.end : regexTextOffset(token, e.offset + e.length);
    const code = e.reason === 'backreference' ? 'regexBackreference' : e.reason === 'lookaround' ? 'regexLookaround' : 'regexInvalid';
    throw new QueryCompileError(code, { regex: token.value, part: e.part, detail: e.reason === 'invalid' ? e.message : undefined }, start, end, text);
  }
}

/** The token a message says was found: quoted, or absent at the end of the query. */
const describe = (t: Token | undefined) => (t ? `'${t.text}'` : undefined);

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private depth = 0;
  private operators = 0;
  readonly warnings: QueryCompileError[] = [];

  constructor(private readonly text: string) {
    this.tokens = tokenize(text).filter((t) => t.kind !== 'comment');
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private error(code: CompileCode, params: CompileParams = {}, token = this.peek()): never {
    const start = token ? token.start : this.text.length;
    const end = token ? token.end : this.text.length;
    throw new QueryCompileError(code, params, start, end, this.text);
  }

  /** What should have come next (one of the `expected…` messages) was not there. */
  private expected(code: CompileCode, params: CompileParams = {}): never {
    const t = this.peek();
    if (t && t.kind === 'keyword' && t.text.toLowerCase() === 'by') this.error('unexpectedBy');
    this.error(code, { ...params, found: describe(t) });
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'keyword' && t.text.toLowerCase() === word;
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punctuation' && t.text === p;
  }

  private isOperator(op: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'operator' && t.text === op;
  }

  /** The punctuation `p`; `orComma` when a ',' could have come instead. */
  private expectPunct(p: string, orComma = false): Token {
    if (!this.isPunct(p)) this.expected(orComma ? 'expectedCommaOr' : 'expectedToken', { token: `'${p}'` });
    return this.tokens[this.pos++];
  }

  private source(start: number, end: number): string {
    return this.text.slice(start, end).replace(/\s+/g, ' ').trim();
  }

  parse(): Query {
    const commands: Command[] = [];
    if (this.tokens.length === 0) this.error('emptyQuery');
    for (;;) {
      // AWS: "The only query command that you can use in a query after the dedup command is limit."
      if (commands.some((c) => c.command === 'dedup')) this.onlyLimitAfterDedup();
      commands.push(this.command());
      const t = this.peek();
      if (!t) break;
      if (t.kind !== 'pipe') this.expected('expectedPipeOrEnd');
      this.pos++;
    }
    return { text: this.text, commands, warnings: this.warnings };
  }

  private onlyLimitAfterDedup(): void {
    const t = this.peek();
    if (t && t.kind === 'command' && t.text.toLowerCase() !== 'limit') {
      this.error('onlyLimitAfterDedup', { command: t.text });
    }
  }

  private command(): Command {
    const t = this.peek();
    if (!t || t.kind === 'pipe') this.expected('expectedCommand');
    if (t.kind !== 'command') {
      this.error('unknownCommand', { found: describe(t), commands: COMMANDS.join(', ') });
    }
    this.pos++;
    const start = t.start;
    const name = t.text.toLowerCase() as Command['command'];
    const end = () => this.tokens[this.pos - 1].end;
    switch (name) {
      case 'fields': {
        const items = this.namedList(false);
        return { command: 'fields', items, start, end: end() };
      }
      case 'display': {
        const items = this.namedList(false);
        const computed = items.find((i) => i.expr.type !== 'field' || i.name !== i.expr.name);
        if (computed) {
          this.error('displayComputed', {}, { ...t, start: computed.expr.start, end: computed.expr.end });
        }
        return { command: 'display', items, start, end: end() };
      }
      case 'filter': {
        const expr = this.expression(false);
        return { command: 'filter', expr, start, end: end() };
      }
      case 'stats': {
        const items = this.namedList(true);
        for (const item of items) {
          if (!containsAggregate(item.expr)) {
            this.error(
              'notAggregation',
              { name: item.name },
              {
                ...t,
                start: item.expr.start,
                end: item.expr.end,
              },
            );
          }
        }
        let by: NamedExpr[] = [];
        if (this.isKeyword('by')) {
          this.pos++;
          by = this.namedList(false);
        }
        return { command: 'stats', items, by, start, end: end() };
      }
      case 'sort': {
        const keys: { expr: Expr; descending: boolean }[] = [];
        // `sort by f` appears in published queries; the service accepts it as `sort f`.
        if (this.isKeyword('by')) this.pos++;
        do {
          if (keys.length > 0) this.pos++;
          const expr = this.expression(false);
          let descending = false;
          if (this.isKeyword('asc')) this.pos++;
          else if (this.isKeyword('desc')) {
            this.pos++;
            descending = true;
          }
          keys.push({ expr, descending });
        } while (this.isPunct(','));
        return { command: 'sort', keys, start, end: end() };
      }
      case 'limit': {
        const n = this.peek();
        if (!n || n.kind !== 'number' || !/^[0-9]+$/.test(n.text)) this.expected('expectedWholeNumber');
        const count = Number(n.text);
        if (count < 1 || count > MAX_LIMIT) this.error('limitRange', { max: MAX_LIMIT, got: n.text }, n);
        this.pos++;
        return { command: 'limit', count, start, end: end() };
      }
      case 'parse':
        return this.parseCommand(start);
      case 'dedup': {
        const fields: string[] = [];
        do {
          if (fields.length > 0) this.pos++;
          fields.push(this.fieldName());
        } while (this.isPunct(','));
        return { command: 'dedup', fields, start, end: end() };
      }
      case 'unnest': {
        const field = this.fieldName();
        if (!this.isKeyword('into')) this.expected('expectedInto');
        this.pos++;
        const into = this.fieldName();
        return { command: 'unnest', field, into, start, end: end() };
      }
      case 'unmask': {
        const field = this.fieldName();
        return { command: 'unmask', field, start, end: end() };
      }
    }
  }

  private parseCommand(start: number): Command {
    const source = this.expression(false);
    const p = this.peek();
    if (!p || (p.kind !== 'string' && p.kind !== 'regex')) this.expected('expectedParsePattern');
    this.pos++;
    if (p.kind === 'regex') {
      const regex = compileRegex(p, this.text);
      const names = [...p.value.matchAll(/\(\?<([A-Za-z_@][A-Za-z0-9_.@]*)>/g)].map((m) => m[1]);
      if (names.length === 0) this.error('parseNoNamedGroup', {}, p);
      return { command: 'parse', source, regex, names, start, end: p.end };
    }
    const stars = p.value.split('*').length - 1;
    if (stars === 0) this.error('parseNoStar', {}, p);
    if (!this.isKeyword('as')) this.expected('expectedAsNames', { count: stars });
    this.pos++;
    const names: string[] = [];
    do {
      if (names.length > 0) this.pos++;
      names.push(this.fieldName());
    } while (this.isPunct(','));
    if (names.length !== stars) {
      this.error(
        'parseNameCount',
        { stars, names: names.length },
        {
          ...p,
          start: p.start,
          end: this.tokens[this.pos - 1].end,
        },
      );
    }
    return { command: 'parse', source, glob: p.value, names, start, end: this.tokens[this.pos - 1].end };
  }

  private fieldName(): string {
    const t = this.peek();
    if (!t || t.kind !== 'field') this.expected('expectedFieldName');
    this.pos++;
    return t.value;
  }

  private namedList(aggregates: boolean): NamedExpr[] {
    const items: NamedExpr[] = [];
    do {
      if (items.length > 0) this.pos++;
      const expr = this.expression(aggregates);
      let name = expr.type === 'field' ? expr.name : this.source(expr.start, expr.end);
      if (this.isKeyword('as')) {
        this.pos++;
        name = this.fieldName();
      }
      items.push({ expr, name });
    } while (this.isPunct(','));
    return items;
  }

  private expression(aggregates: boolean): Expr {
    return this.or(aggregates);
  }

  /** Runs `f` one nesting level deeper; past MAX_NESTING the query is refused at `at`. */
  private nested<T>(at: Token, f: () => T): T {
    if (++this.depth > MAX_NESTING) this.error('tooDeep', { max: MAX_NESTING }, at);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /** One level of left-associative binary operators. */
  private chain(agg: boolean, next: (agg: boolean) => Expr, operator: () => BinaryOp | null): Expr {
    let left = next(agg);
    for (let op = operator(); op !== null; op = operator()) {
      if (++this.operators > MAX_OPERATORS) this.error('tooManyOperators', { max: MAX_OPERATORS });
      this.pos++;
      const right = next(agg);
      left = { type: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private or(agg: boolean): Expr {
    return this.chain(
      agg,
      (a) => this.and(a),
      () => (this.isKeyword('or') ? 'or' : null),
    );
  }

  private and(agg: boolean): Expr {
    return this.chain(
      agg,
      (a) => this.not(a),
      () => (this.isKeyword('and') ? 'and' : null),
    );
  }

  private not(agg: boolean): Expr {
    if (this.isKeyword('not')) {
      const t = this.tokens[this.pos++];
      const operand = this.nested(t, () => this.not(agg));
      return { type: 'unary', op: 'not', operand, start: t.start, end: operand.end };
    }
    return this.comparison(agg);
  }

  private comparison(agg: boolean): Expr {
    const left = this.additive(agg);
    const t = this.peek();
    if (!t) return left;
    if (t.kind === 'operator' && ['=', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      this.pos++;
      const right = this.additive(agg);
      return { type: 'binary', op: t.text as BinaryOp, left, right, start: left.start, end: right.end };
    }
    let negate = false;
    if (this.isKeyword('not') && (this.isKeyword('like', 1) || this.isKeyword('in', 1))) {
      negate = true;
      this.pos++;
    }
    if (this.isKeyword('like') || this.isOperator('=~')) {
      this.pos++;
      const p = this.peek();
      if (!p || (p.kind !== 'string' && p.kind !== 'regex')) this.expected('expectedMatchPattern');
      const pattern: Expr =
        p.kind === 'regex' ? { type: 'regex', source: p.value, regex: compileRegex(p, this.text), start: p.start, end: p.end } : { type: 'literal', value: p.value, start: p.start, end: p.end };
      this.pos++;
      return { type: 'match', negate, left, pattern, start: left.start, end: pattern.end };
    }
    if (this.isKeyword('in')) {
      this.pos++;
      if (!this.isPunct('[')) this.expected('expectedListStart');
      const list = this.primary(agg);
      return { type: 'in', negate, left, list, start: left.start, end: list.end };
    }
    return left;
  }

  private operator(ops: string[]): BinaryOp | null {
    const t = this.peek();
    return t !== undefined && t.kind === 'operator' && ops.includes(t.text) ? (t.text as BinaryOp) : null;
  }

  private additive(agg: boolean): Expr {
    return this.chain(
      agg,
      (a) => this.multiplicative(a),
      () => this.operator(['+', '-']),
    );
  }

  private multiplicative(agg: boolean): Expr {
    return this.chain(
      agg,
      (a) => this.power(a),
      () => this.operator(['*', '/', '%']),
    );
  }

  private power(agg: boolean): Expr {
    const left = this.unary(agg);
    if (this.isOperator('^')) {
      const t = this.tokens[this.pos++];
      const right = this.nested(t, () => this.power(agg));
      return { type: 'binary', op: '^', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(agg: boolean): Expr {
    if (this.isOperator('-')) {
      const t = this.tokens[this.pos++];
      const operand = this.nested(t, () => this.unary(agg));
      return { type: 'unary', op: '-', operand, start: t.start, end: operand.end };
    }
    return this.primary(agg);
  }

  private primary(agg: boolean): Expr {
    const t = this.peek();
    if (!t) this.expected('expectedExpression');
    switch (t.kind) {
      case 'field':
        this.pos++;
        return { type: 'field', name: t.value, start: t.start, end: t.end };
      case 'string':
        this.pos++;
        return { type: 'literal', value: t.value, start: t.start, end: t.end };
      case 'number':
        this.pos++;
        return { type: 'literal', value: Number(t.text), start: t.start, end: t.end };
      case 'period':
        this.pos++;
        return { type: 'period', period: parsePeriod(t.text), start: t.start, end: t.end };
      case 'regex':
        return this.error('regexPlacement', {}, t);
      case 'function':
        return this.call(agg);
      case 'punctuation':
        if (t.text === '(') {
          this.pos++;
          const inner = this.nested(t, () => this.expression(agg));
          if (this.peek() === undefined) {
            // Queries copied with their last ')' lost (the seeds' ACCESS_COUNT) still run; the editor shows a warning.
            this.warnings.push(new QueryCompileError('missingParen', {}, t.start, t.end, this.text));
            return { ...inner, start: t.start, end: inner.end };
          }
          const close = this.expectPunct(')');
          return { ...inner, start: t.start, end: close.end };
        }
        if (t.text === '[') {
          this.pos++;
          const items: Expr[] = [];
          if (!this.isPunct(']')) {
            do {
              if (items.length > 0) this.pos++;
              items.push(this.nested(t, () => this.expression(agg)));
            } while (this.isPunct(','));
          }
          const close = this.expectPunct(']', true);
          return { type: 'list', items, start: t.start, end: close.end };
        }
        break;
      case 'command':
        break;
    }
    this.expected('expectedExpression');
  }

  private call(agg: boolean): Expr {
    const t = this.tokens[this.pos++];
    const name = t.text.toLowerCase();
    const aggregate = AGGREGATE_FUNCTIONS.get(name);
    const scalar = SCALAR_FUNCTIONS.get(name);
    if (!aggregate && !scalar) this.error('unknownFunction', { name: t.text }, t);
    if (aggregate && !agg) this.error('aggregationOutsideStats', { name: t.text }, t);
    this.expectPunct('(');
    const args: Expr[] = [];
    let star = false;
    if (name === 'count' && this.isOperator('*')) {
      this.pos++;
      star = true;
    } else if (!this.isPunct(')')) {
      do {
        if (args.length > 0) this.pos++;
        // Aggregations do not nest: their arguments are per-record expressions.
        args.push(this.nested(t, () => this.expression(aggregate ? false : agg)));
      } while (this.isPunct(','));
    }
    const close = this.expectPunct(')', true);
    const spec = (aggregate ?? scalar)!;
    if (args.length < spec.min || args.length > spec.max) {
      const [code, params]: [CompileCode, CompileParams] =
        spec.min === spec.max ? ['argumentsExactly', { count: spec.min }] : spec.max === Infinity ? ['argumentsAtLeast', { min: spec.min }] : ['argumentsBetween', { min: spec.min, max: spec.max }];
      this.error(
        code,
        { name: t.text, ...params, given: args.length },
        {
          ...t,
          end: close.end,
        },
      );
    }
    return { type: 'call', name, args, aggregate: aggregate !== undefined, star, start: t.start, end: close.end };
  }
}

export function containsAggregate(e: Expr): boolean {
  switch (e.type) {
    case 'call':
      return e.aggregate || e.args.some(containsAggregate);
    case 'unary':
      return containsAggregate(e.operand);
    case 'binary':
      return containsAggregate(e.left) || containsAggregate(e.right);
    case 'match':
      return containsAggregate(e.left);
    case 'in':
      return containsAggregate(e.left);
    case 'list':
      return e.items.some(containsAggregate);
    default:
      return false;
  }
}

/** Parses a query; throws QueryCompileError with the position of the first problem. */
export function parseQuery(text: string): Query {
  return new Parser(text).parse();
}
