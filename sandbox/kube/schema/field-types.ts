/**
 * The typed fields of every served kind, read from the models
 * @kubernetes/client-node generates from upstream's OpenAPI document (v1.34),
 * and the decoding the API server does with them: a value of the wrong JSON
 * type is refused with encoding/json's message, and empty maps are dropped as
 * the typed round trip (omitempty) drops them.
 */

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface Model {
  getAttributeTypeMap(): Attribute[];
}

type Models = Record<string, Model | unknown>;

/**
 * Fields upstream declares as resource.Quantity (or a ResourceList of them): the
 * OpenAPI models call them strings, but Quantity also decodes a JSON number.
 * From k8s.io/api core/v1, autoscaling/v2 and storage/v1 types.go.
 */
const QUANTITY_FIELDS = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1PodSpec.overhead',
  'V1PodStatus.resources',
  'V1ContainerStatus.allocatedResources',
  'V1EmptyDirVolumeSource.sizeLimit',
  'V1NodeStatus.capacity',
  'V1NodeStatus.allocatable',
  'V1PersistentVolumeSpec.capacity',
  'V1PersistentVolumeClaimStatus.capacity',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1ResourceQuotaSpec.hard',
  'V1ResourceQuotaStatus.hard',
  'V1ResourceQuotaStatus.used',
  'V1LimitRangeItem.default',
  'V1LimitRangeItem.defaultRequest',
  'V1LimitRangeItem.max',
  'V1LimitRangeItem.min',
  'V1LimitRangeItem.maxLimitRequestRatio',
  'V2MetricTarget.averageValue',
  'V2MetricTarget.value',
  'V2MetricValueStatus.averageValue',
  'V2MetricValueStatus.value',
  'V1CSIStorageCapacity.capacity',
  'V1CSIStorageCapacity.maximumVolumeSize',
]);

/** A field's type as the walker reads it. */
type FieldType =
  | { kind: 'string' | 'bytes' | 'bool' | 'quantity' | 'any' }
  | { kind: 'int'; go: 'int32' | 'int64'; min: number; max: number }
  | { kind: 'float' }
  | { kind: 'array'; of: FieldType }
  | { kind: 'map'; of: FieldType }
  | { kind: 'model'; name: string };

