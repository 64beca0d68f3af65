#!/usr/bin/env node
// Tyk compatibility test: starts the real `atrium serve` on port 0 with a throwaway SQLite
// database, drives the Tyk-compatible admin API (users, organisations, teams, configs, errors)
// and validates every response body against the schema that Tyk's OpenAPI file names for that
// operation and status (paths → operation → responses → status → application/json → schema).
//
// The schemas are looked up in the spec, never hard-coded here, so a changed spec is followed.
// Tyk's schemas declare no `required` properties, so validation alone would accept `{}`; each
// response is therefore also checked to carry every property its schema declares, except the
// few listed in PRESENCE_EXEMPTIONS with the reason Atrium leaves them out.
//
// Usage: node tyk_schema_test.mjs --atrium <path to atrium binary> --spec <tyk-portal-api.yaml>
// Exit status: 0 when every check passed, 1 when one failed, 2 on bad usage.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { terminate } from "../support/terminate.mjs";

// ajv and yaml come from this folder's node_modules (`npm ci --prefix tests/schema`).
async function importDependency(name) {
  try {
    return (await import(name)).default;
  } catch (e) {
    if (e.code !== "ERR_MODULE_NOT_FOUND") throw e;
    const folder = path.dirname(fileURLToPath(import.meta.url));
    console.error(`tyk_schema_test: cannot load ${name}; run: npm ci --prefix ${folder} --no-audit --no-fund`);
    process.exit(2);
  }
}
const Ajv2020 = await importDependency("ajv/dist/2020.js");
const YAML = await importDependency("yaml");

const START_TIMEOUT_MS = 60_000;  // the ASan build starts slowly
const STOP_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 20_000;
const OWNER = { username: "owner@example.com", password: "a long test password" };

// Properties a schema declares that Atrium deliberately does not send. `where` is the chain of
// named schemas leading to the object (matched at its end), `prop` the absent property.
const PRESENCE_EXEMPTIONS = [
  { where: ["User-show"], prop: "JWTToken",
    why: "Atrium never returns credentials in user records (API tokens live under /api-tokens)" },
  { where: ["User-show"], prop: "APITokenCreatedAt",
    why: "goes with JWTToken; token dates are under /api-tokens" },
  { where: ["User-show", "Team-show"], prop: "Users",
    why: "a user's Teams are team records without their member lists" },
  ...["AccessRequest-basic-elem", "AccessRequest-index-elem", "AccessRequest-show",
    "Client-AccessRequest-elem"].map((name) => ({ where: [name], prop: "DeletedAt",
    why: "Atrium deletes access requests rather than marking them deleted" })),
];

// ---------------------------------------------------------------------------------------------
// Command line

function usage(message) {
  console.error(`tyk_schema_test: ${message}`);
  console.error("usage: node tyk_schema_test.mjs --atrium <atrium binary> --spec <tyk-portal-api.yaml>");
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: { atrium: { type: "string" }, spec: { type: "string" } },
    strict: true,
  }).values;
} catch (e) {
  usage(e.message);
}
if (!args.atrium) usage("--atrium is required");
if (!args.spec) usage("--spec is required");

// ---------------------------------------------------------------------------------------------
// The spec and its schemas

const spec = YAML.parse(readFileSync(args.spec, "utf8"));
if (!spec?.paths || !spec?.components?.schemas) usage(`${args.spec}: no paths or components.schemas`);

// One known defect of Tyk's file is fixed before use: some enum values carry the Markdown
// backticks of the documentation they were copied from ("`sqlite3`" for sqlite3), which no
// server could ever send. Only values wholly wrapped in one pair of backticks are unwrapped;
// every fix is printed.
const specFixes = [];
function unwrapBacktickEnums(node, where) {
  if (Array.isArray(node)) {
    node.forEach((v, i) => unwrapBacktickEnums(v, `${where}/${i}`));
  } else if (node && typeof node === "object") {
    if (Array.isArray(node.enum)) {
      const wrapped = node.enum.filter((v) => typeof v === "string" && /^`[^`]*`$/.test(v));
      if (wrapped.length > 0) {
        node.enum = node.enum.map((v) => (wrapped.includes(v) ? v.slice(1, -1) : v));
        specFixes.push(`${where}/enum: ${wrapped.join(", ")} read without the backticks`);
      }
    }
    for (const [k, v] of Object.entries(node)) unwrapBacktickEnums(v, `${where}/${k}`);
  }
}

// The schemas become the $defs of one JSON Schema 2020-12 document; the spec's
// "#/components/schemas/X" references are rewritten to point there.
const SCHEMAS_ID = "https://atrium.invalid/tyk-portal-api/schemas.json";
const COMPONENT_PREFIX = "#/components/schemas/";

function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string") {
      if (!v.startsWith(COMPONENT_PREFIX)) throw new Error(`unsupported schema $ref ${v}`);
      out[k] = `${SCHEMAS_ID}#/$defs/${v.slice(COMPONENT_PREFIX.length)}`;
    } else {
      out[k] = rewriteRefs(v);
    }
  }
  return out;
}

