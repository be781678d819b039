import { locate, type BicepNode } from './bicep-file.js';
import { variablesOf } from './bicep-declarations.js';
import { resourcesOfType, type BicepProject } from './bicep-project.js';
import { literalAt, propertiesOf, propertyAt, stringLiteral, type BicepProperty } from './bicep-values.js';

/** One app setting of the function app as the template sets it. */
export interface AppSetting {
  readonly key: string;
  readonly value: BicepNode;
  readonly location: string;
}

// Settings objects are often built as `union(common, { … })` or kept in a var.
function entriesOf(node: BicepNode, variables: ReadonlyMap<string, BicepNode>, depth = 0): BicepProperty[] {
  if (depth > 8) return [];
  if (node.type === 'identifier') {
    const value = variables.get(node.text);
    return value ? entriesOf(value, variables, depth + 1) : [];
  }
  if (node.type === 'call_expression' && node.childForFieldName('function')?.text === 'union') {
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    return args.flatMap((arg) => entriesOf(arg, variables, depth + 1));
  }
  return propertiesOf(node);
}

/**
 * Lists the app settings the templates give a function app: the properties of a `Microsoft.Web/sites/config`
 * resource named `appsettings`, and the `{ name, value }` items of `siteConfig.appSettings` on a site.
 */
export function appSettingsOf(project: BicepProject): AppSetting[] {
  const fromConfig = resourcesOfType(project, 'Microsoft.Web/sites/config')
    .filter((resource) => literalAt(resource.body, 'name') === 'appsettings')
    .flatMap((resource) => {
      const properties = propertyAt(resource.body, 'properties');
      const entries = properties ? entriesOf(properties, variablesOf(resource.file)) : [];
      return entries.map((entry) => ({
        key: entry.key,
        value: entry.value,
        location: locate(resource.file, entry.node),
      }));
    });
  const fromSiteConfig = resourcesOfType(project, 'Microsoft.Web/sites').flatMap((site) => {
    const list = propertyAt(site.body, 'properties', 'siteConfig', 'appSettings');
    return (list?.namedChildren ?? []).flatMap((item) => {
      const name = propertyAt(item, 'name');
      const key = name ? stringLiteral(name) : undefined;
      const value = propertyAt(item, 'value');
      return key !== undefined && value ? [{ key, value, location: locate(site.file, item) }] : [];
    });
  });
  return [...fromConfig, ...fromSiteConfig];
}
