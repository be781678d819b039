/** A compiled Azure Functions route template such as `jobs/{id}` or `syncs/{id}/pause`. */
export interface RouteTemplate {
  readonly template: string;
  /** Params by name when `path` (without `/api/`) matches, else undefined. */
  match(path: string): Record<string, string> | undefined;
}

/**
 * Compiles a route template: `{name}` matches one path segment, `{name?}` an optional last segment, and
 * `{name:constraint}` ignores the constraint (the handler validates params with zod anyway).
 */
export function compileRouteTemplate(template: string): RouteTemplate {
  const names: string[] = [];
  const pattern = template
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z_][A-Za-z0-9_]*)(:[^}?]*)?(\?)?\}$/.exec(segment);
      if (!param?.[1]) return escapeRegExp(segment);
      names.push(param[1]);
      return param[3] ? '?([^/]*)' : '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${pattern}/?$`, 'i');
  return {
    template,
    match(path: string) {
      const found = regex.exec(path.replace(/^\/+/, ''));
      if (!found) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        const value = found[index + 1];
        if (value !== undefined && value !== '') params[name] = decodeURIComponent(value);
      });
      return params;
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
