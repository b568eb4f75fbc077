import { describe, expect, it } from 'vitest';
import { QueryCompileError } from './errors';
import { tokenize } from './lexer';
import { parseQuery } from './parser';
import { highlightTokens, validateQuery } from './validate';

/** The error's message and place; its code and values are checked on their own below. */
const error = (text: string) => {
  const r = validateQuery(text);
  if (r.ok) throw new Error(`compiled: ${text}`);
  const { code: _code, params: _params, ...located } = r.error;
  return located;
};

describe('compile errors carry the message and the exact place', () => {
  it('unknown command', () => {
    expect(error('fields @message\n| grep error')).toEqual({
      message: "Unknown command 'grep': expected one of fields, display, filter, stats, sort, limit, parse, dedup, unnest, unmask",
      line: 2,
      column: 3,
      start: 18,
      end: 22,
    });
  });

  it('unterminated string', () => {
    expect(error('filter log = "abc')).toEqual({ message: 'Unterminated string: expected a closing "', line: 1, column: 14, start: 13, end: 17 });
  });

  it('unterminated regular expression', () => {
    expect(error('filter log like /err')).toEqual({
      message: 'Unterminated regular expression: expected a closing /',
      line: 1,
      column: 17,
      start: 16,
      end: 20,
    });
  });

  it('unterminated backquoted name', () => {
    expect(error('fields `foo-bar')).toMatchObject({ message: 'Unterminated backquoted name: expected a closing `', start: 7, end: 15 });
  });

  it('a function given the wrong number of arguments', () => {
    expect(error('fields substr(@message)')).toEqual({
      message: "Function 'substr' takes 2 to 3 arguments but was given 1",
      line: 1,
      column: 8,
      start: 7,
      end: 23,
    });
    expect(error('stats pct(latency)')).toMatchObject({ message: "Function 'pct' takes 2 arguments but was given 1", start: 6, end: 18 });
  });

  it('by outside stats', () => {
    expect(error('fields a\n  by b')).toEqual({
      message: "Unexpected 'by': 'by' is only allowed after the aggregations of a stats command",
      line: 2,
      column: 3,
      start: 11,
      end: 13,
    });
  });

  it('an aggregation outside stats', () => {
    expect(error('fields count(*)')).toMatchObject({ message: "The aggregation function 'count' can only be used in a stats command", start: 7, end: 12 });
  });

  it('a stats item without an aggregation', () => {
    expect(error('stats count(*), log by stream')).toMatchObject({ start: 16, end: 19 });
  });

  it('an unknown function', () => {
    expect(error('filter isprsent(x)')).toEqual({ message: "Unknown function 'isprsent'", line: 1, column: 8, start: 7, end: 15 });
  });

  it('an unknown time unit', () => {
    expect(error('stats count(*) by bin(5x)')).toMatchObject({ start: 22, end: 24 });
  });

  it('limit out of range', () => {
    expect(error('limit 100001')).toEqual({ message: 'limit must be between 1 and 100000, got 100001', line: 1, column: 7, start: 6, end: 12 });
  });

  it('a glob parse with fewer names than stars', () => {
    expect(error('parse @message "* - *" as a')).toEqual({
      message: "The parse pattern has 2 '*' but 1 field name follows 'as'",
      line: 1,
      column: 16,
      start: 15,
      end: 27,
    });
  });

  it('display with a computed value', () => {
    expect(error('display @timestamp, abs(x)')).toMatchObject({ message: 'display takes field names; compute values with fields ... as name', start: 20, end: 26 });
  });

  it('a regular expression outside like', () => {
    expect(error('filter a = /x/')).toEqual({ message: 'A /regular expression/ can only follow like, not like or =~', line: 1, column: 12, start: 11, end: 14 });
  });

  it('an invalid regular expression', () => {
    expect(error('filter log like /a(b/')).toMatchObject({ start: 16, end: 21 });
  });

  it('lookaround and backreferences, which cannot run in linear time, at the part that uses them', () => {
    // 'filter log like ' is 16 characters: the pattern's '(' after 'a' is at 18.
    expect(error('filter log like /a(?=b)/')).toEqual({
      message: 'Invalid regular expression /a(?=b)/: lookaround ((?=…) is not supported: it cannot be matched in linear time',
      line: 1,
      column: 19,
      start: 18,
      end: 21,
    });
    // An escaped slash is two characters of the query and one of the pattern.
    expect(error('fields a\n| parse @message /x\\/(?<y>\\w)\\1/')).toMatchObject({ line: 2, column: 30, start: 38, end: 40 });
  });

  it('nesting past the limit, before the parser recurses that deep', () => {
    // 'filter ' is 7 characters; the 101st '(' is at 7 + 100.
    expect(error(`filter ${'('.repeat(10_000)}a${')'.repeat(10_000)}`)).toEqual({
      message: 'The query nests more than 100 levels deep (parentheses, lists, function calls, not, -) here; simplify it',
      line: 1,
      column: 108,
      start: 107,
      end: 108,
    });
    expect(error(`filter ${'not '.repeat(5_000)}a`)).toMatchObject({ start: 7 + 4 * 100, end: 7 + 4 * 100 + 3 });
    expect(error(`fields ${'abs('.repeat(3_000)}1${')'.repeat(3_000)}`)).toMatchObject({ start: 7 + 4 * 100, end: 7 + 4 * 100 + 3 });
    expect(error(`fields ${'-'.repeat(9_000)}1`)).toMatchObject({ start: 107, end: 108 });
    expect(validateQuery(`filter ${'('.repeat(100)}a = 1${')'.repeat(100)}`)).toEqual({ ok: true, warnings: [] });
    // A chain of operators is a tree as deep as it is long: 'filter 1' is 8 characters, each '+1' two more.
    expect(error(`filter 1${'+1'.repeat(4_999)}`)).toEqual({ message: 'The query has more than 2000 operators; simplify it', line: 1, column: 4009, start: 4008, end: 4009 });
  });

  it('a command other than limit after dedup, at that command', () => {
    // AWS's dedup page: "The only query command that you can use in a query after the dedup command is limit."
    // 'fields server\n| dedup server\n| ' is 31 characters (14 + 15 + 2): 'sort' starts at 31, line 3, column 3.
    expect(error('fields server\n| dedup server\n| sort server')).toEqual({
      message: "Unexpected command 'sort': only limit can follow dedup",
      line: 3,
      column: 3,
      start: 31,
      end: 35,
    });
    // Every later command, not only the next one: 'dedup a | limit 5 | ' is 20 characters.
    expect(error('dedup a | limit 5 | fields a')).toEqual({ message: "Unexpected command 'fields': only limit can follow dedup", line: 1, column: 21, start: 20, end: 26 });
    expect(error('dedup a | DEDUP b')).toMatchObject({ message: "Unexpected command 'DEDUP': only limit can follow dedup", start: 10, end: 15 });
    // An unknown word after dedup is still an unknown command.
    expect(error('dedup a | grep b')).toMatchObject({
      message: "Unknown command 'grep': expected one of fields, display, filter, stats, sort, limit, parse, dedup, unnest, unmask",
      start: 10,
      end: 14,
    });
    expect(validateQuery('fields @timestamp, server | sort @timestamp desc | dedup server | limit 10 | limit 5')).toEqual({ ok: true, warnings: [] });
  });

  it('a dangling pipe and an empty query', () => {
    expect(error('fields a |')).toEqual({ message: 'Expected a query command but found end of query', line: 1, column: 11, start: 10, end: 10 });
    expect(error('  # only a comment')).toMatchObject({ message: 'Expected a query command but the query is empty' });
  });

  it('something after a complete command', () => {
    expect(error('filter a = 1 b')).toEqual({ message: "Expected '|' or end of query but found 'b'", line: 1, column: 14, start: 13, end: 14 });
  });

  it('the AWS queryCompileError shape', () => {
    try {
      parseQuery('filter x like');
      throw new Error('compiled');
    } catch (e) {
      expect(e).toBeInstanceOf(QueryCompileError);
      expect((e as QueryCompileError).name).toBe('MalformedQueryException');
      expect((e as QueryCompileError).toQueryCompileError()).toEqual({
        location: { startCharOffset: 13, endCharOffset: 13 },
        message: 'Expected a "string" or /regular expression/ to match but found end of query',
      });
    }
  });
});

