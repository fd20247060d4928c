// OpenAPI keyword completion for YAML: the keys allowed where the cursor is, found from
// the chain of parent keys given by indentation. `$ref` values are completed from the
// targets Rust lists for the spec.

/** Parent keys from the document root down to the cursor's line; "[]" marks a list item. */
export function yamlPathAt(text: string, offset: number): string[] {
  const lines = text.slice(0, offset).split("\n");
  const current = lines.pop() ?? "";
  function* above(): Generator<string> {
    for (let i = lines.length - 1; i >= 0; i--) yield lines[i];
  }
  return yamlPathOf(current, above());
}

/**
 * {@link yamlPathAt} from the cursor's line (its text before the cursor) and the lines above
 * it, nearest first, read only as far up as needed: the editor reads them from its document
 * rather than copying a 4 MB buffer into a string and splitting it on every keystroke.
 */
export function yamlPathOf(current: string, above: Iterable<string>): string[] {
  // Typing the first key of a new list item: the item is the innermost parent.
  const tail = /^\s*-\s/.test(current) ? ["[]"] : [];
  let limit = indentOf(current);
  const path: string[] = [];
  if (limit > 0) {
    for (const line of above) {
      if (isBlankOrComment(line)) continue;
      const indent = indentOf(line);
      if (indent >= limit) continue;
      const item = /^(\s*)-\s+(.*)$/.exec(line);
      if (item) {
        // The cursor is inside this list item. Its first key is a sibling, unless it opens a
        // block the cursor is indented under ("- key:" with nothing after the colon).
        const key = keyOf(item[2]);
        if (item[1].length + 2 < limit && key !== null && /:\s*$/.test(item[2])) path.push(key);
        path.push("[]");
      } else {
        const key = keyOf(line.trim());
        if (key !== null) path.push(key);
      }
      limit = indent;
      // At the root: no line further up can be a parent.
      if (limit === 0) break;
    }
  }
  return [...path.reverse(), ...tail];
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Lines that neither open nor end a YAML block: blank, or only a comment. */
export function isBlankOrComment(line: string): boolean {
  return /^\s*(#.*)?$/.test(line);
}

function keyOf(s: string): string | null {
  const m = /^(?:"([^"]*)"|'([^']*)'|([^:#'"][^:#]*?))\s*:(\s|$)/.exec(s);
  if (!m) return null;
  return m[1] ?? m[2] ?? m[3] ?? null;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const KEYS: Record<string, string[]> = {
  root: ["openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security", "tags", "externalDocs"],
  info: ["title", "summary", "description", "termsOfService", "contact", "license", "version"],
  contact: ["name", "url", "email"],
  license: ["name", "identifier", "url"],
  server: ["url", "description", "variables"],
  serverVariable: ["enum", "default", "description"],
  pathItem: ["$ref", "summary", "description", ...METHODS, "servers", "parameters"],
  operation: ["tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses", "callbacks", "deprecated", "security", "servers"],
  parameter: ["name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved", "schema", "example", "examples", "content", "$ref"],
  requestBody: ["description", "content", "required", "$ref"],
  responses: ["default", "200", "201", "202", "204", "301", "304", "400", "401", "403", "404", "409", "422", "429", "500", "503"],
  response: ["description", "headers", "content", "links", "$ref"],
  mediaType: ["schema", "example", "examples", "encoding"],
  header: ["description", "required", "deprecated", "schema", "example", "examples", "content", "style", "explode", "$ref"],
  components: ["schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks", "pathItems"],
  securityScheme: ["type", "description", "name", "in", "scheme", "bearerFormat", "flows", "openIdConnectUrl"],
  tag: ["name", "description", "externalDocs"],
  externalDocs: ["description", "url"],
  example: ["summary", "description", "value", "externalValue"],
  schema: [
    "$ref", "type", "format", "title", "description", "default", "enum", "const", "nullable",
    "properties", "required", "additionalProperties", "items", "allOf", "oneOf", "anyOf", "not",
    "discriminator", "readOnly", "writeOnly", "deprecated", "example", "examples",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
    "minProperties", "maxProperties", "xml", "externalDocs",
  ],
};

const SCHEMA_PARENTS = new Set(["schema", "items", "additionalProperties", "not"]);
const SCHEMA_LISTS = new Set(["allOf", "oneOf", "anyOf"]);

/** What kind of object the path points into, or null when its keys are free-form. */
export function contextKind(path: readonly string[]): string | null {
  const n = path.length;
  if (n === 0) return "root";
  const last = path[n - 1];
  const parent = n >= 2 ? path[n - 2] : "";
  const grand = n >= 3 ? path[n - 3] : "";
  if (n === 1) {
    if (["info", "components", "externalDocs"].includes(last)) return last;
    return null;
  }
  if (path[0] === "info" && n === 2 && (last === "contact" || last === "license")) return last;
  if (last === "externalDocs") return "externalDocs";
  if (path[0] === "paths" && n === 2) return "pathItem";
  if (path[0] === "paths" && n === 3 && METHODS.includes(last)) return "operation";
  if (last === "[]") {
    if (parent === "parameters") return "parameter";
    if (parent === "servers") return "server";
    if (parent === "tags" && n === 2) return "tag";
    if (SCHEMA_LISTS.has(parent)) return "schema";
    return null;
  }
  if (SCHEMA_PARENTS.has(last)) return "schema";
  if (parent === "properties") return "schema";
  if (path[0] === "components" && n === 3) {
    const section: Record<string, string> = {
      schemas: "schema", responses: "response", parameters: "parameter", examples: "example",
      requestBodies: "requestBody", headers: "header", securitySchemes: "securityScheme",
      pathItems: "pathItem",
    };
    return section[parent] ?? null;
  }
  if (last === "requestBody") return "requestBody";
  if (last === "responses") return "responses";
  if (parent === "responses") return "response";
  if (parent === "content") return "mediaType";
  if (parent === "headers") return "header";
  if (parent === "examples") return "example";
  if (parent === "variables" && grand === "[]") return "serverVariable";
  return null;
}

export function keywordsAt(text: string, offset: number): string[] {
  return keywordsFor(yamlPathAt(text, offset));
}

/** The keys allowed under a parent path (from {@link yamlPathAt} or {@link yamlPathOf}). */
export function keywordsFor(path: string[]): string[] {
  const kind = contextKind(path);
  return kind === null ? [] : KEYS[kind];
}

/**
 * When the cursor is in a `$ref` value, the text typed so far and where it starts;
 * handles YAML (`$ref: './x.yaml#/…'`) and JSON (`"$ref": "#/…"`).
 */
export function refValueAt(line: string, column: number): { from: number; prefix: string } | null {
  const head = line.slice(0, column);
  const m = /(["']?\$ref["']?\s*:\s*)(["']?)([^"']*)$/.exec(head);
  if (!m) return null;
  const from = m.index + m[1].length + m[2].length;
  return { from, prefix: m[3] };
}
