// Bundles a multi-file OpenAPI document into one document whose $refs are all internal.
//
// Rules, chosen so the bundle keeps readable component names:
// - `components.<section>.<Name>: { $ref: <external> }` in the root file is a named component:
//   its content is inlined there, and every other $ref to the same target becomes
//   `#/components/<section>/<Name>`.
// - A $ref to a top-level PascalCase key of a file under `models/` is registered on first use as
//   `#/components/schemas/<Key>` (the model files hold the per-model and per-mode schemas).
// - Every other $ref (path items, shared fields, `_fields` helpers) is inlined.
import { readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { parse } from "yaml";

/** Decodes one JSON pointer segment (RFC 6901). */
function decodeSegment(segment) {
  return decodeURIComponent(segment).replaceAll("~1", "/").replaceAll("~0", "~");
}

/** Returns the node at `pointer` ("" or "/a/b") inside `document`, or throws. */
export function atPointer(document, pointer, where) {
  if (pointer === "" || pointer === "/") return document;
  let node = document;
  for (const segment of pointer.slice(1).split("/").map(decodeSegment)) {
    if (node === null || typeof node !== "object" || !(segment in node)) {
      throw new Error(`Cannot resolve JSON pointer "${pointer}" in ${where}`);
    }
    node = node[segment];
  }
  return node;
}

/**
 * Creates a bundler rooted at `rootFile`. `bundle()` returns the single-document result.
 * @param {string} rootFile absolute path of the root YAML file
 */
export function createBundler(rootFile) {
  const sourceDir = dirname(rootFile);
  const modelsDir = resolve(sourceDir, "models") + sep;
  const files = new Map();
  /** target key ("<abs file>#<pointer>") -> internal $ref */
  const named = new Map();
  const output = { components: {} };

  function load(file) {
    if (!files.has(file)) files.set(file, parse(readFileSync(file, "utf8")));
    return files.get(file);
  }

  function target(ref, fromFile) {
    const [filePart, pointer = ""] = ref.split("#");
    const file = filePart === "" ? fromFile : resolve(dirname(fromFile), filePart);
    return { file, pointer, key: `${file}#${pointer}` };
  }

  function describe(file) {
    return relative(sourceDir, file) || file;
  }

  /** Registers a models/ schema on first use and emits its content into components.schemas. */
  function namedModelSchema({ file, pointer, key }) {
    const match = /^\/([A-Z][A-Za-z0-9]*)$/.exec(pointer);
    if (!file.startsWith(modelsDir) || !match) return undefined;
    const name = match[1];
    const ref = `#/components/schemas/${name}`;
    const schemas = output.components.schemas;
    if (schemas[name] !== undefined && named.get(key) !== ref) {
      throw new Error(`Schema name ${name} is defined twice (again in ${describe(file)})`);
    }
    named.set(key, ref);
    schemas[name] = null; // placeholder, so cycles end in a $ref
    schemas[name] = walk(atPointer(load(file), pointer, describe(file)), file);
    return ref;
  }

  function resolveRef(node, fromFile) {
    const { $ref, ...siblings } = node;
    const hit = target($ref, fromFile);
    const internal = named.get(hit.key) ?? namedModelSchema(hit);
    const rest = walk(siblings, fromFile);
    if (internal !== undefined) return { $ref: internal, ...rest };
    if (hit.file === rootFile && $ref.startsWith("#")) return { $ref, ...rest };
    const content = walk(atPointer(load(hit.file), hit.pointer, describe(hit.file)), hit.file);
    return Array.isArray(content) || typeof content !== "object"
      ? content
      : { ...content, ...rest };
  }

  function walk(node, fromFile) {
    if (Array.isArray(node)) return node.map((item) => walk(item, fromFile));
    if (node === null || typeof node !== "object") return node;
    if (typeof node.$ref === "string") return resolveRef(node, fromFile);
    if (typeof node.propertyName === "string" && node.mapping !== undefined) {
      return { ...node, mapping: discriminatorMapping(node.mapping, fromFile) };
    }
    const result = {};
    for (const [key, value] of Object.entries(node)) result[key] = walk(value, fromFile);
    return result;
  }

  /** Discriminator mappings hold bare $ref strings, which must end up as named components. */
  function discriminatorMapping(mapping, fromFile) {
    const result = {};
    for (const [value, ref] of Object.entries(mapping)) {
      const resolved = resolveRef({ $ref: ref }, fromFile);
      if (typeof resolved.$ref !== "string") {
        throw new Error(`Discriminator mapping "${value}" -> ${ref} must name a schema component`);
      }
      result[value] = resolved.$ref;
    }
    return result;
  }

  /** Inlines a root-level component entry `{ $ref }` without turning it into a self-reference. */
  function inlineEntry(entry) {
    if (typeof entry?.$ref !== "string" || entry.$ref.startsWith("#")) return walk(entry, rootFile);
    const hit = target(entry.$ref, rootFile);
    return walk(atPointer(load(hit.file), hit.pointer, describe(hit.file)), hit.file);
  }

  return {
    bundle() {
      const root = load(rootFile);
      const components = root.components ?? {};
      for (const [section, entries] of Object.entries(components)) {
        output.components[section] = {};
        for (const [name, entry] of Object.entries(entries)) {
          if (typeof entry?.$ref === "string" && !entry.$ref.startsWith("#")) {
            named.set(target(entry.$ref, rootFile).key, `#/components/${section}/${name}`);
          }
        }
      }
      output.components.schemas ??= {};
      for (const [section, entries] of Object.entries(components)) {
        for (const [name, entry] of Object.entries(entries)) {
          output.components[section][name] = inlineEntry(entry);
        }
      }
      const document = {};
      for (const [key, value] of Object.entries(root)) {
        document[key] = key === "components" ? output.components : inlineEntry(value);
      }
      document.components = output.components;
      return document;
    },
  };
}