describe('the language', () => {
  it('a ) missing at the very end compiles with a warning', () => {
    expect(validateQuery('filter (a = 1 and (b = 2)')).toEqual({
      ok: true,
      warnings: [{ message: "Missing ')' for the '(' here", code: 'missingParen', params: {}, line: 1, column: 8, start: 7, end: 8 }],
    });
    expect(validateQuery('filter (a = 1 | limit 1').ok).toBe(false);
  });

  it('names commands, aliases and sort directions', () => {
    const q = parseQuery('fields abs(x) as ax, y | stats avg (ax) as m by bin(5m), y | sort m desc, y | limit 5');
    expect(q.commands.map((c) => c.command)).toEqual(['fields', 'stats', 'sort', 'limit']);
    const [fields, stats, sort] = q.commands;
    expect(fields.command === 'fields' && fields.items.map((i) => i.name)).toEqual(['ax', 'y']);
    expect(stats.command === 'stats' && [...stats.by.map((b) => b.name), ...stats.items.map((i) => i.name)]).toEqual(['bin(5m)', 'y', 'm']);
    expect(sort.command === 'sort' && sort.keys.map((k) => k.descending)).toEqual([true, false]);
  });

  it('keywords and function names are not case-sensitive', () => {
    expect(validateQuery('FILTER isPresent(a) AND NOT isEmpty(b) | SORT a DESC')).toEqual({ ok: true, warnings: [] });
  });

  it('a slash after an operand divides; after like or parse <field> it starts a regex', () => {
    expect(tokenize('fields a / 2').map((t) => t.kind)).toEqual(['command', 'field', 'operator', 'number']);
    expect(tokenize('parse @message /(?<x>\\d+)/').map((t) => t.kind)).toEqual(['command', 'field', 'regex']);
    expect(tokenize('filter a like /x\\/y/')[3].value).toBe('x/y');
  });
});

