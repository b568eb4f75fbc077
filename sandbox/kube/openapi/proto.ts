/**
 * The OpenAPI v2 document in application/com.github.proto-openapi.spec.v2@v1.0+protobuf:
 * gnostic's openapi.v2.Document (openapiv2/OpenAPIv2.proto), the only form
 * client-go's OpenAPISchema() decodes (it proto-unmarshals whatever comes back).
 * Encodes the parts the sandbox's documents use: info, definitions and the
 * schema keywords its definitions carry, vendor extensions as YAML (JSON is YAML).
 */

type Schema = { [key: string]: unknown };

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

/** A length-delimited field (wire type 2). */
function field(num: number, body: Buffer | string): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([varint((num << 3) | 2), varint(b.length), b]);
}

const strings = (num: number, values: string[]) => values.map((v) => field(num, v));

/** NamedAny{name, value: Any{yaml}} */
const namedAny = (name: string, value: unknown) => Buffer.concat([field(1, name), field(2, field(2, JSON.stringify(value)))]);

// Schema field numbers from OpenAPIv2.proto.
const SCHEMA = { ref: 1, format: 2, description: 4, required: 19, additionalProperties: 21, type: 22, items: 23, properties: 25, vendorExtension: 31 };

export function encodeSchema(s: Schema): Buffer {
  const parts: Buffer[] = [];
  if (typeof s.$ref === 'string') parts.push(field(SCHEMA.ref, s.$ref));
  if (typeof s.format === 'string') parts.push(field(SCHEMA.format, s.format));
  if (typeof s.description === 'string') parts.push(field(SCHEMA.description, s.description));
  if (Array.isArray(s.required)) parts.push(...strings(SCHEMA.required, s.required as string[]));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    parts.push(field(SCHEMA.additionalProperties, field(1, encodeSchema(s.additionalProperties as Schema))));
  }
  if (typeof s.type === 'string') parts.push(field(SCHEMA.type, field(1, s.type)));
  if (s.items && typeof s.items === 'object') parts.push(field(SCHEMA.items, field(1, encodeSchema(s.items as Schema))));
  if (s.properties && typeof s.properties === 'object') {
    const named = Object.entries(s.properties as Record<string, Schema>).map(([name, p]) => field(1, Buffer.concat([field(1, name), field(2, encodeSchema(p))])));
    parts.push(field(SCHEMA.properties, Buffer.concat(named)));
  }
  for (const [key, value] of Object.entries(s)) if (key.startsWith('x-')) parts.push(field(SCHEMA.vendorExtension, namedAny(key, value)));
  return Buffer.concat(parts);
}

/** Document{swagger=1, info=2 {title=1, version=2}, paths=8, definitions=9 {NamedSchema...}} */
export function encodeDocument(doc: { swagger: string; info: { title: string; version: string }; definitions: Record<string, Schema> }): Buffer {
  const definitions = Object.entries(doc.definitions).map(([name, s]) => field(1, Buffer.concat([field(1, name), field(2, encodeSchema(s))])));
  return Buffer.concat([field(1, doc.swagger), field(2, Buffer.concat([field(1, doc.info.title), field(2, doc.info.version)])), field(8, Buffer.alloc(0)), field(9, Buffer.concat(definitions))]);
}