const INT32 = { kind: 'int', go: 'int32', min: -(2 ** 31), max: 2 ** 31 - 1 } as const;
const INT64 = { kind: 'int', go: 'int64', min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;

function parseType(type: string, format: string, quantity: boolean): FieldType {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return { kind: 'array', of: parseType(array[1], format, quantity) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { kind: 'map', of: parseType(map[1], format, quantity) };
  if (quantity) return { kind: 'quantity' };
  switch (type) {
    case 'string':
      return format === 'byte' ? { kind: 'bytes' } : { kind: 'string' };
    case 'boolean':
      return { kind: 'bool' };
    case 'number':
      return format === 'int32' ? INT32 : format === 'int64' ? INT64 : { kind: 'float' };
    // metav1.Time, IntOrString and free-form JSON decode through their own unmarshalers.
    case 'Date':
    case 'IntOrString':
    case 'any':
    case 'object':
      return { kind: 'any' };
    default:
      return { kind: 'model', name: type };
  }
}

/** Go's name for a generated model: V1PodSpec is v1.PodSpec, RbacV1Subject is v1.Subject, V2MetricTarget is v2.MetricTarget. */
function goName(model: string): { pkg: string; name: string } {
  const m = /^(?:[A-Z][a-z]+)?(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/.exec(model);
  return m ? { pkg: m[1].toLowerCase(), name: m[2] } : { pkg: 'v1', name: model };
}

function goType(t: FieldType): string {
  switch (t.kind) {
    case 'string':
    case 'quantity':
      return 'string';
    case 'bytes':
      return '[]uint8';
    case 'bool':
      return 'bool';
    case 'int':
      return t.go;
    case 'float':
      return 'float64';
    case 'any':
      return 'interface {}';
    case 'array':
      return `[]${goType(t.of)}`;
    case 'map':
      return `map[string]${goType(t.of)}`;
    case 'model': {
      const { pkg, name } = goName(t.name);
      return `${pkg}.${name}`;
    }
  }
}

/**
 * Which decoder reads the value: `json` is encoding/json (request bodies,
 * JSON and merge patches); `unstructured` is runtime.DefaultUnstructuredConverter
 * (strategic merge patches), which words its errors differently.
 */
export type Decoder = 'json' | 'unstructured';

/** The converter's reflect.Kind of a JSON value: integers are int64, other numbers float64. */
function unstructuredKind(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'string' || typeof value === 'boolean') return typeof value === 'string' ? 'string' : 'bool';
  return Array.isArray(value) ? 'slice' : 'map';
}

/** fromUnstructured's error for `value` where `type` belongs (converter.go), or undefined when it converts. */
function unstructuredError(type: FieldType, value: unknown): string | undefined {
  const from = unstructuredKind(value);
  switch (type.kind) {
    case 'any':
    case 'quantity':
      return undefined;
    case 'bytes':
      return from === 'string' ? undefined : `cannot restore slice from ${from}`;
    case 'array':
      return from === 'slice' ? undefined : `cannot restore slice from ${from}`;
    case 'map':
      return from === 'map' ? undefined : `cannot restore map from ${from}`;
    case 'model':
      return from === 'map' ? undefined : `cannot restore struct from: ${from}`;
    case 'string':
      if (from === 'string') return undefined;
      // Go converts an integer or float to a string type, so the converter names both kinds; nothing else converts.
      return from === 'int64' || from === 'float64' ? `cannot convert ${from} to string` : 'unrecognized type: string';
    case 'bool':
      return from === 'bool' ? undefined : 'unrecognized type: bool';
    case 'int':
      if (from === 'int64') return undefined;
      if (from === 'float64') return Number.isInteger(value) ? undefined : `cannot convert float64 to ${type.go}`;
      return `unrecognized type: ${type.go}`;
    case 'float':
      return from === 'int64' || from === 'float64' ? undefined : 'unrecognized type: float64';
  }
}

/** encoding/json's name for the JSON value it could not store. */
function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'array' : 'object';
}

class DecodeError extends Error {}

export class FieldTypes {
  private readonly fields = new Map<string, Map<string, FieldType>>();

  constructor(private readonly models: Models) {}

  /** The generated model of a served kind: V1ConfigMap, V2HorizontalPodAutoscaler, CoreV1Event, EventsV1Event. */
  modelOf(group: string, version: string, kind: string): string | undefined {
    const v = version.charAt(0).toUpperCase() + version.slice(1);
    const prefix = group === '' ? 'Core' : group.split('.')[0].charAt(0).toUpperCase() + group.split('.')[0].slice(1);
    return [`${prefix}${v}${kind}`, `${v}${kind}`].find((name) => this.attributes(name) !== undefined);
  }

  private attributes(model: string): Attribute[] | undefined {
    const m = this.models[model] as Partial<Model> | undefined;
    return typeof m?.getAttributeTypeMap === 'function' ? m.getAttributeTypeMap() : undefined;
  }

  private fieldsOf(model: string): Map<string, FieldType> {
    let fields = this.fields.get(model);
    if (fields) return fields;
    fields = new Map();
    for (const a of this.attributes(model) ?? []) fields.set(a.baseName, parseType(a.type, a.format, QUANTITY_FIELDS.has(`${model}.${a.baseName}`)));
    this.fields.set(model, fields);
    return fields;
  }

  /**
   * Decodes `obj` as the API server decodes a request body into its kind:
   * returns encoding/json's first type error ("json: cannot unmarshal number
   * into Go struct field ConfigMap.data of type string"), or undefined after
   * dropping the empty maps the typed object would not keep. Unknown fields
   * and kinds without a model are left alone.
   */
  decode(group: string, version: string, kind: string, obj: Record<string, unknown>, decoder: Decoder = 'json'): string | undefined {
    const model = this.modelOf(group, version, kind);
    if (!model) return undefined;
    try {
      this.walkModel(model, obj, [], decoder);
    } catch (e) {
      if (e instanceof DecodeError) return e.message;
      throw e;
    }
    return undefined;
  }

  private walkModel(model: string, value: Record<string, unknown>, path: string[], decoder: Decoder): void {
    const fields = this.fieldsOf(model);
    const struct = goName(model).name;
    for (const [key, child] of Object.entries(value)) {
      const type = fields.get(key);
      if (!type || child === null || child === undefined) continue;
      const at = [...path, key];
      this.walk(type, child, struct, at, decoder);
      // Maps are omitempty: an empty one does not survive the typed round trip.
      if (type.kind === 'map' && Object.keys(child as object).length === 0) delete value[key];
    }
  }

  private walk(type: FieldType, value: unknown, struct: string, path: string[], decoder: Decoder): void {
    if (value === null) return;
    if (decoder === 'unstructured') {
      const error = unstructuredError(type, value);
      if (error) throw new DecodeError(error);
    }
    const fail = (what = jsonKind(value)) => {
      throw new DecodeError(`json: cannot unmarshal ${what} into Go struct field ${struct}.${path.join('.')} of type ${goType(type)}`);
    };
    switch (type.kind) {
      case 'any':
        return;
      case 'string':
      case 'bytes':
        if (typeof value !== 'string') fail();
        return;
      case 'quantity':
        if (typeof value !== 'string' && typeof value !== 'number') fail();
        return;
      case 'bool':
        if (typeof value !== 'boolean') fail();
        return;
      case 'float':
        if (typeof value !== 'number') fail();
        return;
      case 'int':
        if (typeof value !== 'number') fail();
        else if (!Number.isInteger(value) || value < type.min || value > type.max) fail(`number ${String(value)}`);
        return;
      case 'array':
        if (!Array.isArray(value)) fail();
        for (const item of value as unknown[]) this.walk(type.of, item, struct, path, decoder);
        return;
      case 'map':
        if (typeof value !== 'object' || Array.isArray(value)) fail();
        for (const item of Object.values(value as object)) this.walk(type.of, item, struct, path, decoder);
        return;
      case 'model':
        // A type the models name but do not generate (metav1.MicroTime) is a scalar with its own unmarshaler.
        if (this.attributes(type.name) === undefined) return;
        if (typeof value !== 'object' || Array.isArray(value)) fail();
        this.walkModel(type.name, value as Record<string, unknown>, path, decoder);
        return;
    }
  }
}

let loading: Promise<FieldTypes> | undefined;

/** The field types, loaded once on first use: the models are many modules, so a sandbox that takes no writes never reads them. */
export function loadFieldTypes(): Promise<FieldTypes> {
  loading ??= import('@kubernetes/client-node/dist/gen/models/all.js').then((models) => new FieldTypes(models as Models));
  return loading;
}
