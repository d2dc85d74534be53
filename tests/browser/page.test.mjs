// End-to-end test of the `xxgk-lint serve` page in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): starts the server on a free loopback port, uploads seed 001, waits
// for the findings, clicks the narrative/table finding, and checks that its table cell and its
// sentence are selected; then hovers a cell, checks keyboard selection, the English page with a
// .docx report, the JSON download, and that the page made no request to any other host. Saves a
// screenshot to target/serve-page-seed-001.png. Exits non-zero on any failure.
//
//   node tests/browser/page.test.mjs            (binary: $XXGK_LINT_BIN, else target/release, else target/debug)

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const seed = join(root, "tests/data/seeds/001_09d7efa84834ab25.txt");
const shot = join(root, "target/serve-page-seed-001.png");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

function binary() {
  const candidates = [
    process.env.XXGK_LINT_BIN,
    join(root, "target/release/xxgk-lint"),
    join(root, "target/debug/xxgk-lint"),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no xxgk-lint binary among ${candidates.join(", ")}: build it first`);
  return found;
}

/** Starts `serve` on port 0 and resolves with its base URL once it prints where it listens. */
function startServer() {
  const child = spawn(binary(), ["serve", "--no-config", "--port", "0"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolvePromise, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20000);
    child.stderr.on("data", (chunk) => {
      err += chunk;
      const m = /listening on (http:\/\/[^ ]+?)\/? /.exec(err);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, base: m[1].replace(/\/$/, "") });
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

async function main() {
  const { child, base } = await startServer();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, acceptDownloads: true });
    const page = await context.newPage();
    const foreign = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) foreign.push(r.url());
    });
    const consoleErrors = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));

    await page.goto(`${base}/`);
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
    assert.equal(await page.locator("h1").textContent(), "政府信息公开工作年度报告检查");

    // Upload seed 001 and wait for its findings.
    const started = Date.now();
    await page.setInputFiles("#file", seed);
    const finding = page.locator('li.finding[data-code="national/narrative-documents-in-force"]');
    await finding.waitFor({ timeout: 10000 });
    const elapsed = Date.now() - started;
    assert.equal(await page.locator("#verdict").getAttribute("data-pass"), "false");
    assert.match(await page.locator("#count-errors").textContent(), /^1 /);

    // Click it: the sentence's number and the table cell it contradicts are selected.
    await finding.locator("button.head").click();
    assert.equal(await finding.getAttribute("class"), "finding error selected");
    const cell = page.locator('td.selected[data-path="sec2.art20_1.normative_docs.in_force"]');
    // Its sentence in the text view (and the table line of its other operand) are selected.
    const sentences = await page.locator("#text .sentence.selected").allTextContents();
    assert.ok(sentences.some((s) => s.includes("现行有效规范性文件26条")), `sentences: ${sentences}`);
    assert.equal(await cell.count(), 1, "the table cell of the finding is selected");
    assert.equal((await cell.textContent()).trim(), "27");
    assert.match(await cell.getAttribute("class"), /operand/);
    const marks = page.locator("#text mark.selected");
    assert.ok((await marks.count()) >= 1, "the finding's span in the text is selected");
    assert.equal(await marks.first().textContent(), "26");
    assert.ok(await cell.isVisible());
    assert.ok(await marks.first().isVisible());
    await page.screenshot({ path: shot });

    // Hovering a cell shows its id path, raw text and value.
    await cell.hover();
    const tip = page.locator("#tip");
    await tip.waitFor({ state: "visible" });
    const tipText = await tip.textContent();
    assert.match(tipText, /sec2\.art20_1\.normative_docs\.in_force/);
    assert.match(tipText, /27/);

    // The rule's documentation is one click away.
    await finding.locator("button.link").click();
    await page.waitForFunction(
      () => document.querySelector('li.finding[data-code="national/narrative-documents-in-force"] .explain-body:not([hidden])')?.textContent.includes("national/narrative-documents-in-force"),
    );

    // Keyboard: Tab reaches the finding's button and Enter selects it again after another one.
    const heads = page.locator("li.finding button.head");
    if ((await heads.count()) > 1) {
      await heads.nth(1).click();
      assert.doesNotMatch(await finding.getAttribute("class"), /selected/);
    }
    await finding.locator("button.head").focus();
    await page.keyboard.press("Enter");
    assert.match(await finding.getAttribute("class"), /selected/);
    // The cells findings name are in the Tab order and show their details on focus.
    await page.locator('td[data-path="sec2.art20_1.normative_docs.in_force"]').focus();
    assert.equal(await page.locator("td[tabindex='0']").count(), 1);
    await page.waitForFunction(() => document.querySelector("#tip:not([hidden])")?.dataset.path === "sec2.art20_1.normative_docs.in_force");

    // The JSON of the run downloads, with the verdict.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#dl-json")]);
    const json = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.equal(json.schema, "xxgk-lint/check");
    assert.equal(json.pass, false);

    // English page.
    await page.goto(`${base}/?lang=en`);
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.match(await page.locator("h1").textContent(), /report check/);
    // A Word report, in English: its findings, and its not-assessable checks folded away.
    await page.setInputFiles("#file", join(root, "examples/report.docx"));
    await page.locator('li.finding[data-code="national/narrative-requests-received"]').waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#na-summary").textContent(), "17 not assessable");
    assert.ok((await page.locator("table.grid td.operand").count()) >= 6, "the operands of its findings are outlined");
    await page.screenshot({ path: join(root, "target/serve-page-report-docx-en.png") });

    assert.deepEqual(foreign, [], "the page requested nothing from other hosts");
    assert.deepEqual(consoleErrors, [], "no script errors");
    console.log(`ok: seed 001 findings shown in ${elapsed} ms; finding selects its cell and sentence; screenshot ${shot}`);
  } finally {
    await browser.close();
    child.kill("SIGTERM");
  }
}

mkdirSync(join(root, "target"), { recursive: true });
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