// Three more defects of the apps part, each fixed and printed: Client-show's AccessRequests is an
// array of arrays (its items are Client-AccessRequest-index, itself an array); a credential
// without an expiry has no Expires time to give (null); GET of one credential names the Status
// schema for 200 and the credential's for 422, swapped.
function fixAppSchemas(schemas, paths) {
  const requests = schemas["Client-show"]?.allOf?.[2]?.properties?.AccessRequests;
  if (requests?.items?.$ref === "#/components/schemas/Client-AccessRequest-index") {
    requests.items = { $ref: "#/components/schemas/Client-AccessRequest-elem" };
    specFixes.push("Client-show/AccessRequests/items read as Client-AccessRequest-elem (not an array of arrays)");
  }
  const expires = schemas.Credential?.properties?.Expires;
  if (expires?.type === "string") {
    expires.type = ["string", "null"];
    specFixes.push("Credential/Expires may be null (a key that does not expire)");
  }
  const one = paths["/apps/{app_id}/access-requests/{access-request_id}/credentials/{credential_id}"]?.get?.responses;
  const ok = one?.["200"]?.content?.["application/json"];
  if (ok?.schema?.$ref === "#/components/schemas/Status") {
    ok.schema = { $ref: "#/components/schemas/Credential-index-elem" };
    specFixes.push("GET one credential: 200 read as Credential-index-elem (the 200 and 422 schemas are swapped)");
  }
}

const componentSchemas = structuredClone(spec.components.schemas);
unwrapBacktickEnums(componentSchemas, "#/components/schemas");
fixAppSchemas(componentSchemas, spec.paths);
const defs = rewriteRefs(componentSchemas);

const ajv = new Ajv2020({
  allErrors: true,
  strictSchema: true,      // unknown keywords are errors, except OpenAPI's annotations below
  strictTypes: false,      // Tyk's schemas often omit `type: object` next to `properties`
  strictTuples: false,
  strictRequired: false,
});
ajv.addVocabulary(["example", "xml", "externalDocs", "discriminator"]);
ajv.addSchema({ $id: SCHEMAS_ID, $defs: defs });

// Resolves an OpenAPI-level "$ref" (response objects may be references) within the spec.
function resolveSpecRef(node) {
  let seen = 0;
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    if (!node.$ref.startsWith("#/") || ++seen > 20) throw new Error(`unsupported $ref ${node.$ref}`);
    node = node.$ref.slice(2).split("/")
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((n, key) => n?.[key], spec);
  }
  return node;
}

// An ajv schema path, in the spec's own terms ("#/components/schemas/Team-show/properties/…").
function specPointer(schemaPath) {
  const prefix = `${SCHEMAS_ID}#/$defs/`;
  return schemaPath.startsWith(prefix) ? COMPONENT_PREFIX + schemaPath.slice(prefix.length) : schemaPath;
}

// Name of the component schema a (rewritten) schema refers to, or undefined.
function refName(schema) {
  const ref = schema?.$ref;
  const prefix = `${SCHEMAS_ID}#/$defs/`;
  return typeof ref === "string" && ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}

const validators = new Map();

// The schema the spec names for `method pathTemplate` answering `status` with JSON.
function responseSchema(method, pathTemplate, status) {
  const pathItem = resolveSpecRef(spec.paths[pathTemplate]);
  if (!pathItem) throw new Error(`the spec has no path ${pathTemplate}`);
  const operation = pathItem[method.toLowerCase()];
  if (!operation) throw new Error(`the spec has no ${method} ${pathTemplate}`);
  const response = resolveSpecRef(operation.responses?.[String(status)]);
  if (!response) {
    const known = Object.keys(operation.responses ?? {}).join(", ");
    throw new Error(`the spec names no ${status} response for ${method} ${pathTemplate} (it has: ${known})`);
  }
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`the spec's ${status} response to ${method} ${pathTemplate} has no application/json schema`);
  const key = `${method} ${pathTemplate} ${status}`;
  if (!validators.has(key)) {
    const rewritten = rewriteRefs(schema);
    const name = refName(rewritten) ?? `inline schema of ${key}`;
    validators.set(key, { name, schema: rewritten, validate: ajv.compile(rewritten) });
  }
  return validators.get(key);
}

// Walks `value` alongside `schema` and lists the properties the schema declares that are absent
// (Tyk's schemas require nothing, so this is what catches a dropped field).
function defOf(schema) {
  let name;
  for (let hops = 0; refName(schema) && hops < 20; hops++) {  // follows aliases (A: {$ref: B})
    name = refName(schema);
    schema = defs[name];
  }
  return { name, schema };
}

function declaredProperties(schema, seen = new Set()) {
  const { name, schema: s } = defOf(schema);
  if (!s || typeof s !== "object" || (name && seen.has(name))) return {};
  if (name) seen.add(name);
  let props = {};
  for (const part of s.allOf ?? []) props = { ...props, ...declaredProperties(part, seen) };
  return { ...props, ...(s.properties ?? {}) };
}

