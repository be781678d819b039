import { locate, type BicepFile, type BicepNode } from './bicep-file.js';
import { stringLiteral } from './bicep-values.js';

/** A `for` loop that declares many resources: its iterated expression and its loop variable names. */
export interface BicepLoop {
  readonly iterable: BicepNode;
  readonly variables: readonly string[];
}

/** A `resource` declaration with its full type (nested children get their parent's type as prefix). */
export interface ResourceDeclaration {
  readonly file: BicepFile;
  readonly symbol: string;
  /** The ARM type without API version, e.g. `Microsoft.ServiceBus/namespaces/queues`. */
  readonly type: string;
  /** True for `existing` references, which deploy nothing. */
  readonly existing: boolean;
  readonly loop: BicepLoop | undefined;
  /** The body object (inside any loop or condition). */
  readonly body: BicepNode;
  readonly location: string;
}

/** A `param` declaration. */
export interface ParameterDeclaration {
  readonly file: BicepFile;
  readonly name: string;
  readonly hasDefault: boolean;
}

/** An `output` declaration and its value expression. */
export interface OutputDeclaration {
  readonly file: BicepFile;
  readonly name: string;
  readonly value: BicepNode;
  readonly location: string;
}

function identifierOf(node: BicepNode): string {
  return node.namedChildren.find((child) => child.type === 'identifier')?.text ?? '';
}

// `= [for x in xs: {…}]`, `= if (c) {…}` or `= {…}`; the grammar puts the loop or condition where the body goes.
function bodyOf(declaration: BicepNode): { body: BicepNode | undefined; loop: BicepLoop | undefined } {
  const value = declaration.namedChildren.at(-1);
  if (value?.type === 'for_statement') {
    const parameters = value.namedChildren.find((child) => child.type === 'for_loop_parameters');
    const initializer = value.childForFieldName('initializer');
    const variables = parameters
      ? parameters.namedChildren.map((child) => child.text)
      : initializer
        ? [initializer.text]
        : [];
    const body = value.childForFieldName('body') ?? undefined;
    // Node objects are rebuilt on each access, so they are told apart by id.
    const taken = new Set([parameters?.id, initializer?.id, body?.id]);
    const iterable = value.namedChildren.find((child) => !taken.has(child.id));
    return { body: unwrapCondition(body), loop: iterable ? { iterable, variables } : undefined };
  }
  return { body: unwrapCondition(value), loop: undefined };
}

function unwrapCondition(node: BicepNode | undefined): BicepNode | undefined {
  if (node?.type === 'if_statement') return node.namedChildren.find((child) => child.type === 'object');
  return node?.type === 'object' ? node : undefined;
}

/**
 * Lists every resource declared in a file, including resources nested inside other resources' bodies.
 */
export function resourcesOf(file: BicepFile): ResourceDeclaration[] {
  const found: ResourceDeclaration[] = [];
  const visit = (node: BicepNode, parentType: string | undefined): void => {
    for (const child of node.namedChildren) {
      if (child.type !== 'resource_declaration') {
        visit(child, parentType);
        continue;
      }
      const typeNode = child.namedChildren.find((n) => n.type === 'string');
      const declared = (typeNode ? stringLiteral(typeNode) : undefined) ?? '';
      const bare = declared.split('@')[0] ?? '';
      const type = parentType !== undefined && !bare.includes('.') ? `${parentType}/${bare}` : bare;
      const { body, loop } = bodyOf(child);
      if (body === undefined) continue;
      found.push({
        file,
        symbol: identifierOf(child),
        type,
        existing: child.children.some((n) => n.type === 'existing'),
        loop,
        body,
        location: locate(file, child),
      });
      visit(body, type);
    }
  };
  visit(file.root, undefined);
  return found;
}

/** Lists the `param` declarations at the top of a file. */
export function parametersOf(file: BicepFile): ParameterDeclaration[] {
  return file.root.namedChildren
    .filter((node) => node.type === 'parameter_declaration')
    .map((node) => ({
      file,
      name: identifierOf(node),
      // `param name type = default`: a default is the only thing after the type.
      hasDefault: node.children.some((child) => child.type === '='),
    }));
}

/** Lists the `output` declarations of a file. */
export function outputsOf(file: BicepFile): OutputDeclaration[] {
  return file.root.namedChildren.flatMap((node) => {
    const value = node.type === 'output_declaration' ? node.namedChildren.at(-1) : undefined;
    return value ? [{ file, name: identifierOf(node), value, location: locate(file, node) }] : [];
  });
}

/** Maps each top-level `var` of a file to its value expression. */
export function variablesOf(file: BicepFile): ReadonlyMap<string, BicepNode> {
  const variables = new Map<string, BicepNode>();
  for (const node of file.root.namedChildren) {
    const value = node.type === 'variable_declaration' ? node.namedChildren.at(-1) : undefined;
    if (value) variables.set(identifierOf(node), value);
  }
  return variables;
}
