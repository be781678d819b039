/**
 * A sync's final mapping list: the default mappings with the sync's overrides applied by target attribute
 * (replace, add, or drop with `none: true`), after checking that every target is writable, every source
 * and placeholder is a known attribute, and every constant fits its target.
 */
import { defaultMappings, type AttributeMapping } from '../attribute-mapping.js';
import { parseTemplate, templatePlaceholders } from '../template.js';
import { describeUserAttribute } from '../user-attribute-catalog.js';
import type { LineOf, TopologyProblem } from './topology-error.js';
import type { TopologyFileMapping } from './topology-file-schema.js';

/**
 * Applies one sync's overrides to the default mappings.
 *
 * @param path - The document path of the sync's `mappings` list.
 */
export function resolveMappings(
  overrides: readonly TopologyFileMapping[],
  path: readonly PropertyKey[],
  lineOf: LineOf,
): { mappings: readonly AttributeMapping[]; problems: readonly TopologyProblem[] } {
  const problems: TopologyProblem[] = [];
  const mappings = new Map(defaultMappings.map((mapping) => [mapping.target, mapping]));
  const seen = new Map<string, number>();
  for (const [index, override] of overrides.entries()) {
    const at = [...path, index];
    const earlier = seen.get(override.target);
    if (earlier !== undefined) {
      const line = lineOf([...path, earlier]);
      problems.push({
        path: [...at, 'target'],
        message: `${override.target} is mapped twice (first at line ${line})`,
      });
      continue;
    }
    seen.set(override.target, index);
    const targetProblem = checkTarget(override.target);
    if (targetProblem !== null) {
      problems.push({ path: [...at, 'target'], message: targetProblem });
      continue;
    }
    if (override.none === true) {
      if (!mappings.delete(override.target)) {
        problems.push({
          path: [...at, 'none'],
          message: `${override.target} has no default mapping to drop`,
        });
      }
      continue;
    }
    const resolved = toMapping(override, at, problems);
    if (resolved !== null) mappings.set(override.target, resolved);
  }
  return { mappings: [...mappings.values()], problems };
}

function checkTarget(target: string): string | null {
  const info = describeUserAttribute(target);
  if (info === undefined) {
    return (
      `unknown target attribute '${target}': use a writable Microsoft Graph user property such as jobTitle, ` +
      'or a directory extension extension_<appIdWithoutHyphens>_<name>'
    );
  }
  return info.mappable
    ? null
    : `xtsync can't write ${target}: ${info.notMappableBecause ?? 'it is not writable'}`;
}

function toMapping(
  override: TopologyFileMapping,
  at: readonly PropertyKey[],
  problems: TopologyProblem[],
): AttributeMapping | null {
  const { target } = override;
  const apply = override.apply ?? 'always';
  if (override.source !== undefined) {
    const problem = checkReadable(override.source, `source attribute '${override.source}'`);
    if (problem !== null) problems.push({ path: [...at, 'source'], message: problem });
    return problem === null ? { kind: 'copy', target, source: override.source, apply } : null;
  }
  if (override.template !== undefined) {
    const problem = checkTemplate(target, override.template);
    if (problem !== null) problems.push({ path: [...at, 'template'], message: problem });
    return problem === null ? { kind: 'template', target, template: override.template, apply } : null;
  }
  if (override.constant !== undefined) {
    const problem = checkConstant(target, override.constant);
    if (problem !== null) problems.push({ path: [...at, 'constant'], message: problem });
    return problem === null ? { kind: 'constant', target, value: override.constant, apply } : null;
  }
  return null;
}

function checkReadable(attribute: string, what: string): string | null {
  const info = describeUserAttribute(attribute);
  if (info === undefined) {
    return `unknown ${what}: not a Microsoft Graph user property or extension_<appIdWithoutHyphens>_<name>`;
  }
  if (info.kind === 'date' || info.kind === 'reference' || info.kind === 'complex') {
    return `${what} can't be mapped: ${info.kind} attributes are not supported`;
  }
  return null;
}

function checkTemplate(target: string, template: string): string | null {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return `invalid template: ${parsed.error}`;
  const kind = describeUserAttribute(target)?.kind;
  if (kind === 'boolean') return `a template makes text, and ${target} is true/false: use constant instead`;
  for (const name of templatePlaceholders(parsed.parts)) {
    const problem = checkReadable(name, `placeholder {${name}}`);
    if (problem !== null) return problem;
  }
  return null;
}

function checkConstant(target: string, value: string | boolean | readonly string[]): string | null {
  const info = describeUserAttribute(target);
  if (target === 'userType' && value !== 'Member' && value !== 'Guest') {
    return "userType must be 'Member' or 'Guest'";
  }
  switch (info?.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : `${target} takes true or false`;
    case 'string-list':
      return typeof value === 'boolean'
        ? `${target} takes text or a list of text`
        : checkLength(target, value, info.maxLength);
    case 'scalar':
      return Array.isArray(value) ? `${target} takes a single value, not a list` : null;
    default:
      return typeof value === 'string' ? checkLength(target, value, info?.maxLength) : `${target} takes text`;
  }
}

function checkLength(
  target: string,
  value: string | readonly string[],
  maxLength: number | undefined,
): string | null {
  const items: readonly string[] = typeof value === 'string' ? [value] : value;
  const tooLong = items.find((item) => maxLength !== undefined && item.length > maxLength);
  return tooLong === undefined
    ? null
    : `'${tooLong}' is longer than the ${maxLength ?? 0} characters Graph accepts for ${target}`;
}