function itemsOf(schema, seen = new Set()) {
  const { name, schema: s } = defOf(schema);
  if (!s || typeof s !== "object" || (name && seen.has(name))) return undefined;
  if (name) seen.add(name);
  if (s.items) return s.items;
  for (const part of s.allOf ?? []) {
    const items = itemsOf(part, seen);
    if (items) return items;
  }
  return undefined;
}

function absentProperties(schema, value, pointer = "", chain = []) {
  const name = refName(schema);
  const here = name ? [...chain, name] : chain;
  const found = { missing: [], exempted: [] };
  const add = (other) => {
    found.missing.push(...other.missing);
    found.exempted.push(...other.exempted);
  };
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    if (items) value.forEach((v, i) => add(absentProperties(items, v, `${pointer}/${i}`, here)));
  } else if (value && typeof value === "object") {
    for (const [prop, propSchema] of Object.entries(declaredProperties(schema))) {
      if (prop in value) {
        add(absentProperties(propSchema, value[prop], `${pointer}/${prop}`, here));
        continue;
      }
      const exemption = PRESENCE_EXEMPTIONS.find((e) => e.prop === prop &&
        e.where.length <= here.length &&
        e.where.every((n, i) => n === here[here.length - e.where.length + i]));
      const entry = `${pointer}/${prop} (${here.join(" > ") || "inline"})`;
      if (exemption) found.exempted.push(`${entry}: ${exemption.why}`);
      else found.missing.push(entry);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Reporting

let passed = 0;
const failures = [];
const notes = new Set();

function pass(label) {
  passed += 1;
  console.log(`ok    ${label}`);
}

function fail(label, details) {
  failures.push(label);
  console.log(`FAIL  ${label}`);
  if (details) console.log(details.replace(/^/gm, "      "));
}

function show(json) {
  const text = JSON.stringify(json, null, 2) ?? String(json);
  return text.length > 6000 ? `${text.slice(0, 6000)}\n… (${text.length} characters in all)` : text;
}

// ---------------------------------------------------------------------------------------------
// The server

let server;  // { child, baseUrl, stderr, exited }
let workDir;

function serverEnv() {
  const env = {};
  // Nothing of the caller's PORTAL_* configuration may leak into the server under test.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PORTAL_")) env[k] = v;
  return Object.assign(env, {
    PORTAL_HOSTPORT: "0",
    PORTAL_DATABASE_CONNECTIONSTRING: path.join(workDir, "portal.db"),
    PORTAL_LOG_LEVEL: "warn",
    PORTAL_PASSWORD_HASHMEMORY: "64KiB",
    PORTAL_PASSWORD_HASHITERATIONS: "1",
  });
}

function startServer() {
  workDir = mkdtempSync(path.join(tmpdir(), "atrium-schema-"));
  const child = spawn(path.resolve(args.atrium), ["serve"], {  // absolute: cwd is workDir
    cwd: workDir,
    env: serverEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const state = { child, baseUrl: undefined, stderr: [], exited: undefined };
  server = state;
  child.stderr.setEncoding("utf8");
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    state.stderr.push(line);
    if (state.stderr.length > 200) state.stderr.shift();
  });
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      state.exited = { code, signal };
      resolve(state.exited);
    });
    child.on("error", (e) => {  // could not be started (or signalled)
      if (state.exited) return;
      state.exited = { code: null, signal: null, error: e.message };
      resolve(state.exited);
    });
  });
  state.exitedPromise = exited;

  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "Atrium listening on" line within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS);
    exited.then(({ code, signal, error }) => {
      clearTimeout(timer);
      reject(new Error(error ? `cannot run ${args.atrium}: ${error}`
        : `atrium serve exited (code ${code}, signal ${signal}) before listening`));
    });
    const lines = readline.createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const m = /^Atrium listening on (http:\/\/\S+)/.exec(line);
      if (m && !state.baseUrl) {
        clearTimeout(timer);
        state.baseUrl = m[1].replace(/\/$/, "");
        resolve(state);
      }
    });
  });
}

async function stopServer() {
  if (!server || server.exited) return server?.exited;
  return terminate(server.child, server.exitedPromise, STOP_TIMEOUT_MS);
}

function removeWorkDir() {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
}

// Last-resort cleanup when the script dies or is interrupted: never leave a server behind.
process.on("exit", () => {
  if (server && !server.exited) server.child.kill("SIGKILL");
  removeWorkDir();
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    console.log(`tyk_schema_test: interrupted by ${signal}`);
    process.exit(1);
  });
}

// ---------------------------------------------------------------------------------------------
// Requests and checks

let token;

// A body sent as it is (an upload) rather than as JSON.
class RawBody {
  constructor(contentType, data) {
    this.contentType = contentType;
    this.data = data;
  }
}

