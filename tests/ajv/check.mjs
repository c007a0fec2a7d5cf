// Compiles every schema of a directory with ajv in strict mode (Draft 2020-12, ajv-formats),
// validates the given JSON documents against their schema, and tests patterns on values.
// In (stdin, JSON): {schemas: dir, documents: [[schema $id, path]], patterns: [[pattern, value]]}
// Out (stdout, JSON): {errors, warnings, invalid: [[path, errors]], matches: [bool]}
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const input = JSON.parse(readFileSync(0, "utf8"));
const warnings = [];
const errors = [];
const logger = { log() {}, warn: (...a) => warnings.push(a.join(" ")), error: (...a) => errors.push(a.join(" ")) };
const ajv = new Ajv2020({ strict: true, allErrors: true, logger });
addFormats(ajv);
const files = readdirSync(input.schemas).filter((f) => f.endsWith(".schema.json")).sort();
for (const file of files) {
  ajv.addSchema(JSON.parse(readFileSync(join(input.schemas, file), "utf8")));
}
const compiled = {};
for (const file of files) {
  const id = JSON.parse(readFileSync(join(input.schemas, file), "utf8")).$id;
  try {
    ajv.getSchema(id);
    compiled[file] = "ok";
  } catch (e) {
    compiled[file] = String(e.message);
    errors.push(`${file}: ${e.message}`);
  }
}
const invalid = [];
for (const [id, path] of input.documents ?? []) {
  const validate = ajv.getSchema(id);
  if (!validate(JSON.parse(readFileSync(path, "utf8")))) invalid.push([path, validate.errors]);
}
const matches = (input.patterns ?? []).map(([pattern, value]) =>
  ajv.validate({ type: "string", pattern }, value),
);
process.stdout.write(JSON.stringify({ compiled, errors, warnings, invalid, matches }));
