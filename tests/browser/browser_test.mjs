#!/usr/bin/env node
// Browser tests: the real `atrium serve` (throwaway SQLite database, real SMTP server from
// tests/support/smtp_server.py) driven through Debian's headless Chromium by playwright-core.
// Each flow clicks and types like a user and asserts what the user sees; every page visited is
// watched for console errors (CSP violations among them), page errors, failed requests, failed
// sub-resources and a missing Content-Security-Policy header.
//
// Usage: node browser_test.mjs --atrium <path to atrium binary> [--chromium /usr/bin/chromium]
//        [--screenshots <folder>]  (ctest passes build/test/screenshots)
// Exit status: 0 when every test passed, 1 otherwise (node:test's own).

import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { terminate } from "../support/terminate.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

// playwright-core comes from this folder's node_modules (`npm ci --prefix tests/browser`).
let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  if (e.code !== "ERR_MODULE_NOT_FOUND") throw e;
  console.error(`browser_test: cannot load playwright-core; run: npm ci --prefix ${HERE} --no-audit --no-fund`);
  process.exit(2);
}

const { values: args } = parseArgs({
  options: {
    atrium: { type: "string" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    // Where every page visited by shoot() is saved, at 1280 px and 390 px wide.
    screenshots: { type: "string" },
  },
  strict: true,
});
if (!args.atrium) {
  console.error("usage: node browser_test.mjs --atrium <atrium binary> [--chromium <path>]");
  process.exit(2);
}

// Debian's interpreter: it has python3-aiosmtpd, which a python3 earlier on PATH may lack.
const PYTHON = "/usr/bin/python3";
const SMTP_SERVER = path.join(HERE, "..", "support", "smtp_server.py");

// Generous: the ASan build is several times slower. These are limits, never expectations.
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const ACTION_TIMEOUT_MS = 20_000;
const EMAIL_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 120_000;

// A 96 x 48 PNG: the logo the Admin Portal's upload form sends.
const LOGO_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAGAAAAAwCAYAAADuFn/PAAAAvUlEQVR42u3csQ2EMBBFQXdAp4S0DyE5WvhePJY2veCNkA5jGKP52o79HFZdzK9G6ElHcCCit8X4Y/QWGCuFnwpi5fBRCMFDEAIHIUQNIQgZhBAviCBaEEGsIIJIQQRxwgjCBAGqfniF9QoCgCBA5aUF4AECAAAAAIQAqv9eAXAFAAAAAACA0M0YgPBWhJlgQ87YjvZQxngs6cG8cTTF4SzjiKIDuuKD8KKG8CC8rCc8DC9tiw7ERzx8LeVeF5iIzccrM5xoAAAAAElFTkSuQmCC", "base64");

const OWNER_EMAIL = "owner@example.com";
// Passwords must not contain the name in the email address (the policy refuses that).
const OWNER_PASSWORD = "plum lantern orbit seven";
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// ---------------------------------------------------------------------------------------------
// Processes: the SMTP server and atrium

let workDir;
let maildir;
let smtp;      // { child, port }
let server;    // { child, baseUrl, stderr, exited, exitedPromise }
let apiToken;  // the bootstrapped owner's admin API token
let ownerOneTimePassword;
let browser;

function serverEnv(smtpPort) {
  const env = {};
  // Nothing of the caller's PORTAL_* configuration may leak into the server under test.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PORTAL_")) env[k] = v;
  return Object.assign(env, {
    PORTAL_HOSTPORT: "0",  // a free port, announced on the "Atrium listening on" line
    PORTAL_DATABASE_CONNECTIONSTRING: path.join(workDir, "portal.db"),
    PORTAL_LOG_LEVEL: "warn",
    PORTAL_PASSWORD_HASHMEMORY: "64KiB",
    PORTAL_PASSWORD_HASHITERATIONS: "1",
    PORTAL_OUTBOX_POLLINTERVAL: "50ms",
    PORTAL_SMTP_HOST: "127.0.0.1",
    PORTAL_SMTP_PORT: String(smtpPort),
    PORTAL_EMAIL_FROM: "portal@example.com",
  });
}

// Resolves with the first line `child` prints, or rejects when it exits or takes too long.
function firstLine(child, what, matches) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no start-up line within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (code ${code}, signal ${signal}) before it was ready`));
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${what}: ${e.message}`));
    });
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const m = matches(line);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
}

async function startSmtp() {
  maildir = path.join(workDir, "maildir");
  mkdirSync(maildir);
  // stdin stays an open pipe: the server exits when it closes, so it never outlives this process.
  const child = spawn(PYTHON, [SMTP_SERVER, "--maildir", maildir], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await firstLine(child, "smtp_server.py", (line) => (/^\d+$/.test(line) ? Number(line) : null));
  smtp = { child, port };
}

async function bootstrapOwner(env) {
  // The CLI generates a one-time password, to be changed at first login.
  const { stdout } = await promisify(execFile)(path.resolve(args.atrium),
    ["bootstrap", "--email", OWNER_EMAIL, "--first", "Olive", "--last", "Owner"], { cwd: workDir, env });
  const password = /^\s*Password:\s+(\S+)/m.exec(stdout)?.[1];
  const token = /^\s*API token:\s+(\S+)/m.exec(stdout)?.[1];
  assert.ok(password && token, `atrium bootstrap printed no password or token:\n${stdout}`);
  return { password, token };
}

async function startServer() {
  const env = serverEnv(smtp.port);
  ({ password: ownerOneTimePassword, token: apiToken } = await bootstrapOwner(env));
  server = await serve(env, workDir);
}

// Starts `atrium serve` with `env` in `dir` and resolves once it listens.
async function serve(env, dir) {
  const child = spawn(path.resolve(args.atrium), ["serve"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  const state = { child, baseUrl: undefined, stderr: [], exited: undefined };
  state.exitedPromise = new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve((state.exited = { code, signal })));
  });
  child.stderr.setEncoding("utf8");
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    state.stderr.push(line);
    if (state.stderr.length > 200) state.stderr.shift();
  });
  const listening = await firstLine(child, "atrium serve", (line) => /^Atrium listening on http:\/\/\S+:(\d+)/.exec(line));
  // Emailed links start with http://localhost:<port> (PublicURL is left empty), so the browser
  // uses that origin too: one set of cookies for typed and emailed addresses.
  state.baseUrl = `http://localhost:${listening[1]}`;
  return state;
}

// A second portal without a mail relay (no PORTAL_SMTP_*, no From address), in its own folder and
// database, for the pages that show what waits in the outbox: { state, token, password }.
let plainServer;
async function startPlainServer() {
  const dir = path.join(workDir, "no-relay");
  mkdirSync(dir);
  const env = serverEnv(0);
  for (const key of ["PORTAL_SMTP_HOST", "PORTAL_SMTP_PORT", "PORTAL_EMAIL_FROM"]) delete env[key];
  env.PORTAL_DATABASE_CONNECTIONSTRING = path.join(dir, "portal.db");
  const { stdout } = await promisify(execFile)(path.resolve(args.atrium),
    ["bootstrap", "--email", OWNER_EMAIL, "--first", "Olive", "--last", "Owner"], { cwd: dir, env });
  const password = /^\s*Password:\s+(\S+)/m.exec(stdout)?.[1];
  const token = /^\s*API token:\s+(\S+)/m.exec(stdout)?.[1];
  plainServer = { state: await serve(env, dir), token, password };
  return plainServer;
}

async function stopServer() {
  if (!server || server.exited) return server?.exited;
  return terminate(server.child, server.exitedPromise, STOP_TIMEOUT_MS);
}