// A multipart/form-data body with one "file" part, as Tyk's clients upload files.
function fileForm(filename, type, data) {
  const boundary = "schemaB0undary";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
    `Content-Type: ${type}\r\n\r\n`;
  const bytes = Buffer.concat([Buffer.from(head), Buffer.from(data), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return new RawBody(`multipart/form-data; boundary=${boundary}`, bytes);
}

async function request(method, url, body) {
  if (server.exited) throw new Error(`the server has exited (${JSON.stringify(server.exited)})`);
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = token;
  const raw = body instanceof RawBody;
  if (raw) headers["Content-Type"] = body.contentType;
  else if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${server.baseUrl}/portal-api${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : raw ? body.data : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let json;
  let parseError;
  try {
    json = JSON.parse(text);
  } catch (e) {
    parseError = e.message;
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text, json, parseError };
}

// Fills the spec's path template ("/users/{user_id}") with `ids`, in order.
function fillPath(template, ids) {
  let i = 0;
  const filled = template.replace(/\{[^}]+\}/g, () => {
    if (i >= ids.length || ids[i] === undefined) throw new Error(`no value for parameter ${i + 1} of ${template} (an earlier step failed)`);
    return encodeURIComponent(String(ids[i++]));
  });
  if (i !== ids.length) throw new Error(`${ids.length} values for ${i} parameters of ${template}`);
  return filled;
}

// Sends the request, checks the status, and validates the body against the spec's schema for
// that operation and status. Returns the parsed body when the status was right and the body JSON
// (even if it failed validation, so that later steps still run), else undefined.
// Options: query (appended to the path); presence (check that every declared property is there,
// default true); reportAbsent (when not checking presence, list the absent ones in a note).
async function check(method, template, ids, body, expectedStatus, options = {}) {
  const { query = "", presence = true, reportAbsent = false } = options;
  let url;
  let schemaInfo;
  const label = `${method} ${template}${query}`;
  try {
    url = fillPath(template, ids) + query;
    schemaInfo = responseSchema(method, template, expectedStatus);
  } catch (e) {
    fail(`${label}: ${e.message}`);
    return undefined;
  }
  const what = `${method} ${url} → ${expectedStatus} ${schemaInfo.name}`;
  let res;
  try {
    res = await request(method, url, body);
  } catch (e) {
    fail(`${what}: request failed: ${e.message}`);
    return undefined;
  }
  if (res.status !== expectedStatus) {
    fail(`${what}: got HTTP ${res.status}`, `request: ${show(body)}\nresponse: ${res.text.slice(0, 4000)}`);
    return undefined;
  }
  if (!res.contentType.toLowerCase().startsWith("application/json")) {
    fail(`${what}: Content-Type ${JSON.stringify(res.contentType)}, the spec names application/json`);
    return undefined;
  }
  if (res.parseError) {
    fail(`${what}: the body is not JSON (${res.parseError})`, res.text.slice(0, 4000));
    return undefined;
  }
  if (!schemaInfo.validate(res.json)) {
    const errors = schemaInfo.validate.errors
      .map((e) => `${e.instancePath || "/"} ${e.message} (${specPointer(e.schemaPath)})`)
      .join("\n");
    fail(`${what}: does not match the schema`, `ajv errors:\n${errors}\nresponse:\n${show(res.json)}`);
    return res.json;
  }
  if (presence) {
    const { missing, exempted } = absentProperties(schemaInfo.schema, res.json);
    for (const e of exempted) notes.add(`absent by design: ${e}`.replace(/\/\d+\//g, "/*/"));
    if (missing.length > 0) {
      fail(`${what}: properties the schema declares are missing`,
        `missing:\n${missing.join("\n")}\nresponse:\n${show(res.json)}`);
      return res.json;
    }
  } else if (reportAbsent) {
    const { missing } = absentProperties(schemaInfo.schema, res.json);
    if (missing.length > 0) {
      notes.add(`${method} ${template} (${schemaInfo.name}): not checked for presence; absent: ` +
        [...new Set(missing.map((m) => m.replace(/^\/\d+/, "").replace(/\/\d+\//g, "/*/")))].join(", "));
    }
  }
  pass(what);
  return res.json;
}

// A plain assertion on data already validated.
function expect(condition, label, details) {
  if (condition) pass(label);
  else fail(label, details);
}

// ---------------------------------------------------------------------------------------------
// The scenario

async function scenario() {
  // Bootstrap is Atrium's (Tyk bootstraps differently); only its token matters here.
  const boot = await request("POST", "/bootstrap", OWNER);
  const apiToken = boot.json?.data?.api_token;
  if (boot.status !== 200 || typeof apiToken !== "string" || apiToken === "") {
    fail("POST /bootstrap → 200 with data.api_token", `got HTTP ${boot.status}: ${boot.text.slice(0, 2000)}`);
    return;
  }
  pass("POST /bootstrap → 200 with data.api_token");
  token = apiToken;

  // Configuration.
  const configs = await check("GET", "/configs", [], undefined, 200, { presence: false, reportAbsent: true });
  if (configs) expect(Array.isArray(configs) && configs.length === 1, "GET /configs is one settings object", show(configs));

  // Organisations.
  const orgs = await check("GET", "/organisations", [], undefined, 200);
  if (orgs) expect(orgs.length >= 1, "GET /organisations lists the Default Organisation", show(orgs));
  await check("GET", "/organisations", [], undefined, 200, { query: "?page=1&per_page=1" });

  const org = await check("POST", "/organisations", [], { Name: "Schema Org" }, 200);
  const orgId = org?.ID;
  await check("GET", "/organisations/{organisation_id}", [orgId], undefined, 200);
  const renamed = await check("PUT", "/organisations/{organisation_id}", [orgId], { Name: "Schema Org Renamed" }, 200);
  if (renamed) expect(renamed.Name === "Schema Org Renamed", "PUT /organisations/{organisation_id} renames", show(renamed));

  // Teams.
  const teams = await check("GET", "/organisations/{organisation_id}/teams", [orgId], undefined, 200);
  if (teams) expect(teams.some((t) => t.Default === true), "the new organisation has its default team", show(teams));
  const team = await check("POST", "/organisations/{organisation_id}/teams", [orgId], { Name: "Schema Team" }, 200);
  const teamId = team?.ID;
  await check("GET", "/organisations/{organisation_id}/teams/{team_id}", [orgId, teamId], undefined, 200);

  // Users: a consumer in the new organisation and team, and an API Owner (no organisation).
  const consumer = await check("POST", "/users", [], {
    Email: "consumer@example.com", First: "Con", Last: "Sumer", Role: "consumer-team-member",
    OrganisationID: orgId, Teams: [teamId], Password: "another long test password",
  }, 200);
  const consumerId = consumer?.ID;
  const admin = await check("POST", "/users", [], {
    Email: "provider@example.com", First: "Pro", Last: "Vider", Role: "provider-admin",
    Password: "a third long test password",
  }, 200);
  const adminId = admin?.ID;

  const users = await check("GET", "/users", [], undefined, 200);
  if (users) expect(users.length >= 3, "GET /users lists the owner and both new users", show(users));
  await check("GET", "/users", [], undefined, 200, { query: "?page=2&per_page=1" });
  await check("GET", "/users/{user_id}", [consumerId], undefined, 200);
  await check("GET", "/users/{user_id}", [adminId], undefined, 200);
  // Tyk's User-update takes Teams as strings.
  const updated = await check("PUT", "/users/{user_id}", [consumerId],
    { First: "Renamed", ResetPassword: true, Teams: [String(teamId)] }, 200);
  if (updated) {
    expect(updated.First === "Renamed" && updated.Teams?.length === 1 && updated.Teams[0].ID === teamId,
      "PUT /users/{user_id} changes First and keeps the team given as a string", show(updated));
  }

  // Membership through the team (Team-update's Users are integers; Team-show's are "User#<id>").
  const member = await check("PUT", "/organisations/{organisation_id}/teams/{team_id}", [orgId, teamId],
    { Name: "Schema Team Renamed", Users: [consumerId] }, 200);
  if (member) {
    expect(member.Users?.includes(`User#${consumerId}`), "PUT team with Users lists the member",
      show(member));
  }
  // The organisation now has users and two teams: its nested records are validated too.
  await check("GET", "/organisations/{organisation_id}", [orgId], undefined, 200);

  // Errors, validated against the schema the spec names for the status (OnlyErrors for the
  // DELETEs). Tyk's file names User-show for GET /users/{user_id} → 404, which describes no
  // error, so that body is validated against it without the presence check, and every error
  // body is also checked for Tyk's error shape: an `errors` array of strings.
  const errorBodies = [
    ["GET /users/999999", await check("GET", "/users/{user_id}", [999999], undefined, 404, { presence: false })],
    ["DELETE /users/999999", await check("DELETE", "/users/{user_id}", [999999], undefined, 404)],
    ["DELETE /organisations/{id}/teams/999999",
      await check("DELETE", "/organisations/{organisation_id}/teams/{team_id}", [orgId, 999999], undefined, 404)],
    ["DELETE /organisations/999999", await check("DELETE", "/organisations/{organisation_id}", [999999], undefined, 404)],
  ];
  for (const [what, json] of errorBodies) {
    if (json === undefined) continue;
    expect(Array.isArray(json.errors) && json.errors.length > 0 && json.errors.every((e) => typeof e === "string"),
      `${what}: Tyk's error shape (non-empty "errors" array of strings)`, show(json));
  }

  await catalogueScenario(orgId, teamId);
  await appsScenario(consumerId);

  // Deletions.
  await check("DELETE", "/users/{user_id}", [consumerId], undefined, 200, { query: "?force=true" });
  await check("DELETE", "/users/{user_id}", [adminId], undefined, 200);
  await check("DELETE", "/organisations/{organisation_id}/teams/{team_id}", [orgId, teamId], undefined, 200);
  await check("DELETE", "/organisations/{organisation_id}", [orgId], undefined, 200);
}

// Providers, plans, products (APIs, tags), catalogues and their audiences.
async function catalogueScenario(orgId, teamId) {
  const providers = await check("GET", "/providers", [], undefined, 200);
  if (providers) expect(providers.length === 1, "GET /providers lists the built-in provider", show(providers));
  const providerId = providers?.[0]?.ID;
  await check("GET", "/providers/{provider_id}", [providerId], undefined, 200);

  const plan = await check("POST", "/plans", [], {
    Name: "schema_plan", DisplayName: "Schema plan", ProviderID: providerId, RateLimit: 5, Per: 10,
    Quota: 100, QuotaRenewalRate: 3600, KeyExpiresIn: 3600, AutoApproveAccessRequests: true,
    MetaData: { tier: "free" },
  }, 200);
  const planId = plan?.ID;
  await check("GET", "/plans", [], undefined, 200);
  await check("GET", "/plans/{plan_id}", [planId], undefined, 200);
  await check("PUT", "/plans/{plan_id}", [planId], { Name: "schema_plan", Quota: 50 }, 200);

  const product = await check("POST", "/products", [], {
    Name: "schema_product", DisplayName: "Schema product", ProviderID: providerId,
    IsDocumentationOnly: false, Description: "A product",
    APIDetails: [{ APIID: "schema-api", Description: "An API", OASUrl: "https://example.com/oas.json" }],
  }, 201);
  const productId = product?.ID;
  await check("GET", "/products", [], undefined, 200);
  await check("GET", "/products/{product_id}", [productId], undefined, 200);
  await check("PUT", "/products/{product_id}", [productId], { DisplayName: "Schema product 2" }, 200);
  await check("GET", "/products/{product_id}/api-details", [productId], undefined, 200);
  await check("GET", "/products/{product_id}/api-details/{api-id}", [productId, "schema-api"], undefined, 200);
  await check("PUT", "/products/{product_id}/api-details/{api-id}", [productId, "schema-api"],
    { Name: "Schema API", Status: true }, 200);
  await check("POST", "/products/{product_id}/tags", [productId], { Name: "schema" }, 201);
  await check("GET", "/products/{product_id}/tags", [productId], undefined, 200);
  await check("GET", "/products/{product_id}/tags/{tag_name}", [productId, "schema"], undefined, 200);
  await check("DELETE", "/products/{product_id}/tags/{tag_name}", [productId, "schema"], undefined, 200);
  const doc = await check("POST", "/products/{product_id}/docs", [productId],
    { Title: "Getting started", Content: "# Hello", Path: "start", Status: "published", MarkdownEnabled: true }, 201);
  await check("GET", "/products/{product_id}/docs", [productId], undefined, 200);
  await check("GET", "/products/{product_id}/docs/{doc_id}", [productId, doc?.ID], undefined, 200);
  await check("PUT", "/products/{product_id}/docs/{doc_id}", [productId, doc?.ID], { Title: "Start", Status: "draft" }, 200);
  const reorder = await request("POST", `/products/${productId}/docs/reorder`, [doc?.ID]);
  expect(reorder.status === 200, "POST /products/{product_id}/docs/reorder → 200", reorder.text);
  await check("DELETE", "/products/{product_id}/docs/{doc_id}", [productId, doc?.ID], undefined, 200);

  await documentationScenario(productId);

  const catalogue = await check("POST", "/catalogues", [], {
    Name: "Schema catalogue", VisibilityStatus: "Private", Products: [productId], Plans: [planId],
    OrgCatalogues: [{ OrganisationID: orgId, TeamID: teamId }],
  }, 200);
  const catalogueId = catalogue?.ID;
  await check("GET", "/catalogues", [], undefined, 200);
  await check("GET", "/catalogues/{catalogue_id}", [catalogueId], undefined, 200);
  await check("PUT", "/catalogues/{catalogue_id}", [catalogueId], { VisibilityStatus: "Public" }, 200);
  const audience = await check("POST", "/catalogues/{catalogue_id}/audiences", [catalogueId],
    { OrganisationID: orgId }, 201);
  await check("GET", "/catalogues/{catalogue_id}/audiences", [catalogueId], undefined, 200);
  await check("GET", "/catalogues/{catalogue_id}/audiences/{audience_id}", [catalogueId, audience?.ID], undefined, 200);
  await check("DELETE", "/catalogues/{catalogue_id}/audiences/{audience_id}", [catalogueId, audience?.ID], undefined, 200);
  await check("DELETE", "/catalogues/{catalogue_id}", [catalogueId], undefined, 200);
  await check("DELETE", "/products/{product_id}", [productId], undefined, 200);
  await check("DELETE", "/plans/{plan_id}", [planId], undefined, 200);
  await check("DELETE", "/plans/{plan_id}", [planId], undefined, 404);
}

// An operation whose success the spec gives without a JSON schema (uploads, downloads): checks
// the status and, when given, the start of the Content-Type.
async function checkPlain(method, url, body, expectedStatus, contentType) {
  const label = `${method} ${url} → ${expectedStatus}${contentType ? ` ${contentType}` : ""}`;
  let res;
  try {
    res = await request(method, url, body);
  } catch (e) {
    fail(`${label}: request failed: ${e.message}`);
    return undefined;
  }
  if (res.status !== expectedStatus) {
    fail(`${label}: got HTTP ${res.status}`, res.text.slice(0, 4000));
  } else if (contentType && !res.contentType.startsWith(contentType)) {
    fail(`${label}: Content-Type ${JSON.stringify(res.contentType)}`);
  } else {
    pass(label);
  }
  return res;
}

// Specifications of documentation-only products, GraphQL schemas, product images.
async function documentationScenario(apiProductId) {
  const sdl = "type Query {\n  payments: [String]\n}\n";
  const yaml = "openapi: 3.0.3\ninfo:\n  title: Docs\n  version: '1'\npaths: {}\n";
  const product = await check("POST", "/products", [], {
    Name: "schema_docs", IsDocumentationOnly: true, Description: "Documentation only",
    SpecDetails: [{ SpecAlias: "from_body", OASUrl: "https://petstore.swagger.io/v2/swagger.json" }],
  }, 201);
  expect(product?.SpecDetails?.[0]?.SpecAlias === "from_body",
    "POST /products with SpecDetails makes the specifications", show(product));
  await check("PUT", "/products/{product_id}", [product?.ID], { SpecDetails: [] }, 200);
  const id = product?.ID;
  const spec = await check("POST", "/products/{product_id}/spec-details", [id],
    { SpecAlias: "payment_api", OASUrl: "https://petstore.swagger.io/v2/swagger.json", Name: "Payments" }, 201);
  const specId = spec?.ID;
  await check("GET", "/products/{product_id}/spec-details", [id], undefined, 200);
  await check("GET", "/products/{product_id}/spec-details/{spec-id}", [id, specId], undefined, 200);
  await check("PUT", "/products/{product_id}/spec-details/{spec-id}", [id, specId], { Name: "Payment API Documentation" }, 200);
  await check("GET", "/products/{product_id}/spec-details/{spec-id}", [id, 999999], undefined, 404);
  await check("GET", "/products/{product_id}", [id], undefined, 200);
  await checkPlain("POST", `/products/${id}/spec-details/${specId}/oas`, fileForm("oas.yaml", "application/yaml", yaml), 200);
  await checkPlain("GET", `/products/${id}/spec-details/${specId}/oas`, undefined, 200, "application/x-yaml");
  await checkPlain("DELETE", `/products/${id}/spec-details/${specId}/oas`, undefined, 200);
  await checkPlain("PUT", `/products/${id}/spec-details/${specId}/graphql/schema`, fileForm("s.graphql", "application/graphql", sdl), 200);
  await checkPlain("GET", `/products/${id}/spec-details/${specId}/graphql/schema`, undefined, 200, "application/graphql");
  const made = await check("POST", "/products/{product_id}/spec-details/graphql/schema", [id], fileForm("refunds.graphql", "application/graphql", sdl), 200);
  await check("POST", "/products/{product_id}/spec-details/graphql/schema", [id], fileForm("bad.graphql", "application/graphql", "query { a }"), 400);
  await check("POST", "/products/{product_id}/spec-details/graphql/schema", [apiProductId], fileForm("s.graphql", "application/graphql", sdl), 400);
  await check("POST", "/products/{product_id}/spec-details/graphql/schema", [999999], fileForm("s.graphql", "application/graphql", sdl), 404);
  await checkPlain("DELETE", `/products/${id}/spec-details/${made?.ID}/graphql/schema`, undefined, 200);
  await check("DELETE", "/products/{product_id}/spec-details/{spec-id}", [id, specId], undefined, 200);
  await check("DELETE", "/products/{product_id}/spec-details/{spec-id}", [id, specId], undefined, 404);

  await checkPlain("POST", `/products/${apiProductId}/api-details/schema-api/graphql/schema?dry_run=true`, fileForm("s.graphql", "", sdl), 200);
  await checkPlain("POST", `/products/${apiProductId}/api-details/schema-api/graphql/schema`, fileForm("s.graphql", "", sdl), 200);
  await checkPlain("GET", `/products/${apiProductId}/api-details/schema-api/graphql/schema`, undefined, 200, "application/graphql");
  await checkPlain("DELETE", `/products/${apiProductId}/api-details/schema-api/graphql/schema`, undefined, 200);

  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("IHDR and the rest")]);
  for (const kind of ["logo", "preview"]) {
    await check("POST", `/products/{product_id}/${kind}`, [id], fileForm(`${kind}.png`, "image/png", png), 200);
    await checkPlain("GET", `/products/${id}/${kind}`, undefined, 200, "image/png");
  }
  const shown = await check("GET", "/products/{product_id}", [id], undefined, 200);
  expect(shown?.Logo === `/system/products/${id}/logo` && shown?.Preview === `/system/products/${id}/preview`,
    "GET /products/{product_id} names the Logo and Preview paths", show(shown));
  await checkPlain("POST", `/products/${id}/logo`, new RawBody("image/svg+xml", "<svg/>"), 400);
  for (const kind of ["logo", "preview"]) {
    await check("DELETE", `/products/{product_id}/${kind}`, [id], undefined, 200);
  }
  await check("DELETE", "/products/{product_id}", [id], undefined, 200);
}

// Developer apps, access requests, credentials and custom credentials.
async function appsScenario(consumerId) {
  const plan = await check("POST", "/plans", [], { Name: "apps_plan", KeyExpiresIn: 3600 }, 200);
  const other = await check("POST", "/plans", [], { Name: "apps_plan_2" }, 200);
  const product = await check("POST", "/products", [], { Name: "apps_product" }, 201);
  const catalogue = await check("POST", "/catalogues", [], {
    Name: "Apps catalogue", VisibilityStatus: "Public", Products: [product?.ID], Plans: [plan?.ID, other?.ID],
  }, 200);
  const app = await check("POST", "/apps", [], {
    Name: "Schema app", Description: "An app", RedirectURLs: "https://app.example/cb", UserID: consumerId,
  }, 200);
  const appId = app?.ID;
  await check("GET", "/apps", [], undefined, 200);
  await check("GET", "/apps", [], undefined, 200, { query: "?p=-2" });
  await check("PUT", "/apps/{app_id}", [appId], { Description: "Still an app" }, 200);
  const provisioned = await check("PUT", "/apps/{app_id}/provision", [appId],
    { PlanID: plan?.ID, Products: [product?.ID] }, 200);
  const requestId = provisioned?.AccessRequest?.ID;
  await check("PUT", "/apps/{app_id}/provision", [appId], { PlanID: other?.ID, Products: [product?.ID] }, 200);
  await check("GET", "/access_requests", [], undefined, 200);
  await check("GET", "/access_requests/{access_request_id}", [requestId], undefined, 200);
  await check("PUT", "/access_requests/{access_request_id}/approve", [requestId], undefined, 200);
  await check("GET", "/apps/{app_id}", [appId], undefined, 200);
  await check("GET", "/apps/{app_id}/access-requests", [appId], undefined, 200);
  const shown = await check("GET", "/apps/{app_id}/access-requests/{access-request_id}", [appId, requestId], undefined, 200);
  const credentialId = shown?.Credentials?.[0]?.ID;
  await check("GET", "/apps/{app_id}/access-requests/{access-request_id}/credentials", [appId, requestId], undefined, 200);
  await check("GET", "/apps/{app_id}/access-requests/{access-request_id}/credentials/{credential_id}",
    [appId, requestId, credentialId], undefined, 200);
  await check("PUT", "/apps/{app_id}/access-requests/{access-request_id}/credentials/{credential_id}/rotate",
    [appId, requestId, credentialId], undefined, 200);
  await check("DELETE", "/apps/{app_id}/access-requests/{access-request_id}/credentials/{credential_id}",
    [appId, requestId, credentialId], undefined, 200);
  const pending = (await check("GET", "/access_requests", [], undefined, 200))?.find((r) => r.Status === "pending");
  await check("PUT", "/access_requests/{access_request_id}/reject", [pending?.ID], undefined, 200);
  await check("DELETE", "/apps/{app_id}/access-requests/{access-request_id}", [appId, pending?.ID], undefined, 200);
  await check("DELETE", "/access_requests/{access_request_id}", [requestId], undefined, 200);
  await check("DELETE", "/access_requests/{access_request_id}", [requestId], undefined, 404);

  const custom = await check("POST", "/apps/{app_id}/custom_credentials", [appId], {
    Alias: "legacy", Type: "CREDENTIAL_TYPE_CUSTOM", PlanID: plan?.ID, ProductIDs: [product?.ID],
    AuthTokenType: "AUTH_TOKEN_TYPE_CUSTOM", CredentialKey: "a-legacy-key-of-enough-length",
  }, 201);
  await check("GET", "/apps/{app_id}/custom_credentials", [appId], undefined, 200);
  await check("GET", "/apps/{app_id}/custom_credentials/{credential_id}", [appId, custom?.ID], undefined, 200);
  await check("PUT", "/apps/{app_id}/custom_credentials/{credential_id}", [appId, custom?.ID], { Alias: "renamed" }, 200);
  await check("DELETE", "/apps/{app_id}/custom_credentials/{credential_id}", [appId, custom?.ID], undefined, 200);
  await check("DELETE", "/apps/{app_id}", [appId], undefined, 200);
  await check("DELETE", "/apps/{app_id}", [appId], undefined, 404);
  await check("DELETE", "/catalogues/{catalogue_id}", [catalogue?.ID], undefined, 200);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  console.log(`spec: ${args.spec} (OpenAPI ${spec.openapi}, ${spec.info?.title} ${spec.info?.version})`);
  for (const fix of specFixes) console.log(`spec fix: ${fix}`);
  try {
    await startServer();
    pass(`atrium serve listening on ${server.baseUrl}`);
  } catch (e) {
    fail(`start atrium serve: ${e.message}`, server?.stderr.join("\n"));
  }
  if (server?.baseUrl) {
    try {
      await scenario();
    } catch (e) {
      fail(`scenario aborted: ${e.stack ?? e}`);
    }
  }
  const stopped = await stopServer();
  if (server?.baseUrl) {
    expect(stopped?.code === 0, "atrium serve exits 0 on SIGTERM",
      `exit: ${JSON.stringify(stopped)}\nstderr:\n${server.stderr.join("\n")}`);
  }
  if (failures.length > 0 && server?.stderr.length) {
    console.log("server stderr (last lines):");
    console.log(server.stderr.slice(-40).join("\n").replace(/^/gm, "      "));
  }
  removeWorkDir();
  for (const note of notes) console.log(`note: ${note}`);
  console.log(`tyk schema test: ${passed + failures.length} checks, ${passed} passed, ${failures.length} failed`);
  for (const f of failures) console.log(`  failed: ${f}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();
