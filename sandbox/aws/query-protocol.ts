/**
 * The AWS query protocol's two codecs, driven by a service's shapes: form parameters
 * (`Action=…&Version=…`, lists as `Name.member.N`, maps as `Name.entry.N.key`, structures as
 * `Name.Member`) decoded into the same input the JSON protocols carry, and an operation's
 * output or error encoded as the XML the service answers.
 */
export type Shape =
  | { type: 'string' | 'integer' | 'long' | 'double' | 'boolean' | 'timestamp' }
  | { type: 'list'; member: Shape }
  | { type: 'map'; key: Shape; value: Shape }
  | { type: 'structure'; members: Record<string, Shape> };

export type StructureShape = Extract<Shape, { type: 'structure' }>;

export const S: Shape = { type: 'string' };
export const I: Shape = { type: 'integer' };
export const L: Shape = { type: 'long' };
export const D: Shape = { type: 'double' };
export const B: Shape = { type: 'boolean' };
export const T: Shape = { type: 'timestamp' };
export const list = (member: Shape): Shape => ({ type: 'list', member });
export const map = (key: Shape, value: Shape): Shape => ({ type: 'map', key, value });
export const struct = (members: Record<string, Shape>): StructureShape => ({ type: 'structure', members });

export interface QueryProtocol {
  /** The API version every request names in `Version`, e.g. `2010-08-01`. */
  version: string;
  xmlNamespace: string;
  /** Each operation's input and, when it has one, its output (answered inside `<{Action}Result>`). */
  operations: Record<string, { input: StructureShape; output?: StructureShape }>;
  /** Members of error shapes besides the message, by the error's name. */
  errors: Record<string, StructureShape>;
}

type Params = Map<string, string>;

/** A scalar as the JSON protocols carry it: numbers and booleans typed, timestamps in epoch seconds; text the service cannot read stays text for it to refuse. */
function scalar(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'double':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'timestamp': {
      const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
      return Number.isNaN(ms) ? text : ms / 1000;
    }
    default:
      return text;
  }
}

const present = (params: Params, name: string) => [...params.keys()].some((k) => k === name || k.startsWith(`${name}.`));

function decode(params: Params, shape: Shape, name: string): unknown {
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [member, memberShape] of Object.entries(shape.members)) {
        const value = decode(params, memberShape, name ? `${name}.${member}` : member);
        if (value !== undefined) out[member] = value;
      }
      return name && Object.keys(out).length === 0 ? undefined : out;
    }
    case 'list': {
      // An empty list is sent as the bare name with an empty value.
      if (params.get(name) === '') return [];
      const items: unknown[] = [];
      for (let i = 1; present(params, `${name}.member.${i}`); i++) items.push(decode(params, shape.member, `${name}.member.${i}`));
      return items.length ? items : undefined;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (let i = 1; params.has(`${name}.entry.${i}.key`); i++) out[params.get(`${name}.entry.${i}.key`)!] = decode(params, shape.value, `${name}.entry.${i}.value`);
      return Object.keys(out).length ? out : undefined;
    }
    default: {
      const text = params.get(name);
      return text === undefined ? undefined : scalar(shape, text);
    }
  }
}

/** The operation's input from its form parameters; parameters the shape does not name are ignored. */
export function decodeQueryInput(params: URLSearchParams, shape: StructureShape): Record<string, unknown> {
  return decode(new Map(params), shape, '') as Record<string, unknown>;
}

const escapeXml = (text: string) => text.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' })[c]!);

/** ISO 8601 in UTC, without milliseconds when they are zero, from epoch seconds. */
const isoTime = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Doubles as the service's Java writes them: a whole number keeps its `.0`. */
const double = (n: number) => (Number.isInteger(n) && Math.abs(n) < 1e7 ? `${n}.0` : String(n));

function encode(value: unknown, shape: Shape): string {
  switch (shape.type) {
    case 'structure': {
      const record = value as Record<string, unknown>;
      return Object.entries(shape.members)
        .filter(([member]) => record[member] !== undefined && record[member] !== null)
        .map(([member, memberShape]) => element(member, encode(record[member], memberShape)))
        .join('');
    }
    case 'list':
      return (value as unknown[]).map((item) => element('member', encode(item, shape.member))).join('');
    case 'map':
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => element('entry', element('key', encode(k, shape.key)) + element('value', encode(v, shape.value))))
        .join('');
    case 'timestamp':
      return isoTime(value as number);
    case 'double':
      return double(value as number);
    default:
      return escapeXml(String(value));
  }
}

const element = (name: string, content: string) => (content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`);

const metadata = (requestId: string) => element('ResponseMetadata', element('RequestId', requestId));

/** `<{Action}Response>`: the output in `<{Action}Result>` when the operation has one, then the request id. */
export function queryResponseXml(protocol: QueryProtocol, action: string, output: unknown, requestId: string): string {
  const shape = protocol.operations[action]?.output;
  const result = shape ? element(`${action}Result`, encode(output ?? {}, shape)) : '';
  return `<${action}Response xmlns="${protocol.xmlNamespace}">${result}${metadata(requestId)}</${action}Response>`;
}

export interface QueryError {
  /** The awsQuery error code, e.g. `InvalidParameterValue`. */
  code: string;
  message: string;
  status: number;
  /** The error's modelled name, whose shape gives its other members. */
  name: string;
  members: Record<string, unknown>;
}

/** `<ErrorResponse>`: Sender for the caller's mistakes (4xx), Receiver for the service's (5xx). */
export function queryErrorXml(protocol: QueryProtocol | undefined, error: QueryError, requestId: string): string {
  const shape = protocol?.errors[error.name];
  const extra = shape ? encode(error.members, shape) : '';
  const body = element('Type', error.status >= 500 ? 'Receiver' : 'Sender') + element('Code', escapeXml(error.code)) + element('Message', escapeXml(error.message)) + extra;
  const xmlns = protocol ? ` xmlns="${protocol.xmlNamespace}"` : '';
  return `<ErrorResponse${xmlns}>${element('Error', body)}${element('RequestId', requestId)}</ErrorResponse>`;
}