// Last-resort cleanup when the script dies: never leave a server behind.
process.on("exit", () => {
  if (server && !server.exited) server.child.kill("SIGKILL");
  if (plainServer && !plainServer.state.exited) plainServer.state.child.kill("SIGKILL");
  if (smtp && smtp.child.exitCode === null) smtp.child.kill("SIGKILL");
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The admin API (set-up only: what the flows need that has no page yet)

async function api(method, url, body, on = { baseUrl: server.baseUrl, token: apiToken }) {
  const response = await fetch(`${on.baseUrl}/portal-api${url}`, {
    method,
    headers: { Authorization: on.token, "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(ACTION_TIMEOUT_MS),
  });
  const text = await response.text();
  // 201 for the creations that Tyk's API answers so (products, docs).
  assert.ok(response.status === 200 || response.status === 201, `${method} /portal-api${url}: HTTP ${response.status}: ${text}`);
  return JSON.parse(text);
}

// ---------------------------------------------------------------------------------------------
// Email: the SMTP server writes each message to maildir/*.json (decoded subject, text, html)

const seenMail = new Set();

// Waits for a message to `to` whose subject contains `subject`, not returned before.
async function waitForEmail(to, subject) {
  const deadline = Date.now() + EMAIL_TIMEOUT_MS;
  for (;;) {
    for (const name of readdirSync(maildir).filter((n) => n.endsWith(".json")).sort()) {
      if (seenMail.has(name)) continue;
      const mail = JSON.parse(readFileSync(path.join(maildir, name), "utf8"));
      if (mail.rcpt_to.includes(to) && mail.subject.includes(subject)) {
        seenMail.add(name);
        return mail;
      }
    }
    if (Date.now() > deadline) {
      const all = readdirSync(maildir).filter((n) => n.endsWith(".json"))
        .map((n) => JSON.parse(readFileSync(path.join(maildir, n), "utf8")))
        .map((m) => `${m.rcpt_to.join(",")}: ${m.subject}`);
      assert.fail(`no email to ${to} about "${subject}" within ${EMAIL_TIMEOUT_MS} ms; received:\n${all.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The link to `pathname` in the email's text part (it must also be in the HTML part).
function linkIn(mail, pathname) {
  // A URL ends before white space, and a sentence's closing punctuation is not part of it.
  const links = [...mail.text.matchAll(/https?:\/\/\S*[^\s.,;:!?)]/g)].map((m) => m[0]);
  const link = links.find((l) => new URL(l).pathname === pathname);
  assert.ok(link, `no link to ${pathname} in "${mail.subject}":\n${mail.text}`);
  assert.ok(link.startsWith(`${server.baseUrl}/`), `${link} is not on ${server.baseUrl}`);
  assert.ok(mail.html.includes(link.replaceAll("&", "&amp;")), `the HTML part lacks ${link}`);
  return link;
}

// ---------------------------------------------------------------------------------------------
// Browser pages, watched for problems

// Every problem seen on any page of a watched context: console errors (Chromium reports CSP
// violations there), uncaught page errors, failed requests, sub-resources answered >= 400,
// documents without the CSP header.
const problems = [];

function watch(context, label, sink) {
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const report = (page, what) => sink.push(`[${label}] ${page.url()}: ${what}`);
  context.on("page", (page) => {
    // Pages answered with an error status on purpose (a refused form is re-shown with 400, a
    // used link explained with 400): the flows assert on them, and Chromium logs each as
    // "Failed to load resource". Only that message, for exactly such a document, is expected.
    const errorDocuments = new Set();
    page.on("console", (m) => {
      if (m.type() !== "error") return;
      const documentStatus = /^Failed to load resource: the server responded with a status of (\d+)/.exec(m.text());
      if (documentStatus && errorDocuments.has(`${documentStatus[1]} ${m.location().url}`)) return;
      report(page, `console error: ${m.text()} (${m.location().url})`);
    });
    page.on("pageerror", (e) => report(page, `page error: ${e.message}`));
    page.on("requestfailed", (r) => report(page, `request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
    page.on("response", (r) => {
      const request = r.request();
      if (request.isNavigationRequest()) {
        if (r.status() >= 300 && r.status() < 400) return;  // redirects carry no page
        if (r.status() >= 400) errorDocuments.add(`${r.status()} ${r.url()}`);
        const csp = r.headers()["content-security-policy"];
        if (csp !== CSP) report(page, `document ${r.url()} has Content-Security-Policy ${JSON.stringify(csp)}`);
      } else if (r.status() >= 400) {
        report(page, `${request.method()} ${r.url()} answered ${r.status()}`);
      }
    });
  });
}

// A new browser context (its own cookies: one user) and page, watched into `sink`.
async function newUserPage(label, sink = problems, baseURL = server.baseUrl) {
  const context = await browser.newContext({ baseURL });
  watch(context, label, sink);
  const page = await context.newPage();
  return { context, page };
}

// What the user sees as the page's heading.
async function heading(page) {
  return (await page.locator("main h1").innerText()).trim();
}

async function expectHeading(page, expected) {
  await page.locator("main h1").filter({ hasText: expected }).first().waitFor();
  assert.equal(await heading(page), expected, `heading on ${page.url()}`);
}

async function mainText(page) {
  return page.locator("main").innerText();
}

// Submits a form by clicking its button and waits for the page it leads to.
async function clickAndLoad(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), locator.click()]);
}

async function signIn(page, email, password) {
  await page.goto("/auth/password/login");
  await expectHeading(page, "Sign in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await clickAndLoad(page, page.locator("main").getByRole("button", { name: "Sign in" }));
}

// From the sign-in page, follows one of its links like a user looking for it.
async function followFromLogin(page, linkName, expectedPath, expectedHeading) {
  await page.goto("/auth/password/login");
  await clickAndLoad(page, page.getByRole("link", { name: linkName }));
  await assertPath(page, expectedPath);
  await expectHeading(page, expectedHeading);
}

// The two widths every page is looked at: a laptop and a phone.
const WIDTHS = [1280, 390];

// Shows the current page at each width: the page must not scroll sideways (its tables scroll in
// their own region instead), and with --screenshots a full-page PNG of each is saved as
// <name>-<width>.png. Leaves the page at the first width.
async function shoot(page, name) {
  for (const width of [...WIDTHS].reverse()) {
    await page.setViewportSize({ width, height: 900 });
    if (args.screenshots) {
      mkdirSync(args.screenshots, { recursive: true });
      await page.screenshot({ path: path.join(args.screenshots, `${name}-${width}.png`), fullPage: true });
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) {
      // Name what sticks out, outside the regions that scroll on their own.
      const wide = await page.evaluate(() => [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth && !e.closest(".table-wrap"))
        .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).join(", "));
      assert.fail(`${name} at ${width} px is ${overflow} px wider than the window: ${wide}`);
    }
  }
}

// Asserts the page is in the Admin Portal's frame: the side navigation with `section` current,
// and breadcrumbs ending in the page's own title.
async function expectAdminFrame(page, section) {
  const side = page.getByRole("navigation", { name: "Admin sections" });
  assert.equal(await side.getByRole("link", { name: section, exact: true }).getAttribute("aria-current"), "page",
    `${section} is the current section`);
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  assert.equal(await crumbs.getByRole("link", { name: "Admin", exact: true }).count(), 1, "breadcrumbs start at Admin");
  assert.equal(await crumbs.locator("[aria-current=page]").innerText(), await heading(page));
}

// Non-owners get the 404 page for every Admin Portal page (DESIGN §2), shot once as `name`.
async function expectAdminRefused(page, name) {
  for (const url of ["/admin", "/admin/users", "/admin/invitations", "/admin/organisations", "/admin/plans",
    "/admin/products", "/admin/settings", "/admin/outbox", "/admin/audit", "/admin/api-tokens"]) {
    const response = await page.goto(url);
    assert.equal(response.status(), 404, `${url} is refused`);
    await expectHeading(page, "Not found");
    assert.equal(await page.getByRole("navigation", { name: "Admin sections" }).count(), 0, "no admin frame");
  }
  await shoot(page, name);
}

// Goes to `url`, checks the heading, and shoots it.
async function visit(page, url, expectedHeading, name) {
  await page.goto(url);
  await expectHeading(page, expectedHeading);
  await shoot(page, name);
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

// Asserts the page's path, showing what the page says when it is another.
async function assertPath(page, expected) {
  const actual = pathOf(page);
  if (actual !== expected) {
    const text = await page.locator("main").innerText().catch(() => "(no main)");
    assert.fail(`on ${actual}, expected ${expected}; the page says:\n${text}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Set-up and tear-down

before(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "atrium-browser-"));
  await startSmtp();
  await startServer();
  browser = await chromium.launch({ executablePath: args.chromium, args: ["--no-sandbox"] });
}, { timeout: START_TIMEOUT_MS * 2 });

after(async () => {
  await browser?.close();  // the last test stops both; this is for when one failed before it
  await stopServer();
  smtp?.child.stdin.end();  // the SMTP server exits when its stdin closes
  if (server?.stderr.length) console.log(`atrium serve stderr:\n${server.stderr.join("\n")}`);
});

// ---------------------------------------------------------------------------------------------
// The flows. They run in order: the owner signed in by the first approves in the second.

describe("Atrium in Chromium", { concurrency: false, timeout: TEST_TIMEOUT_MS * 5 }, () => {
  let owner;  // the owner's browser page, signed in by the first test

  test("the watch catches a CSP violation (so that its silence means something)", async () => {
    const found = [];  // kept out of `problems`: this violation is on purpose
    const { context, page } = await newUserPage("self-check", found);
    await page.goto("/auth/password/login");
    assert.deepEqual(found, [], "the sign-in page itself has problems");
    // An inline script is what the CSP forbids; Chromium must refuse it and say so.
    const refused = page.waitForEvent("console", (m) => m.text().includes("Content Security Policy"));
    await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "document.title = 'injected'";
      document.body.append(s);
    });
    await refused;
    assert.notEqual(await page.title(), "injected", "the inline script ran despite the CSP");
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0], /console error: .*Content Security Policy/);
    await context.close();
  });

  test("the bootstrapped owner signs in, must change the one-time password, lands on /admin", async () => {
    const { page } = await newUserPage("owner");
    owner = page;
    await signIn(page, OWNER_EMAIL, ownerOneTimePassword);
    await assertPath(page, "/auth/password/change");
    await expectHeading(page, "Change your password");
    assert.match(await mainText(page), /You must set a new password before continuing\./);
    // Forced: no current-password field.
    assert.equal(await page.getByLabel("Current password").count(), 0);

    // A mismatched confirmation is refused next to the field.
    await page.getByLabel("New password", { exact: true }).fill(OWNER_PASSWORD);
    await page.getByLabel("Confirm new password").fill(`${OWNER_PASSWORD} typo`);
    await clickAndLoad(page, page.getByRole("button", { name: "Change password" }));
    await assertPath(page, "/auth/password/change");
    await page.locator(".error-summary").waitFor();
    assert.ok(await page.locator("#confirm_password-error").isVisible(), "no error next to the confirmation");

    await page.getByLabel("New password", { exact: true }).fill(OWNER_PASSWORD);
    await page.getByLabel("Confirm new password").fill(OWNER_PASSWORD);
    await clickAndLoad(page, page.getByRole("button", { name: "Change password" }));
    await assertPath(page, "/admin");
    await expectHeading(page, "Admin Portal");
    assert.match(await mainText(page), /Signed in as Olive Owner \(owner@example\.com\), Super admin\./);
    assert.match(await page.locator("header").innerText(), /Signed in as Olive Owner/);

    // The new password works from a fresh browser, and the one-time one no longer does.
    const fresh = await newUserPage("owner-again");
    await signIn(fresh.page, OWNER_EMAIL, ownerOneTimePassword);
    await assertPath(fresh.page, "/auth/password/login");
    assert.match(await fresh.page.locator(".error-summary").innerText(), /Incorrect email or password\./);
    await signIn(fresh.page, OWNER_EMAIL, OWNER_PASSWORD);
    await assertPath(fresh.page, "/admin");
    await fresh.context.close();
  });

  test("self-registration: register, confirm by email, owner approves, user signs in", async () => {
    const email = "reggie@example.com";
    const password = "quiet harbour of copper bells";
    const { context, page } = await newUserPage("registrant");

    await followFromLogin(page, "Register", "/auth/password/register", "Register");

    // Too short a password: the summary and the field error show; what was typed stays.
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("First name").fill("Reggie");
    await page.getByLabel("Last name").fill("Strant");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Confirm password").fill("short");
    await clickAndLoad(page, page.locator("main").getByRole("button", { name: "Register" }));
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    assert.match(await summary.innerText(), /There is a problem/);
    assert.equal(await summary.locator('a[href="#Password"]').count(), 1, "the summary does not link to the password");
    const fieldError = page.locator("#Password-error");
    assert.ok(await fieldError.isVisible(), "no error next to the password field");
    assert.match(await fieldError.innerText(), /8/);
    assert.equal(await page.getByLabel("Email address").inputValue(), email);
    assert.equal(await page.getByLabel("First name").inputValue(), "Reggie");
    assert.equal(await page.getByLabel("Last name").inputValue(), "Strant");
    assert.equal(await page.getByLabel("Password", { exact: true }).inputValue(), "", "the password was sent back");

    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Confirm password").fill(password);
    await clickAndLoad(page, page.locator("main").getByRole("button", { name: "Register" }));
    await expectHeading(page, "Check your email");
    assert.match(await mainText(page), new RegExp(`We have sent a message to ${email.replace(".", "\\.")}`));

    // Before confirming, a correct password is told to confirm first.
    await signIn(page, email, password);
    assert.match(await page.locator(".notice").innerText(), /Confirm your email address first/);

    const confirmMail = await waitForEmail(email, "Confirm your email address");
    await page.goto(linkIn(confirmMail, "/auth/password/register/confirm"));
    await expectHeading(page, "Confirm your email address");
    await clickAndLoad(page, page.getByRole("button", { name: "Confirm my address" }));
    await expectHeading(page, "Address confirmed");
    assert.match(await mainText(page), /waits for the portal's owners to approve it/);

    await signIn(page, email, password);
    await assertPath(page, "/auth/password/login");
    assert.match(await page.locator(".notice").innerText(), /Your registration is waiting for approval\./);

    // The owner follows the link in the notification and approves.
    const notification = await waitForEmail(OWNER_EMAIL, `New registration awaiting approval: ${email}`);
    await owner.goto(linkIn(notification, "/admin/registration-requests"));
    await expectHeading(owner, "Registrations awaiting approval");
    const row = owner.locator("tbody tr").filter({ hasText: email });
    assert.equal(await row.count(), 1, "the registration is not listed");
    assert.match(await row.innerText(), /Reggie Strant/);
    await shoot(owner, "admin-registrations");
    await clickAndLoad(owner, row.getByRole("button", { name: "Approve" }));
    // A relay is configured here, so the page may say that the email is on its way.
    assert.match(await owner.locator("main .flash").innerText(),
      /Approved reggie@example\.com\. An email is on its way to reggie@example\.com\./);
    await owner.reload();
    assert.equal(await owner.locator("main .flash").count(), 0, "the flash came back on reload");
    assert.equal(await owner.locator("tbody tr").filter({ hasText: email }).count(), 0, "still listed after approval");
    assert.match(await mainText(owner), /No registration is waiting for approval\./);
    await waitForEmail(email, "your registration is approved");

    await signIn(page, email, password);
    await assertPath(page, "/portal/private/dashboard");
    await expectHeading(page, "Dashboard");
    assert.match(await mainText(page), /Welcome, Reggie Strant\./);
    assert.match(await page.locator(".summary-list").innerText(), /reggie@example\.com/);
    await context.close();
  });

  test("a registration the owner rejects after a confirmation page; the registrant is told by email", async () => {
    const email = "rhea@example.com";
    const password = "velvet compass under rain";
    const { context, page } = await newUserPage("rejected-registrant");
    await page.goto("/auth/password/register");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("First name").fill("Rhea");
    await page.getByLabel("Last name").fill("Jected");
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Confirm password").fill(password);
    await clickAndLoad(page, page.locator("main").getByRole("button", { name: "Register" }));
    await expectHeading(page, "Check your email");
    await page.goto(linkIn(await waitForEmail(email, "Confirm your email address"), "/auth/password/register/confirm"));
    await clickAndLoad(page, page.getByRole("button", { name: "Confirm my address" }));
    await expectHeading(page, "Address confirmed");
    await waitForEmail(OWNER_EMAIL, `New registration awaiting approval: ${email}`);

    await owner.goto("/admin/registration-requests");
    const row = owner.locator("tbody tr").filter({ hasText: email });
    await clickAndLoad(owner, row.getByRole("link", { name: "Reject" }));
    await expectHeading(owner, "Reject the registration?");
    await expectAdminFrame(owner, "Registrations");
    assert.match(await mainText(owner), /rhea@example\.com is told by email that the registration was not approved/);
    await shoot(owner, "admin-registration-reject");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Cancel" }));
    assert.equal(await owner.locator("tbody tr").filter({ hasText: email }).count(), 1, "cancelling kept it waiting");
    await clickAndLoad(owner, owner.locator("tbody tr").filter({ hasText: email }).getByRole("link", { name: "Reject" }));
    await clickAndLoad(owner, owner.getByRole("button", { name: "Reject registration" }));
    assert.match(await owner.locator("main .flash").innerText(), /Rejected rhea@example\.com\./);
    assert.equal(await owner.locator("tbody tr").filter({ hasText: email }).count(), 0, "still listed after rejection");
    await waitForEmail(email, "Your registration at");

    await signIn(page, email, password);
    await assertPath(page, "/auth/password/login");
    await context.close();
  });

  test("password reset: request by email, set a new password, the link works once", async () => {
    const email = "rita@example.com";
    const org = await api("POST", "/organisations", { Name: "Reset Org" });
    await api("POST", "/users", {
      Email: email, First: "Rita", Last: "Reset", Role: "consumer-team-member",
      OrganisationID: org.ID, Password: "misplaced violin under stairs",
    });
    const newPassword = "fresh tulips beside granite";
    const { context, page } = await newUserPage("reset");

    await followFromLogin(page, "Forgot your password?", "/auth/password/new", "Forgot your password?");
    await page.getByLabel("Email address").fill(email);
    await clickAndLoad(page, page.getByRole("button", { name: "Email me a link" }));
    await expectHeading(page, "Check your email");
    assert.match(await mainText(page), /rita@example\.com belongs to an account/);

    const mail = await waitForEmail(email, "Reset your");
    const link = linkIn(mail, "/auth/reset/code");
    await page.goto(link);
    await expectHeading(page, "Choose a new password");
    assert.match(await mainText(page), /Choose a new password for rita@example\.com/);
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm new password").fill(newPassword);
    await clickAndLoad(page, page.getByRole("button", { name: "Change password" }));
    await expectHeading(page, "Password changed");
    await clickAndLoad(page, page.locator("main").getByRole("link", { name: "Sign in" }));

    await signIn(page, email, "misplaced violin under stairs");
    assert.match(await page.locator(".error-summary").innerText(), /Incorrect email or password\./);
    await signIn(page, email, newPassword);
    await assertPath(page, "/portal/private/dashboard");
    assert.match(await mainText(page), /Welcome, Rita Reset\./);

    // The same link again: refused, saying why, with the way to a new one.
    const again = await page.goto(link);
    assert.equal(again.status(), 400);
    await expectHeading(page, "This link cannot be used");
    assert.match(await mainText(page), /this link has already been used\./);
    assert.equal(await page.getByRole("link", { name: "Ask for a new link" }).getAttribute("href"), "/auth/password/new");
    await context.close();
  });

  test("a consumer-admin invites a team member, who sets a password and signs in", async () => {
    const org = await api("POST", "/organisations", { Name: "Acme Widgets" });
    const team = await api("POST", `/organisations/${org.ID}/teams`, { Name: "Platform" });
    await api("POST", "/users", {
      Email: "ada@example.com", First: "Ada", Last: "Admin", Role: "consumer-admin",
      OrganisationID: org.ID, Teams: [team.ID], Password: "marble staircase in autumn",
    });
    const admin = await newUserPage("consumer-admin");
    await signIn(admin.page, "ada@example.com", "marble staircase in autumn");
    await assertPath(admin.page, "/portal/private/dashboard");

    await admin.page.goto("/portal/private/users/invite");
    await expectHeading(admin.page, "Invite a user");
    assert.match(await mainText(admin.page), /No invitations are pending\./);
    await admin.page.getByLabel("Email address").fill("ivy@example.com");
    await admin.page.getByLabel("First name").fill("Ivy");
    await admin.page.getByLabel("Last name").fill("Invitee");
    await admin.page.getByLabel("Platform").check();
    await clickAndLoad(admin.page, admin.page.getByRole("button", { name: "Send invitation" }));
    assert.match(await admin.page.locator("main .flash").innerText(),
      /Invitation created\. An email is on its way to ivy@example\.com\./);
    await shoot(admin.page, "live-invite");
    const pending = admin.page.locator("tbody tr").filter({ hasText: "ivy@example.com" });
    assert.equal(await pending.count(), 1, "the invitation is not listed");
    assert.match(await pending.innerText(), /Ivy Invitee/);

    const mail = await waitForEmail("ivy@example.com", "invited you to");
    assert.match(mail.subject, /^ada@example\.com invited you to /);
    const { context, page } = await newUserPage("invitee");
    await page.goto(linkIn(mail, "/auth/password/register"));
    await expectHeading(page, "Set your password");
    assert.match(await mainText(page), /Choose a password for ivy@example\.com/);
    await page.getByLabel("New password", { exact: true }).fill("seventeen paper kites drifting");
    await page.getByLabel("Confirm new password").fill("seventeen paper kites drifting");
    await clickAndLoad(page, page.getByRole("button", { name: "Set password and activate" }));
    await expectHeading(page, "Your account is ready");

    await clickAndLoad(page, page.locator("main").getByRole("link", { name: "Sign in" }));
    await signIn(page, "ivy@example.com", "seventeen paper kites drifting");
    await assertPath(page, "/portal/private/dashboard");
    const about = await page.locator(".summary-list").innerText();
    assert.match(about, /Acme Widgets/);
    assert.match(about, /Platform/);

    // Accepted: no longer pending on the admin's page.
    await admin.page.reload();
    assert.equal(await admin.page.locator("tbody tr").filter({ hasText: "ivy@example.com" }).count(), 0);
    await context.close();
    await admin.context.close();
  });

  test("the owner manages users and API tokens in the Admin Portal frame", async () => {
    const org = await api("POST", "/organisations", { Name: "Frame Co" });
    const team = await api("POST", `/organisations/${org.ID}/teams`, { Name: "Blue" });
    for (const [first, role] of [["Tina", "consumer-team-member"], ["Carl", "consumer-admin"]]) {
      await api("POST", "/users", {
        Email: `${first.toLowerCase()}@example.com`, First: first, Last: "Frame", Role: role,
        OrganisationID: org.ID, Teams: [team.ID], Password: "lanterns over the quiet bay",
      });
    }
    await visit(owner, "/admin", "Admin Portal", "admin-overview");
    const side = owner.getByRole("navigation", { name: "Admin sections" });
    assert.equal(await side.getByRole("link", { name: "Overview" }).getAttribute("aria-current"), "page");

    await clickAndLoad(owner, side.getByRole("link", { name: "Users" }));
    await expectHeading(owner, "Users");
    assert.equal(await side.getByRole("link", { name: "Users" }).getAttribute("aria-current"), "page");
    assert.match(await owner.getByRole("navigation", { name: "Breadcrumb" }).innerText(), /^Admin\s+Users$/);
    await shoot(owner, "admin-users");

    await owner.getByLabel("Organisation").selectOption({ label: "Frame Co" });
    await owner.getByLabel("Role").selectOption({ label: "Admin" });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    const rows = owner.locator("tbody tr");
    assert.equal(await rows.count(), 1, await mainText(owner));
    assert.match(await rows.innerText(), /carl@example\.com\s+Admin\s+Active/);
    await owner.getByLabel("Team").selectOption({ label: "Blue" });
    await owner.getByLabel("Role").selectOption({ label: "Any" });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    assert.equal(await rows.count(), 2, await mainText(owner));
    await shoot(owner, "admin-users-filtered");
    await owner.getByLabel("Name or email starts with").fill("zz");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    assert.match(await mainText(owner), /No user matches these filters\./);

    await owner.goto("/admin/users?search=tina");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Tina Frame" }));
    await expectHeading(owner, "Tina Frame");
    assert.match(await owner.locator(".summary-list").innerText(), /Team member[\s\S]*Active[\s\S]*Frame Co[\s\S]*Blue/);
    await shoot(owner, "admin-user");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Deactivate" }));
    assert.match(await owner.locator("main .flash").innerText(), /tina@example\.com is inactive and was signed out everywhere\./);
    assert.match(await owner.locator(".summary-list").innerText(), /Inactive/);
    await clickAndLoad(owner, owner.getByRole("button", { name: "Activate" }));
    assert.match(await owner.locator("main .flash").innerText(), /tina@example\.com is active/);

    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete" }));
    await expectHeading(owner, "Delete Tina Frame?");
    assert.match(await mainText(owner), /cannot be undone/);
    await expectAdminFrame(owner, "Users");
    await shoot(owner, "admin-user-delete");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Cancel" }));
    await expectHeading(owner, "Tina Frame");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete" }));
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete user" }));
    await assertPath(owner, "/admin/users");
    assert.match(await owner.locator("main .flash").innerText(), /Deleted tina@example\.com\./);

    await clickAndLoad(owner, side.getByRole("link", { name: "API tokens" }));
    await expectHeading(owner, "API tokens");
    await shoot(owner, "admin-api-tokens");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create token" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Name: is required/);
    await owner.getByLabel("Name", { exact: true }).fill("Laptop scripts");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create token" }));
    const secret = await owner.getByLabel("The new token").inputValue();
    assert.ok(secret.length >= 32, "no token shown");
    const configs = await fetch(`${server.baseUrl}/portal-api/configs`, { headers: { Authorization: secret } });
    assert.equal(configs.status, 200, "the new token does not work");
    await shoot(owner, "admin-api-token-created");
    await owner.goto("/admin/api-tokens");
    assert.equal(await owner.getByLabel("The new token").count(), 0, "the secret is shown again");
    const row = owner.locator("tbody tr").filter({ hasText: "Laptop scripts" });
    await clickAndLoad(owner, row.getByRole("link", { name: "Revoke" }));
    await expectHeading(owner, "Revoke the token “Laptop scripts”?");
    await expectAdminFrame(owner, "API tokens");
    await shoot(owner, "admin-api-token-revoke");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Revoke token" }));
    assert.match(await owner.locator("main .flash").innerText(), /The token was revoked\./);
    const refused = await fetch(`${server.baseUrl}/portal-api/configs`, { headers: { Authorization: secret } });
    assert.equal(refused.status, 401);
    await visit(owner, "/admin/profile", "Your profile", "admin-profile");
  });

  test("the owner creates users (an invitation, a password) and edits one's details, role, teams and organisation", async () => {
    const org = await api("POST", "/organisations", { Name: "Form Works" });
    await api("POST", `/organisations/${org.ID}/teams`, { Name: "Green" });
    const other = await api("POST", "/organisations", { Name: "Elsewhere Ltd" });
    await owner.goto("/admin/users");
    await clickAndLoad(owner, owner.locator("main").getByRole("link", { name: "New user" }));
    await expectHeading(owner, "New user");
    await owner.getByLabel("Organisation", { exact: true }).selectOption({ label: "Form Works" });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Show its teams" }));
    assert.equal(await owner.getByLabel("Green").count(), 1, "the organisation's teams are not offered");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create user" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Email: is required/);
    await shoot(owner, "admin-user-new-errors");
    await owner.getByLabel("Email address").fill("nina@example.com");
    await owner.getByLabel("First name").fill("Nina");
    await owner.getByLabel("Last name").fill("New");
    await owner.getByLabel("Role").selectOption({ label: "Team member" });
    await owner.getByLabel("Green").check();
    await shoot(owner, "admin-user-new");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create user" }));
    await expectHeading(owner, "Nina New");
    assert.match(await owner.locator("main .flash").innerText(), /Created Nina New\. Invitation created\. An email is on its way to nina@example\.com\./);
    assert.match(await owner.locator(".summary-list").innerText(), /Team member[\s\S]*Invited[\s\S]*Form Works[\s\S]*Green/);
    await waitForEmail("nina@example.com", "invited you to");

    await owner.goto(`/admin/users/new?organisation=${org.ID}`);
    await owner.getByLabel("Email address").fill("paul@example.com");
    await owner.getByLabel("First name").fill("Paul");
    await owner.getByLabel("Set a password now").check();
    await owner.getByLabel("Password", { exact: true }).fill("quiet river under stone");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create user" }));
    await expectHeading(owner, "Paul");
    assert.match(await owner.locator(".summary-list").innerText(), /Admin[\s\S]*Active[\s\S]*Form Works All users/);

    await clickAndLoad(owner, owner.locator("main").getByRole("link", { name: "Edit" }));
    await expectHeading(owner, "Edit Paul");
    await owner.getByLabel("Last name").fill("Edited");
    await owner.getByLabel("Green").check();
    await shoot(owner, "admin-user-edit");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Save changes" }));
    await expectHeading(owner, "Paul Edited");
    assert.match(await owner.locator("main .flash").innerText(), /Changes to Paul Edited saved\./);
    assert.match(await owner.locator(".summary-list").innerText(), /Form Works All users\s+Green/);
    await clickAndLoad(owner, owner.locator("main").getByRole("link", { name: "Edit" }));
    await owner.getByLabel("Organisation", { exact: true }).selectOption({ label: "Elsewhere Ltd" });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Save changes" }));
    assert.match(await owner.locator("main .flash").innerText(), /default team of Elsewhere Ltd now/);
    assert.match(await owner.locator(".summary-list").innerText(), /Elsewhere Ltd[\s\S]*Elsewhere Ltd All users/);
    await shoot(owner, "admin-user-moved");
    assert.equal((await api("GET", "/users?per_page=100")).find((u) => u.Email === "paul@example.com").OrganisationID, other.ID);
  });

  test("consumers: their navigation, deep links after sign-in, and HTML error pages", async () => {
    // ivy (team member) and ada (consumer-admin) from the invitation test.
    const { context, page } = await newUserPage("team-member");
    await page.goto("/portal/private/users?search=iv");
    await assertPath(page, "/auth/password/login");
    await shoot(page, "live-login");
    await page.getByLabel("Email address").fill("ivy@example.com");
    await page.getByLabel("Password", { exact: true }).fill("seventeen paper kites drifting");
    await clickAndLoad(page, page.locator("main").getByRole("button", { name: "Sign in" }));
    await assertPath(page, "/portal/private/users");
    assert.equal(new URL(page.url()).search, "?search=iv");
    await expectHeading(page, "Users");
    const nav = page.getByRole("navigation", { name: "Main" });
    assert.equal(await nav.getByRole("link", { name: "Users" }).getAttribute("aria-current"), "page");
    assert.equal(await nav.getByRole("link", { name: "Invite" }).count(), 0, "a team member is offered Invite");
    await shoot(page, "live-users-team-member");
    await visit(page, "/portal/private/dashboard", "Dashboard", "live-dashboard-team-member");

    await expectAdminRefused(page, "admin-refused-team-member");
    const missing = await page.goto("/no/such/page");
    assert.equal(missing.status(), 404);
    await expectHeading(page, "Page not found");
    await shoot(page, "page-not-found");
    await context.close();

    const ada = await newUserPage("consumer-admin-again");
    await signIn(ada.page, "ada@example.com", "marble staircase in autumn");
    await expectAdminRefused(ada.page, "admin-refused-consumer-admin");
    const adaNav = ada.page.getByRole("navigation", { name: "Main" });
    await clickAndLoad(ada.page, adaNav.getByRole("link", { name: "Users" }));
    await expectHeading(ada.page, "Users");
    assert.match(await ada.page.locator("tbody").innerText(), /ivy@example\.com\s+Team member\s+Active/);
    await shoot(ada.page, "live-users-consumer-admin");
    await clickAndLoad(ada.page, ada.page.getByRole("link", { name: "Ivy Invitee" }));
    await expectHeading(ada.page, "Ivy Invitee");
    await shoot(ada.page, "live-user");

    await clickAndLoad(ada.page, adaNav.getByRole("link", { name: "Invite" }));
    await expectHeading(ada.page, "Invite a user");
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Send invitation" }));
    assert.match(await ada.page.locator(".error-summary").innerText(), /Email: is required/);
    await shoot(ada.page, "live-invite-errors");
    await ada.page.getByLabel("Email address").fill("otto@example.com");
    await ada.page.getByLabel("First name").fill("Otto");
    await ada.page.getByLabel("Last name").fill("Later");
    await ada.page.getByLabel("Platform").check();
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Send invitation" }));
    const pending = ada.page.locator("tbody tr").filter({ hasText: "otto@example.com" });
    await clickAndLoad(ada.page, pending.getByRole("link", { name: "Revoke" }));
    await expectHeading(ada.page, "Revoke the invitation?");
    await shoot(ada.page, "live-invite-revoke");
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Revoke invitation" }));
    assert.match(await ada.page.locator("main .flash").innerText(), /Invitation revoked/);
    assert.equal(await ada.page.locator("tbody tr").filter({ hasText: "otto@example.com" }).count(), 0);
    await visit(ada.page, "/portal/private/profile", "Your profile", "live-profile");
    await ada.context.close();
  });

  test("a consumer-admin edits a user within their own teams (a crafted form cannot add another); a team member cannot", async () => {
    // ada (consumer-admin, Platform) and ivy (team member, Platform) from the invitation test.
    const [org] = (await api("GET", "/organisations?per_page=100")).filter((o) => o.Name === "Acme Widgets");
    const teams = await api("GET", `/organisations/${org.ID}/teams`);
    const platform = teams.find((t) => t.Name === "Platform");
    const design = await api("POST", `/organisations/${org.ID}/teams`, { Name: "Design" });
    const theo = await api("POST", "/users", {
      Email: "theo@example.com", First: "Theo", Last: "Two-Teams", Role: "consumer-team-member",
      OrganisationID: org.ID, Teams: [platform.ID, design.ID], Password: "copper kettle on the hill",
    });
    const ada = await newUserPage("consumer-admin-edits");
    await signIn(ada.page, "ada@example.com", "marble staircase in autumn");
    await ada.page.goto(`/portal/private/users/${theo.ID}`);
    await expectHeading(ada.page, "Theo Two-Teams");
    await clickAndLoad(ada.page, ada.page.getByRole("link", { name: "Edit" }));
    await expectHeading(ada.page, "Edit Theo Two-Teams");
    assert.equal(await ada.page.getByLabel("Platform").isChecked(), true);
    assert.equal(await ada.page.getByLabel("Design").count(), 0, "a team ada is not in is offered");
    assert.match(await ada.page.locator(".fixed-teams").innerText(), /Design/);
    await shoot(ada.page, "live-user-edit");

    await ada.page.getByLabel("First name").fill("");
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Save changes" }));
    assert.match(await ada.page.locator(".error-summary").innerText(), /First name: must not be empty/);
    assert.match(await ada.page.locator("#First-error").innerText(), /must not be empty/);
    await shoot(ada.page, "live-user-edit-errors");
    await ada.page.getByLabel("First name").fill("Theodora");
    await ada.page.getByLabel("Role").selectOption({ label: "Admin" });
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Save changes" }));
    await expectHeading(ada.page, "Theodora Two-Teams");
    assert.match(await ada.page.locator("main .flash").innerText(), /Changes to Theodora Two-Teams saved\./);
    assert.match(await ada.page.locator(".summary-list").innerText(), /Admin[\s\S]*Platform[\s\S]*Design/);
    await shoot(ada.page, "live-user-edited");
    await ada.page.reload();
    assert.equal(await ada.page.locator("main .flash").count(), 0, "the flash came back on reload");

    // The form crafted by hand: Design added to ivy, who is only in Platform.
    const ivy = (await api("GET", "/users?per_page=100")).find((u) => u.Email === "ivy@example.com");
    await ada.page.goto(`/portal/private/users/${ivy.ID}/edit`);
    const csrf = await ada.page.locator("input[name=csrf_token]").first().inputValue();
    const crafted = await ada.page.request.post(`/portal/private/users/${ivy.ID}/edit`, {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      data: new URLSearchParams([["csrf_token", csrf], ["First", "Ivy"], ["Last", "Invitee"],
        ["Role", "consumer-team-member"], ["Teams", String(platform.ID)], ["Teams", String(design.ID)]]).toString(),
      maxRedirects: 0,
    });
    assert.equal(crafted.status(), 403);
    assert.match(await crafted.text(), /Teams: you may add or remove only teams you are in/);
    assert.deepEqual((await api("GET", `/users/${ivy.ID}`)).Teams.map((t) => t.Name), ["Platform"]);
    await ada.context.close();

    const member = await newUserPage("team-member-no-edit");
    await signIn(member.page, "ivy@example.com", "seventeen paper kites drifting");
    await member.page.goto(`/portal/private/users/${theo.ID}`);
    await expectHeading(member.page, "Theodora Two-Teams");
    assert.equal(await member.page.getByRole("link", { name: "Edit" }).count(), 0, "a team member is offered Edit");
    const refused = await member.page.goto(`/portal/private/users/${theo.ID}/edit`);
    assert.equal(refused.status(), 403);
    await expectHeading(member.page, "You cannot edit this user");
    await shoot(member.page, "live-user-edit-refused");
    await member.context.close();
  });

  test("apps: request access from a product page, see the key once, the owner reviews in /admin", async () => {
    const plan = await api("POST", "/plans", { Name: "browser_free", DisplayName: "Free", RateLimit: 10, Per: 60 });
    const instant = await api("POST", "/plans", { Name: "browser_sandbox", DisplayName: "Sandbox", AutoApproveAccessRequests: true });
    const productResponse = await fetch(`${server.baseUrl}/portal-api/products`, {
      method: "POST",
      headers: { Authorization: apiToken, "Content-Type": "application/json" },
      body: JSON.stringify({ Name: "browser_payments", DisplayName: "Payments API", Path: "payments", Description: "Take card payments" }),
    });
    assert.equal(productResponse.status, 201);
    const product = await productResponse.json();
    await api("POST", "/catalogues", { Name: "Browser public", VisibilityStatus: "Public", Products: [product.ID], Plans: [plan.ID, instant.ID] });

    const ada = await newUserPage("apps-consumer-admin");
    await signIn(ada.page, "ada@example.com", "marble staircase in autumn");
    const nav = ada.page.getByRole("navigation", { name: "Main" });
    await clickAndLoad(ada.page, nav.getByRole("link", { name: "Apps" }));
    await expectHeading(ada.page, "Apps");
    assert.match(await mainText(ada.page), /No apps yet/);
    await shoot(ada.page, "live-apps-empty");

    await ada.page.goto("/portal/catalogue-products/payments");
    await clickAndLoad(ada.page, ada.page.getByRole("link", { name: "Request access" }));
    await expectHeading(ada.page, "Request access to Payments API");
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Request access" }));
    assert.match(await ada.page.locator(".error-summary").innerText(), /Plan: choose a plan/);
    await shoot(ada.page, "live-request-access-errors");
    await ada.page.getByLabel(/Sandbox/).check();
    await ada.page.getByLabel("Name of the new app").fill("Checkout");
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Request access" }));
    await expectHeading(ada.page, "Access granted: your API key");
    const key = await ada.page.getByLabel("API key").inputValue();
    assert.match(key, /^atr_[A-Za-z0-9_-]{32}$/);
    await shoot(ada.page, "live-api-key-once");
    await clickAndLoad(ada.page, ada.page.getByRole("link", { name: "Back to the app" }));
    await expectHeading(ada.page, "Checkout");
    assert.ok(!(await ada.page.content()).includes(key), "the app page shows the whole key");
    assert.match(await ada.page.locator("section", { hasText: "API keys" }).innerText(), new RegExp(`${key.slice(0, 12)}…\\s+Sandbox\\s+Active`));

    // The reviewed plan: pending until the owner approves.
    await ada.page.goto("/portal/catalogue-products/payments/request-access");
    await ada.page.getByLabel(/Free/).check();
    await ada.page.getByLabel("For the app").selectOption({ label: "Checkout" });
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Request access" }));
    await expectHeading(ada.page, "Checkout");
    assert.match(await ada.page.locator("main .flash").innerText(), /Access requested/);
    assert.match(await ada.page.locator("section", { hasText: "Access requests" }).innerText(), /Free\s+Awaiting review/);
    await shoot(ada.page, "live-app");

    await clickAndLoad(owner, owner.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Access requests" }));
    await expectHeading(owner, "Access requests");
    await shoot(owner, "admin-access-requests");
    const row = owner.locator("tbody tr").filter({ hasText: "Checkout" });
    await clickAndLoad(owner, row.getByRole("button", { name: "Approve" }));
    assert.match(await owner.locator("main .flash").innerText(), /Approved access for “Checkout”/);
    await visit(owner, "/admin/apps", "Apps", "admin-apps");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Checkout" }));
    await expectHeading(owner, "Checkout");
    await shoot(owner, "admin-app");
    await waitForEmail("ada@example.com", "approved");

    // The approved key waits for the app's manager, who sees it once.
    await ada.page.reload();
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Show key" }));
    await expectHeading(ada.page, "Your API key");
    assert.match(await ada.page.getByLabel("API key").inputValue(), /^atr_/);
    await clickAndLoad(ada.page, ada.page.getByRole("link", { name: "Back to the app" }));
    assert.equal(await ada.page.getByRole("button", { name: "Show key" }).count(), 0);
    const firstKey = ada.page.locator("tbody tr").filter({ hasText: "Sandbox" });
    await clickAndLoad(ada.page, firstKey.getByRole("link", { name: "Revoke" }));
    await expectHeading(ada.page, "Revoke this API key?");
    await shoot(ada.page, "live-revoke-key");
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Revoke key" }));
    assert.match(await ada.page.locator("main .flash").innerText(), /revoked/);
    assert.match(await ada.page.locator("section", { hasText: "API keys" }).innerText(), /Sandbox\s+Revoked/);
    await clickAndLoad(ada.page, ada.page.getByRole("link", { name: "Edit app" }));
    await ada.page.getByLabel("Name").fill("");
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Save changes" }));
    assert.match(await ada.page.locator(".error-summary").innerText(), /Name: must not be empty/);
    await shoot(ada.page, "live-app-edit-errors");

    // A request the owner rejects with a reason, then the app deleted from /admin: each asks first.
    await ada.page.goto("/portal/catalogue-products/payments/request-access");
    await ada.page.getByLabel(/Free/).check();
    await ada.page.getByLabel("For the app").selectOption({ label: "A new app…" });
    await ada.page.getByLabel("Name of the new app").fill("Ledger sync");
    await clickAndLoad(ada.page, ada.page.getByRole("button", { name: "Request access" }));
    await expectHeading(ada.page, "Ledger sync");
    await clickAndLoad(owner, owner.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Access requests" }));
    const pendingRow = owner.locator("tbody tr").filter({ hasText: "Ledger sync" });
    await clickAndLoad(owner, pendingRow.getByRole("link", { name: "Reject" }));
    await expectHeading(owner, "Reject the access request?");
    await expectAdminFrame(owner, "Access requests");
    assert.match(await mainText(owner), /asked for .+ plan for the app “Ledger sync”/);
    await shoot(owner, "admin-access-request-reject");
    await owner.getByLabel(/Reason/).fill("Use the sandbox plan first.");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Reject request" }));
    assert.match(await owner.locator("main .flash").innerText(), /Rejected the request of “Ledger sync”/);
    await ada.page.reload();
    assert.match(await ada.page.locator("section", { hasText: "Access requests" }).innerText(), /Free\s+Not approved/);
    await waitForEmail("ada@example.com", "not approved");

    await visit(owner, "/admin/apps", "Apps", "admin-apps-two");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Ledger sync" }));
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete app" }));
    await expectHeading(owner, "Delete “Ledger sync”?");
    await expectAdminFrame(owner, "Apps");
    assert.match(await mainText(owner), /API keys stop working at once/);
    await shoot(owner, "admin-app-delete");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Cancel" }));
    await expectHeading(owner, "Ledger sync");  // cancelling leaves the app as it was
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete app" }));
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete app" }));
    assert.match(await owner.locator("main .flash").innerText(), /App “Ledger sync” deleted/);
    assert.equal(await owner.locator("tbody tr").filter({ hasText: "Ledger sync" }).count(), 0);
    await ada.context.close();
  });

  test("catalogue: search and filter the list, read a product's docs and API reference, download the spec", async () => {
    const created = async (url, body) => {
      const response = await fetch(`${server.baseUrl}/portal-api${url}`, {
        method: "POST",
        headers: { Authorization: apiToken, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 201, `POST ${url}: ${await response.clone().text()}`);
      return response.json();
    };
    const product = await created("/products", {
      Name: "browser_weather", DisplayName: "Weather API", Path: "weather", Description: "Forecasts for any place",
      APIDetails: [{ APIID: "forecast", Name: "Forecast", ListenPath: "/forecast/", TargetURL: "http://upstream.example/" }],
    });
    await created(`/products/${product.ID}/tags`, { Name: "weather" });
    await api("POST", "/catalogues", { Name: "Browser weather", VisibilityStatus: "Public", Products: [product.ID] });
    await created(`/products/${product.ID}/docs`, {
      Title: "Getting started", Content: "Call `GET /forecast/{city}` with your key.\n\n<script>alert(1)</script>\n",
    });
    const oas = JSON.stringify({
      openapi: "3.0.3",
      info: { title: "Forecast", version: "1.0", description: "Hourly forecasts. <script>alert(2)</script>" },
      tags: [{ name: "forecasts", description: "What the weather will be" }],
      paths: {
        "/forecast/{city}": {
          get: {
            tags: ["forecasts"], operationId: "getForecast", summary: "The forecast for a city",
            parameters: [{ name: "city", in: "path", schema: { type: "string" }, description: "A city name, e.g. *Lisbon*" },
              { name: "hours", in: "query", schema: { type: "integer", format: "int32" } }],
            responses: {
              200: { description: "The forecast", content: { "application/json": {
                schema: { $ref: "#/components/schemas/Forecast" },
                example: { city: "Lisbon", hours: [{ at: "2026-12-05T10:00:00Z", celsius: 17.5 }] } } } },
              404: { description: "No such city" },
            },
          },
        },
      },
      components: { schemas: {
        Forecast: { type: "object", required: ["city"], properties: {
          city: { type: "string" }, hours: { type: "array", items: { $ref: "#/components/schemas/Hour" } } } },
        Hour: { type: "object", properties: { at: { type: "string", format: "date-time" }, celsius: { type: "number" } } },
      } },
    });
    const uploaded = await fetch(`${server.baseUrl}/portal-api/products/${product.ID}/api-details/forecast/oas`, {
      method: "POST", headers: { Authorization: apiToken, "Content-Type": "application/json" }, body: oas,
    });
    assert.equal(uploaded.status, 200, await uploaded.text());
    // A 1x1 PNG as the card's preview and the page's logo (served from /system/products/...).
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
    for (const kind of ["preview", "logo"]) {
      const image = await fetch(`${server.baseUrl}/portal-api/products/${product.ID}/${kind}`, {
        method: "POST", headers: { Authorization: apiToken, "Content-Type": "application/octet-stream" }, body: png,
      });
      assert.equal(image.status, 200, await image.text());
    }

    const visitor = await newUserPage("catalogue-visitor");
    const page = visitor.page;
    await visit(page, "/portal/catalogue-products", "API catalogue", "live-catalogue");
    const preview = page.locator(`img.product-preview[src="/system/products/${product.ID}/preview"]`);
    assert.equal(await preview.count(), 1, "the card shows the preview");
    assert.equal(await preview.evaluate(async (img) => { await img.decode(); return img.naturalWidth; }), 1, "the preview loads under the CSP");
    await page.getByLabel("Name contains").fill("weather");
    await clickAndLoad(page, page.getByRole("button", { name: /Search|Filter|Apply/ }));
    assert.equal(await page.getByRole("link", { name: "Weather API" }).count(), 1, `${page.url()}\n${await mainText(page)}`);
    assert.equal(await page.getByRole("link", { name: "Payments API" }).count(), 0);
    await page.goto("/portal/catalogue-products");
    await page.getByLabel("Tag").selectOption({ label: "weather" });
    await clickAndLoad(page, page.getByRole("button", { name: /Search|Filter|Apply/ }));
    assert.equal(await page.getByRole("link", { name: "Weather API" }).count(), 1);
    await page.goto("/portal/catalogue-products");
    await page.getByLabel("Catalogue").selectOption({ label: "Browser public" });
    await clickAndLoad(page, page.getByRole("button", { name: /Search|Filter|Apply/ }));
    assert.equal(await page.getByRole("link", { name: "Weather API" }).count(), 0);
    await shoot(page, "live-catalogue-filtered");

    await page.goto("/portal/catalogue-products?tag=weather");
    await clickAndLoad(page, page.getByRole("link", { name: "Weather API" }));
    await expectHeading(page, "Weather API");
    assert.equal(await page.locator("img.product-logo").evaluate(async (img) => { await img.decode(); return img.naturalWidth; }), 1,
      "the product page shows the logo");
    assert.match(await page.locator("#doc-getting-started, .doc-page").first().innerText(), /Call GET \/forecast\/\{city\}/);
    const contents = page.getByRole("navigation", { name: "Forecast operations" });
    await contents.getByRole("link", { name: /get \/forecast\/\{city\}/i }).click();
    assert.match(page.url(), /#api-1-op-getForecast$/);
    const operation = page.locator("#api-1-op-getForecast");
    assert.match(await operation.innerText(), /The forecast for a city/);
    assert.match(await operation.locator("tbody tr").filter({ hasText: "city" }).first().innerText(), /path\s+string/);
    const schema = operation.locator("details.api-schema").first();
    assert.equal(await schema.evaluate((d) => d.open), false, "schemas start folded");
    await schema.locator("summary").click();
    assert.match(await schema.innerText(), /hours\[\]\.celsius\s+number/);
    assert.match(await schema.innerText(), /"Lisbon"/);
    assert.deepEqual(await page.locator("script").evaluateAll((all) => all.map((e) => e.getAttribute("src"))),
      ["/static/atrium.js"], "no script but our own, none of the owner's");
    await shoot(page, "live-product-reference");

    const download = await page.request.get("/portal/catalogue-products/weather/apis/1/openapi");
    assert.equal(download.status(), 200);
    assert.equal(download.headers()["content-disposition"], 'attachment; filename="weather-1.json"');
    assert.equal(await download.text(), oas);
    await visitor.context.close();
  });

  test("admin catalogues: an owner creates one (a refusal shows the field's error), sees it listed, deletes it after confirming", async () => {
    await clickAndLoad(owner, owner.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Catalogues" }));
    await expectHeading(owner, "Catalogues");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create catalogue" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Name/);
    await shoot(owner, "admin-catalogues-errors");
    await owner.getByLabel("Name").fill("Partners");
    await owner.getByLabel("Who sees it").selectOption("Public");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create catalogue" }));
    assert.match(await owner.locator("main .flash").innerText(), /Catalogue “Partners” created/);
    const row = owner.locator("tbody tr").filter({ hasText: "Partners" });
    assert.match(await row.innerText(), /Public: everyone/);
    await shoot(owner, "admin-catalogues");
    await clickAndLoad(owner, row.getByRole("link", { name: "Partners" }));
    await expectHeading(owner, "Partners");
    await owner.getByLabel("Who sees it").selectOption("Private");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Save changes" }));
    assert.match(await owner.locator("main .flash").innerText(), /Changes saved/);
    // An audience: the organisation first (its teams then fill the Team choice), then the team.
    await owner.getByLabel("Organisation").selectOption({ label: "Default Organisation" });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Show its teams" }));
    await owner.getByLabel("Team", { exact: true }).selectOption({ index: 1 });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Add audience" }));
    assert.match(await owner.locator("main .flash").innerText(), /Audience added: Default Organisation/);
    assert.match(await mainText(owner), /Default Organisation: team /);
    await shoot(owner, "admin-catalogue");
    await clickAndLoad(owner, owner.getByRole("link", { name: /^Remove/ }));
    await expectHeading(owner, "Remove Default Organisation from the audience?");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Remove audience" }));
    assert.match(await owner.locator("main .flash").innerText(), /Audience removed/);
    await owner.goto("/admin/catalogues");
    assert.match(await row.innerText(), /Private/);
    await clickAndLoad(owner, row.getByRole("link", { name: "Delete" }));
    await expectHeading(owner, "Delete the catalogue “Partners”?");
    await expectAdminFrame(owner, "Catalogues");
    await shoot(owner, "admin-catalogue-delete");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete catalogue" }));
    assert.match(await owner.locator("main .flash").innerText(), /Catalogue “Partners” deleted/);
    assert.equal(await owner.locator("tbody tr").filter({ hasText: "Partners" }).count(), 0);
    await clickAndLoad(owner, owner.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Plans" }));
    await expectHeading(owner, "Plans");
    assert.match(await owner.locator("tbody tr").filter({ hasText: "Free" }).innerText(), /10 requests per minute/);
    await shoot(owner, "admin-plans");
  });

  test("admin product specifications: a documentation-only product gets one with its OpenAPI document", async () => {
    const guides = await api("POST", "/products", { Name: "browser_guides", DisplayName: "Guides", IsDocumentationOnly: true });
    await owner.goto(`/admin/products/${guides.ID}`);
    await expectHeading(owner, "Guides");
    assert.match(await mainText(owner), /No specifications yet/);
    await clickAndLoad(owner, owner.getByRole("link", { name: "Add a specification" }));
    await expectHeading(owner, "New specification");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Add specification" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Spec alias: /);
    await owner.getByLabel("Spec alias").fill("reports");
    await owner.getByLabel("Name", { exact: true }).fill("Reports");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Add specification" }));
    await expectHeading(owner, "Reports");
    assert.match(await owner.locator("main .flash").innerText(), /Specification “Reports” saved/);
    const oas = '{"openapi": "3.1.0", "info": {"title": "Reports", "version": "2"}, "paths": {"/reports": {"get": {"summary": "List reports", "responses": {"200": {"description": "The reports"}}}}}}';
    await owner.getByLabel("File").setInputFiles({ name: "reports.json", mimeType: "application/json", buffer: Buffer.from(oas) });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Upload document" }));
    assert.match(await owner.locator("main .flash").innerText(), /OpenAPI document of “Reports” uploaded/);
    assert.match(await owner.locator(".summary-list").innerText(), /JSON, /);
    await shoot(owner, "admin-product-spec");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete this specification" }));
    await expectHeading(owner, "Delete the specification “Reports”?");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete specification" }));
    await expectHeading(owner, "Guides");
    assert.match(await owner.locator("main .flash").innerText(), /Specification “Reports” deleted/);
  });

  test("admin plans: create one (a refusal names the field), edit it, delete it", async () => {
    const nav = owner.getByRole("navigation", { name: "Admin sections" });
    await clickAndLoad(owner, nav.getByRole("link", { name: "Plans" }));
    await clickAndLoad(owner, owner.getByRole("link", { name: "New plan" }));
    await expectHeading(owner, "New plan");
    await owner.getByLabel("Name", { exact: true }).fill("browser_gold");
    await owner.getByLabel("Rate limit", { exact: true }).fill("100");
    await owner.getByLabel("Metadata").fill("not json");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create plan" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Metadata: must be a JSON object/);
    assert.ok(await owner.locator("#MetaData-error").isVisible(), "the error is beside the field");
    // The service's refusals of the other fields come on the same response, not the next one.
    assert.match(await owner.locator(".error-summary").innerText(), /Rate limit period: must be at least 1 second/);
    assert.ok(await owner.locator("#Per-error").isVisible(), "the service's error is beside its field");
    assert.equal(await owner.getByLabel("Rate limit", { exact: true }).inputValue(), "100", "what was typed stays");
    await owner.getByLabel("Metadata").fill('{"tier": "gold"}');
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create plan" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Rate limit period: must be at least 1 second/);
    assert.ok(await owner.locator("#Per-error").isVisible(), "the error is beside the field");
    await shoot(owner, "admin-plan-new-errors");
    await owner.getByLabel("Display name").fill("Gold");
    await owner.getByLabel("Rate limit period").fill("60");
    await owner.getByLabel("Approve access requests at once").check();
    await owner.getByLabel("Browser weather (Public)").check();
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create plan" }));
    await expectHeading(owner, "Gold");
    assert.match(await owner.locator("main .flash").innerText(), /Plan “Gold” created/);
    assert.match(await owner.locator(".summary-list").innerText(), /100 requests per minute[\s\S]*Approved at once/);
    await shoot(owner, "admin-plan");
    await owner.getByLabel("Display name").fill("Gold plus");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Save changes" }));
    await expectHeading(owner, "Gold plus");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete this plan" }));
    await expectHeading(owner, "Delete the plan “Gold plus”?");
    await expectAdminFrame(owner, "Plans");
    await shoot(owner, "admin-plan-delete");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete plan" }));
    assert.match(await owner.locator("main .flash").innerText(), /Plan “Gold plus” deleted/);
  });

  test("admin products: an owner creates one (a refusal shows the field's error), edits it, adds an API, filters the list, deletes it", async () => {
    const nav = owner.getByRole("navigation", { name: "Admin sections" });
    await clickAndLoad(owner, nav.getByRole("link", { name: "Products" }));
    await expectHeading(owner, "Products");
    await shoot(owner, "admin-products");
    await clickAndLoad(owner, owner.getByRole("link", { name: "New product" }));
    await expectHeading(owner, "New product");
    await owner.getByLabel("Path").fill("Not a path!");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create product" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Name: must not be empty/);
    assert.match(await owner.locator(".error-summary").innerText(), /Path: /);
    assert.ok(await owner.locator("#Path-error").isVisible(), "the error is beside the field");
    await shoot(owner, "admin-product-new-errors");
    await owner.getByLabel("Name", { exact: true }).fill("browser_ledger");
    await owner.getByLabel("Display name").fill("Ledger API");
    await owner.getByLabel("Path").fill("");
    await owner.getByLabel("Description").fill("Double-entry bookkeeping");
    await owner.getByLabel("Tags").fill("finance, ledger");
    await owner.getByLabel("Browser weather (Public)").check();
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create product" }));
    await expectHeading(owner, "Ledger API");
    assert.match(await owner.locator("main .flash").innerText(), /Product “Ledger API” created/);
    assert.equal(await owner.getByLabel("Path").inputValue(), "browser-ledger", "made from the name");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Add an API" }));
    await expectHeading(owner, "New API");
    await owner.getByLabel("Name").fill("Entries");
    await owner.getByLabel("Listen path").fill("/ledger/");
    await owner.getByLabel("Target URL").fill("https://ledger.example/");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Add API" }));
    assert.match(await owner.locator("main .flash").innerText(), /API “Entries” saved/);
    assert.match(await owner.locator("tbody tr").filter({ hasText: "Entries" }).innerText(), /\/ledger\/\s+https:\/\/ledger\.example\/\s+Active/);
    await owner.getByLabel("Featured").check();
    await clickAndLoad(owner, owner.getByRole("button", { name: "Save changes" }));
    assert.match(await owner.locator("main .flash").innerText(), /Changes saved/);
    await shoot(owner, "admin-product");

    // The API's OpenAPI document: a Swagger 2 file is refused beside the field, a YAML one stored.
    await clickAndLoad(owner, owner.getByRole("link", { name: "Entries" }));
    await expectHeading(owner, "Entries");
    await owner.getByLabel("File").setInputFiles({ name: "old.json", mimeType: "application/json", buffer: Buffer.from('{"swagger": "2.0"}') });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Upload document" }));
    assert.match(await owner.locator(".error-summary").innerText(), /File: .*3\.x version/);
    assert.ok(await owner.locator("#file-error").isVisible(), "the error is beside the field");
    await shoot(owner, "admin-product-api-openapi-error");
    const oas = "openapi: 3.0.3\ninfo:\n  title: Entries\n  version: '1'\npaths:\n  /entries:\n    get:\n      summary: List entries\n      responses:\n        '200':\n          description: The entries\n";
    await owner.getByLabel("File").setInputFiles({ name: "entries.yaml", mimeType: "application/yaml", buffer: Buffer.from(oas) });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Upload document" }));
    assert.match(await owner.locator("main .flash").innerText(), /OpenAPI document of “Entries” uploaded/);
    assert.match(await owner.locator(".summary-list").innerText(), /YAML, 176 bytes/);
    await shoot(owner, "admin-product-api");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Remove document" }));
    await expectHeading(owner, "Remove the OpenAPI document of “Entries”?");
    await expectAdminFrame(owner, "Products");
    await shoot(owner, "admin-product-api-openapi-delete");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Remove document" }));
    assert.match(await owner.locator("main .flash").innerText(), /OpenAPI document of “Entries” removed/);
    assert.equal(await owner.getByRole("link", { name: "Remove document" }).count(), 0);
    await clickAndLoad(owner, owner.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Ledger API" }));

    // The docs editor: a page refused without content, then two pages, the second moved up.
    await clickAndLoad(owner, owner.getByRole("link", { name: "Edit the documentation" }));
    await expectHeading(owner, "Documentation");
    assert.match(await mainText(owner), /No documentation pages yet/);
    await shoot(owner, "admin-product-docs-empty");
    await clickAndLoad(owner, owner.getByRole("link", { name: "New page" }));
    await owner.getByLabel("Title").fill("Getting started");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create page" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Content: must not be empty/);
    await owner.getByLabel("Content").fill("# Welcome\n\nPost an **entry** with `POST /ledger/entries`.\n\n| field | type |\n| --- | --- |\n| amount | integer |\n");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create page" }));
    assert.match(await owner.locator("main .flash").innerText(), /Page “Getting started” created/);
    assert.equal(await owner.locator(".doc-preview strong").innerText(), "entry");
    await shoot(owner, "admin-product-doc");
    await clickAndLoad(owner, owner.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Documentation" }));
    await clickAndLoad(owner, owner.getByRole("link", { name: "New page" }));
    await owner.getByLabel("Title").fill("Errors");
    await owner.getByLabel("Content").fill("Every error is JSON.");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create page" }));
    await clickAndLoad(owner, owner.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Documentation" }));
    await clickAndLoad(owner, owner.getByRole("button", { name: "Move up “Errors”" }));
    assert.match(await owner.locator("main .flash").innerText(), /“Errors” moved up/);
    assert.match(await owner.locator("tbody").innerText(), /Errors[\s\S]*Getting started/);
    await shoot(owner, "admin-product-docs");
    // At 390 px the table fits (each page a block, its actions below), nothing to scroll to.
    await owner.setViewportSize({ width: 390, height: 900 });
    const docsWrap = owner.locator(".table-wrap");
    assert.ok(await docsWrap.evaluate((e) => e.scrollWidth <= e.clientWidth), "the docs table fits at 390 px");
    assert.ok(await owner.getByRole("button", { name: "Move down “Errors”" }).isVisible());
    await owner.setViewportSize({ width: 1280, height: 900 });
    const docsUrl = owner.url();
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete “Getting started”" }));
    await expectHeading(owner, "Delete the page “Getting started”?");
    await expectAdminFrame(owner, "Products");
    await shoot(owner, "admin-product-doc-delete");
    await owner.goto(docsUrl);
    await clickAndLoad(owner, owner.getByRole("link", { name: "Back to the product" }));

    // The logo: a file that is not an image is refused, a PNG shown.
    await clickAndLoad(owner, owner.getByRole("link", { name: "Logo" }));
    await expectHeading(owner, "Logo of Ledger API");
    await owner.getByLabel("File").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Upload image" }));
    assert.match(await owner.locator(".error-summary").innerText(), /File: /);
    await shoot(owner, "admin-product-logo-error");
    await owner.getByLabel("File").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: LOGO_PNG });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Upload image" }));
    assert.match(await owner.locator("main .flash").innerText(), /Logo uploaded/);
    assert.ok(await owner.locator(".image-preview img").evaluate((img) => img.complete && img.naturalWidth > 0), "the logo loads");
    await shoot(owner, "admin-product-logo");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Back to the product" }));
    assert.ok(await owner.locator(".image-list img").evaluate((img) => img.complete && img.naturalWidth > 0), "the thumbnail loads");
    assert.match(await mainText(owner), /2 pages of Markdown/);
    await shoot(owner, "admin-product-complete");

    // An API and the logo removed, each after its confirmation page.
    const apiRow = owner.locator("tbody tr").filter({ hasText: "Entries" });
    await clickAndLoad(owner, apiRow.getByRole("link", { name: "Delete" }));
    await expectHeading(owner, "Delete the API “Entries”?");
    assert.match(await mainText(owner), /keys of this product no longer work for its listen path/);
    await shoot(owner, "admin-product-api-delete");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete API" }));
    assert.match(await owner.locator("main .flash").innerText(), /API “Entries” deleted/);
    assert.equal(await owner.locator("tbody tr").filter({ hasText: "Entries" }).count(), 0);
    await clickAndLoad(owner, owner.getByRole("link", { name: "Logo" }));
    await clickAndLoad(owner, owner.getByRole("link", { name: "Remove image" }));
    await expectHeading(owner, "Remove the logo of “Ledger API”?");
    await shoot(owner, "admin-product-logo-delete");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Remove image" }));
    assert.match(await owner.locator("main .flash").innerText(), /Logo removed/);
    assert.equal(await owner.locator(".image-list img").count(), 0, "no thumbnail left");

    await clickAndLoad(owner, nav.getByRole("link", { name: "Products" }));
    await owner.getByLabel("Name contains").fill("ledger");
    await owner.getByLabel("Tag").selectOption({ label: "finance" });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    assert.equal(await owner.locator("tbody tr").count(), 1, await mainText(owner));
    await shoot(owner, "admin-products-filtered");
    await owner.getByLabel("Kind").selectOption({ label: "Documentation only" });
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    assert.match(await mainText(owner), /No product matches these filters\./);

    await owner.goto("/admin/products?search=ledger");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Ledger API" }));
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete this product" }));
    await expectHeading(owner, "Delete the product “Ledger API”?");
    await expectAdminFrame(owner, "Products");
    await shoot(owner, "admin-product-delete");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete product" }));
    assert.match(await owner.locator("main .flash").innerText(), /Product “Ledger API” deleted/);
  });

  test("admin organisations and teams: create, rename, members, delete (the users move to the Default Organisation)", async () => {
    const side = owner.getByRole("navigation", { name: "Admin sections" });
    await clickAndLoad(owner, side.getByRole("link", { name: "Organisations" }));
    await expectHeading(owner, "Organisations");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create organisation" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Name: must not be empty/);
    await shoot(owner, "admin-organisations-errors");
    await owner.getByLabel("Name", { exact: true }).fill("Orbit Labs");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create organisation" }));
    await expectHeading(owner, "Orbit Labs");
    assert.match(await owner.locator("main .flash").innerText(), /Organisation “Orbit Labs” created/);
    await owner.getByLabel("New team").fill("Rockets");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create team" }));
    await expectHeading(owner, "Rockets");
    assert.match(await owner.getByRole("navigation", { name: "Breadcrumb" }).innerText(), /Admin\s+Organisations\s+Orbit Labs\s+Rockets/);
    const org = (await api("GET", "/organisations?per_page=100")).find((o) => o.Name === "Orbit Labs");
    await api("POST", "/users", {
      Email: "rosa.orbit@example.com", First: "Rosa", Last: "Orbit", Role: "consumer-team-member",
      OrganisationID: org.ID, Password: "comets under a paper moon",
    });
    await owner.getByLabel("Add a member by email address").fill("rosa.orbit@example.com");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Add member" }));
    assert.match(await owner.locator("main .flash").innerText(), /Rosa Orbit is in the team now\./);
    assert.match(await owner.locator("tbody").innerText(), /rosa\.orbit@example\.com/);
    await owner.getByLabel("Name", { exact: true }).fill("Rocket Team");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Rename" }));
    await expectHeading(owner, "Rocket Team");
    await shoot(owner, "admin-team");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Remove Rosa Orbit" }));
    assert.match(await owner.locator("main .flash").innerText(), /Rosa Orbit left the team/);
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete this team" }));
    await expectHeading(owner, "Delete the team “Rocket Team”?");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete team" }));
    await expectHeading(owner, "Orbit Labs");
    assert.match(await owner.locator("main .flash").innerText(), /Team “Rocket Team” deleted\./);
    await shoot(owner, "admin-organisation");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete this organisation" }));
    await expectHeading(owner, "Delete the organisation “Orbit Labs”?");
    assert.match(await mainText(owner), /Its 1 user moves to the Default Organisation/);
    await expectAdminFrame(owner, "Organisations");
    await shoot(owner, "admin-organisation-delete");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete organisation" }));
    await assertPath(owner, "/admin/organisations");
    assert.match(await owner.locator("main .flash").innerText(), /its users are in the Default Organisation now/);
    await shoot(owner, "admin-organisations");
    const rosa = (await api("GET", "/users?per_page=100")).find((u) => u.Email === "rosa.orbit@example.com");
    const fallback = (await api("GET", "/organisations?per_page=100")).find((o) => o.Default);
    assert.equal(rosa.OrganisationID, fallback.ID);
  });

  test("admin invite codes: create one (a refusal names the field), copy its link (a read-only field; the button copies), deactivate, delete", async () => {
    const side = owner.getByRole("navigation", { name: "Admin sections" });
    await clickAndLoad(owner, side.getByRole("link", { name: "Invite codes" }));
    await expectHeading(owner, "Invite codes");
    await owner.getByLabel("Quota").fill("");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create invite code" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Team: is required[\s\S]*Quota: is required/);
    await shoot(owner, "admin-invite-codes-errors");
    await owner.getByLabel("Team").selectOption({ label: "Blue" });
    await owner.getByLabel("Quota").fill("3");
    await owner.getByLabel("Expires on (optional)").fill("2031-06-30");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Create invite code" }));
    assert.match(await owner.locator("main .flash").innerText(), /Invite code created/);
    assert.match(await owner.locator(".summary-list").innerText(), /Frame Co › Blue[\s\S]*0 of 3[\s\S]*30 Jun 2031[\s\S]*Active/);
    const field = owner.getByLabel("Registration link");
    assert.equal(await field.getAttribute("readonly"), "");
    const link = await field.inputValue();
    assert.match(link, /\/auth\/password\/register\?InviteCode=[0-9a-f]{32}$/);
    assert.ok(link.startsWith(`${server.baseUrl}/`), `${link} is not on ${server.baseUrl}`);
    // The script (ours, under the CSP) shows the button; it copies the link.
    await owner.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseUrl });
    await owner.getByRole("button", { name: "Copy link" }).click();
    await owner.getByRole("status").filter({ hasText: "Copied." }).waitFor();
    assert.equal(await owner.evaluate(() => navigator.clipboard.readText()), link);
    await shoot(owner, "admin-invite-code");
    // The link opens the registration form with the code in it.
    const { context, page } = await newUserPage("invite-link visitor");
    await page.goto(link);
    await expectHeading(page, "Register");
    assert.equal(await page.getByLabel("Invite code").inputValue(), link.split("=")[1]);
    await context.close();
    await clickAndLoad(owner, owner.getByRole("button", { name: "Deactivate" }));
    assert.match(await owner.locator("main .flash").innerText(), /The code is inactive/);
    await clickAndLoad(owner, owner.getByRole("link", { name: "Delete" }));
    await expectHeading(owner, "Delete the invite code?");
    await expectAdminFrame(owner, "Invite codes");
    await shoot(owner, "admin-invite-code-delete");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Delete invite code" }));
    await assertPath(owner, "/admin/invite-codes");
    assert.match(await owner.locator("main .flash").innerText(), /Invite code deleted\./);
    await shoot(owner, "admin-invite-codes");
  });

  test("admin settings: a refusal names the field, saved settings stay, the test email says it was sent", async () => {
    const side = owner.getByRole("navigation", { name: "Admin sections" });
    await clickAndLoad(owner, side.getByRole("link", { name: "Settings" }));
    await expectHeading(owner, "Settings");
    // This server's relay comes from its environment: shown, not editable here.
    assert.equal(await owner.getByLabel("SMTP host").inputValue(), "127.0.0.1");
    assert.ok(await owner.getByLabel("SMTP host").isDisabled(), "an environment-fixed field is editable");
    await owner.getByLabel("Invitation links (hours)").fill("0");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Save settings" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Invitation links \(hours\): must be between 1 and 720/);
    assert.ok(await owner.locator("#InvitationLifetimeHours-error").isVisible(), "no error beside the field");
    await shoot(owner, "admin-settings-errors");
    await owner.getByLabel("Invitation links (hours)").fill("72");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Save settings" }));
    assert.match(await owner.locator("main .flash").innerText(), /Settings saved\./);
    assert.equal(await owner.getByLabel("Invitation links (hours)").inputValue(), "72");
    assert.equal((await api("GET", "/settings")).InvitationLifetimeHours, 72);
    await clickAndLoad(owner, owner.getByRole("button", { name: "Send test email" }));
    assert.match(await owner.locator("main .flash").innerText(), /A test email was sent to owner@example\.com\./);
    await waitForEmail(OWNER_EMAIL, "Test email");
    await shoot(owner, "admin-settings");
  });

  test("admin invitations: a pending invitee listed, the link resent, revoked after confirming", async () => {
    await api("POST", "/users", { Email: "ines.invited@example.com", First: "Ines", Last: "Invited" });
    await waitForEmail("ines.invited@example.com", "invited");
    const side = owner.getByRole("navigation", { name: "Admin sections" });
    await clickAndLoad(owner, side.getByRole("link", { name: "Invitations" }));
    await expectHeading(owner, "Invitations");
    const row = owner.locator("tbody tr").filter({ hasText: "ines.invited@example.com" });
    assert.match(await row.innerText(), /Ines Invited[\s\S]*Default Organisation[\s\S]*Invited/);
    await shoot(owner, "admin-invitations");
    await owner.getByLabel("Name or email starts with").fill("INES.inv");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    assert.match(await owner.locator("main .lead").innerText(), /^1 matching pending invitation/);
    assert.equal(await owner.locator("tbody tr").count(), 1);
    await shoot(owner, "admin-invitations-search");
    await owner.getByLabel("Name or email starts with").fill("nobody-here");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    assert.match(await mainText(owner), /No pending invitation matches these filters/);
    await shoot(owner, "admin-invitations-search-empty");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Clear filters" }));
    await clickAndLoad(owner, row.getByRole("button", { name: "Resend to ines.invited@example.com" }));
    assert.match(await owner.locator("main .flash").innerText(), /A new invitation link was made for ines\.invited@example\.com; the old one no longer works\. An email is on its way/);
    await waitForEmail("ines.invited@example.com", "invited");
    await clickAndLoad(owner, owner.getByRole("link", { name: "Revoke the invitation of ines.invited@example.com" }));
    await expectHeading(owner, "Revoke the invitation of ines.invited@example.com?");
    await expectAdminFrame(owner, "Invitations");
    await shoot(owner, "admin-invitation-revoke");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Revoke invitation" }));
    await assertPath(owner, "/admin/invitations");
    assert.match(await owner.locator("main .flash").innerText(), /Invitation of ines\.invited@example\.com revoked/);
    assert.equal(await owner.locator("tbody tr").filter({ hasText: "ines.invited@example.com" }).count(), 0);
  });

  test("admin outbox and audit log: sent mail with its attempts; the log filtered, a bad filter named", async () => {
    const side = owner.getByRole("navigation", { name: "Admin sections" });
    await clickAndLoad(owner, side.getByRole("link", { name: "Outbox" }));
    await expectHeading(owner, "Outbox");
    assert.equal(await owner.getByText("No mail relay is configured").count(), 0);
    await owner.getByLabel("Status").selectOption({ label: "Sent" });
    await owner.getByLabel("Recipient").fill("ines.invited@example.com");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    const rows = owner.locator("tbody tr");
    assert.equal(await rows.count(), 2, await mainText(owner));
    assert.match(await rows.first().innerText(), /ines\.invited@example\.com\s+Sent\s+1\s+None/);
    await shoot(owner, "admin-outbox");
    await clickAndLoad(owner, rows.first().getByRole("link"));
    assert.match(await owner.locator(".summary-list").innerText(), /Status\s+Sent[\s\S]*Attempts\s+1/);
    assert.match(await mainText(owner), /The message goes out through the mail relay/);
    await shoot(owner, "admin-outbox-message");

    await clickAndLoad(owner, side.getByRole("link", { name: "Audit log" }));
    await expectHeading(owner, "Audit log");
    await owner.getByLabel("Action").fill("settings.update");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    assert.equal(await owner.locator("tbody tr").count(), 1, await mainText(owner));
    assert.match(await owner.locator("tbody tr").innerText(), /owner@example\.com[\s\S]*settings\.update[\s\S]*InvitationLifetimeHours: 72/);
    await shoot(owner, "admin-audit");
    await owner.getByLabel("Action").fill("");
    await owner.getByLabel("Who (email address or user ID)").fill("nobody@example.com");
    await clickAndLoad(owner, owner.getByRole("button", { name: "Filter" }));
    assert.match(await owner.locator(".error-summary").innerText(), /Who: no user has this email address/);
    await shoot(owner, "admin-audit-errors");
  });

  test("without a mail relay the outbox shows a queued invitation with its link, which works when passed on", async () => {
    const plain = await startPlainServer();
    const on = { baseUrl: plain.state.baseUrl, token: plain.token };
    const { context, page } = await newUserPage("no-relay owner", problems, plain.state.baseUrl);
    await signIn(page, OWNER_EMAIL, plain.password);
    await page.getByLabel("New password", { exact: true }).fill(OWNER_PASSWORD);
    await page.getByLabel("Confirm new password").fill(OWNER_PASSWORD);
    await clickAndLoad(page, page.getByRole("button", { name: "Change password" }));
    await assertPath(page, "/admin");
    await api("POST", "/users", { Email: "nora.norelay@example.com", First: "Nora", Last: "Norelay" }, on);
    await clickAndLoad(page, page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Outbox" }));
    await expectHeading(page, "Outbox");
    assert.match(await mainText(page), /No mail relay is configured, so emails wait here\./);
    const row = page.locator("tbody tr").filter({ hasText: "nora.norelay@example.com" });
    assert.match(await row.innerText(), /Queued\s+0\s+None/);
    await shoot(page, "admin-outbox-no-relay");
    await clickAndLoad(page, row.getByRole("link"));
    await page.getByRole("heading", { name: "Pass it on" }).waitFor();
    const link = await page.getByLabel("Link 1").inputValue();
    assert.match(link, /\/auth\/password\/register\?token=/);
    assert.equal(await page.getByLabel("Link 2").count(), 0, "the portal's home address is not a link to pass on");
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: plain.state.baseUrl });
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.getByRole("status").filter({ hasText: "Copied." }).waitFor();
    await shoot(page, "admin-outbox-pass-on");
    const invitee = await newUserPage("no-relay invitee", problems, plain.state.baseUrl);
    await invitee.page.goto(link);
    await expectHeading(invitee.page, "Set your password");
    await invitee.context.close();
    await context.close();
    const stopped = await terminate(plain.state.child, plain.state.exitedPromise, STOP_TIMEOUT_MS);
    assert.deepEqual(stopped, { code: 0, signal: null }, `stderr:\n${plain.state.stderr.join("\n")}`);
  });

  test("no page had console errors, CSP violations, failed requests or a missing CSP", () => {
    assert.deepEqual(problems, []);
  });

  test("the server stops cleanly on SIGTERM", async () => {
    await browser.close();
    const stopped = await stopServer();
    assert.deepEqual(stopped, { code: 0, signal: null }, `stderr:\n${server.stderr.join("\n")}`);
  });
});