describe('tokens for highlighting', () => {
  it('spans every token, comments included', () => {
    const text = 'stats count(*) as n by bin(5m) # per 5 minutes\n| filter `a-b` =~ "x" and @log in [1, 2.5]';
    expect(tokenize(text).map((t) => [t.kind, t.text])).toEqual([
      ['command', 'stats'],
      ['function', 'count'],
      ['punctuation', '('],
      ['operator', '*'],
      ['punctuation', ')'],
      ['keyword', 'as'],
      ['field', 'n'],
      ['keyword', 'by'],
      ['function', 'bin'],
      ['punctuation', '('],
      ['period', '5m'],
      ['punctuation', ')'],
      ['comment', '# per 5 minutes'],
      ['pipe', '|'],
      ['command', 'filter'],
      ['field', '`a-b`'],
      ['operator', '=~'],
      ['string', '"x"'],
      ['keyword', 'and'],
      ['field', '@log'],
      ['keyword', 'in'],
      ['punctuation', '['],
      ['number', '1'],
      ['punctuation', ','],
      ['number', '2.5'],
      ['punctuation', ']'],
    ]);
  });

  it('a command word used as a field is a field', () => {
    expect(tokenize('fields limit, sort').map((t) => t.kind)).toEqual(['command', 'field', 'punctuation', 'field']);
  });

  it('text that does not lex ends in an error span', () => {
    expect(highlightTokens('filter a = "oops')).toEqual([
      { kind: 'command', start: 0, end: 6 },
      { kind: 'field', start: 7, end: 8 },
      { kind: 'operator', start: 9, end: 10 },
      { kind: 'error', start: 11, end: 16 },
    ]);
  });
});
