/**
 * A small draft-07 subset validator for tests (type, enum, const, required, properties,
 * additionalProperties, min/max, minLength/maxLength, anyOf, allOf, if/then): enough to check that the
 * generated schema accepts and rejects what the parser does, without adding a validator dependency.
 */
type Schema = Record<string, unknown>;

function typeOk(type: string, value: unknown): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'null') return value === null;
  return typeof value === type;
}

/** Error paths (`$.request.duration: enum`) of `value` against `schema`; empty when valid. */
export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const fail = (rule: string) => errors.push(`${path}: ${rule}`);
  if (typeof schema.type === 'string' && !typeOk(schema.type, value)) return [`${path}: type ${schema.type}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail('enum');
  if ('const' in schema && schema.const !== value) fail('const');
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('maximum');
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail('minLength');
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) fail('maxLength');
  }
  if (typeOk('object', value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) fail(`required ${key}`);
    for (const [key, child] of Object.entries(object)) {
      const sub = properties[key];
      if (sub) errors.push(...validate(sub, child, `${path}.${key}`));
      else if (schema.additionalProperties === false) fail(`additional ${key}`);
    }
  }
  if (
    Array.isArray(schema.anyOf) &&
    !schema.anyOf.some((s) => validate(s as Schema, value, path).length === 0)
  ) {
    fail('anyOf');
  }
  for (const sub of (schema.allOf ?? []) as Schema[]) errors.push(...validate(sub, value, path));
  if (schema.if && schema.then && validate(schema.if as Schema, value, path).length === 0) {
    errors.push(...validate(schema.then as Schema, value, path));
  }
  return errors;
}
