/** Reads a YAML config file and validates it with a zod schema; every problem becomes a ConfigError naming the field. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ConfigError, errorMessage } from '../domain/errors.js';

/** Validates `value` with `schema`; ConfigError lists every bad field as `path: message`. */
export function parseConfig<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`invalid ${what}: ${lines.join('; ')}`);
}

/** Loads and validates a YAML file. */
export function loadYamlConfig<S extends z.ZodType>(schema: S, path: string): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config ${path}: ${errorMessage(err)}`, { cause: err });
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new ConfigError(`config ${path} is not valid YAML: ${errorMessage(err)}`, { cause: err });
  }
  return parseConfig(schema, value, `config ${path}`);
}
