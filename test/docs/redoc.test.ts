// The built Redoc page, opened in real headless Chromium from a real loopback HTTP server: it must
// render, list every operation, and load nothing from any other host.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, statSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, serveStatic } from "../../scripts/lib/static-server.mjs";
import { assertChromiumInstalled, launchChromium } from "./chromium.js";
import { allowLoopbackOnly, type NetworkLog, recordFailures } from "./loopback-only.js";

const SCREENSHOT = "build/docs/screenshot.png";
const README_SCREENSHOT = "scripts/assets/docs-screenshot.png";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Spec {
  info: { title: string; description?: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
}
const spec = JSON.parse(readFileSync("generated/openapi.json", "utf8")) as Spec;
// Path items also hold `parameters` and `summary`; operations are the entries with an operationId.
const operations = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).filter((op) => typeof op === "object" && op !== null && "operationId" in op),
);
const tagNames = spec.tags.map((tag) => tag.name);
// The introduction's sections (`## Heading` in info.description), as a reader sees them.
const sections = (spec.info.description ?? "")
  .split("\n")
  .filter((line) => line.startsWith("## "))
  .map((line) => line.slice(3).replaceAll("`", "").trim());

let server: StaticServer | undefined;
let browser: Browser | undefined;
let page: Page;
let network: NetworkLog;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];
// The sidebar's outermost menu; each open tag group nests a menu of its own inside it.
const navigation = () => page.locator('[data-component-name="Menu/Menu"]').first();

// Setup errors (no Chromium, a failed build) are kept and rethrown by every test, so each one
// FAILS with the cause; vitest would otherwise report the tests of a failed beforeAll as skipped.
let setupError: unknown;
function opened(): Page {
  if (setupError !== undefined) throw setupError;
  return page;
}

beforeAll(async () => {
  try {
    assertChromiumInstalled();
    const build = spawnSync(process.execPath, ["scripts/build-docs.mjs"], { encoding: "utf8" });
    if (build.status !== 0) throw new Error(`npm run docs failed:\n${build.stdout}${build.stderr}`);
    server = await serveStatic("build/docs");
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    network = await allowLoopbackOnly(context);
    page = await context.newPage();
    recordFailures(page, network);
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    await page.goto(server.url, { waitUntil: "networkidle" });
  } catch (error) {
    setupError = error;
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("Redoc page in headless Chromium", () => {
  it("renders the API title as page title and heading", async () => {
    const page = opened();
    expect(await page.title()).toBe(spec.info.title);
    await expect
      .poll(() => page.locator('[data-component-name="Typography/H1"]').first().textContent())
      .toContain(spec.info.title);
  });

  it("lists every section of the introduction in the navigation, in full", async () => {
    opened();
    expect(sections.length).toBeGreaterThan(0);
    const entries = await navigation().locator(":scope > *").allTextContents();
    const missing = sections.filter((section) => !entries.some((entry) => entry.trim() === section));
    expect(missing, `not in the navigation (it shows: ${entries.join(" | ")})`).toEqual([]);
  });

  it("lists every operation of the bundled spec in the navigation, under its tag", async () => {
    opened();
    expect(operations.length).toBeGreaterThan(0);
    const missing = operations.filter((op) => !op.tags?.some((tag) => tagNames.includes(tag)));
    // Tag groups are an accordion: opening one renders its operations and closes the others.
    for (const tag of tagNames) {
      await navigation().getByText(tag, { exact: true }).click();
      for (const op of operations.filter((o) => o.tags?.includes(tag))) {
        const shown = await navigation()
          .getByText(op.summary ?? "(no summary)", { exact: true })
          .waitFor({ state: "visible", timeout: 5_000 })
          .then(
            () => true,
            () => false,
          );
        if (!shown) missing.push(op);
      }
    }
    expect(
      missing.map((op) => `${op.operationId}: ${op.summary}`),
      "not in the navigation",
    ).toEqual([]);
  });

  it("opens an operation from the navigation and scrolls the page without errors", async () => {
    const page = opened();
    const op = operations[0]!;
    await navigation().getByText(op.tags![0]!, { exact: true }).click();
    await navigation().getByText(op.summary!, { exact: true }).click();
    await expect.poll(() => page.locator("main h1, main h2").allInnerTexts()).toContain(op.summary);
    await page.mouse.wheel(0, 100_000);
    await page.waitForLoadState("networkidle");
    expect(pageErrors, "uncaught page errors").toEqual([]);
    expect(consoleErrors, "console errors").toEqual([]);
  });

  it("finds an operation with the search box (Ctrl+K)", async () => {
    const page = opened();
    const op = operations.at(-1)!;
    await page.keyboard.press("Control+k");
    await page.getByPlaceholder("Search docs...").fill(op.summary!);
    await expect
      .poll(() => page.locator('[data-component-name="Search/SearchItem"]').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining(op.summary!)]));
    await page.keyboard.press("Escape");
  });

  it("made no request that failed or left the machine, and logged no error", async () => {
    const page = opened();
    await page.waitForLoadState("networkidle");
    expect(network.external, "requests to other hosts (aborted)").toEqual([]);
    expect(network.failed, "failed requests").toEqual([]);
    // Checked again after the search and everything else the tests above did.
    expect(pageErrors, "uncaught page errors").toEqual([]);
    expect(consoleErrors, "console errors").toEqual([]);
  });

  it("writes a screenshot of the landing page as a build artifact", async () => {
    const page = opened();
    await page.goto(server!.url, { waitUntil: "networkidle" });
    // The search box reads "Loading..." until Redoc has built its index; picture the finished page.
    await page.getByText("Loading...", { exact: true }).waitFor({ state: "detached" });
    await page.screenshot({ path: SCREENSHOT });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE), `${SCREENSHOT} is not a PNG`).toBe(true);
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000); // a blank 1400x900 page is ~5 KB
    if (process.env.UPDATE_SCREENSHOT === "1") copyFileSync(SCREENSHOT, README_SCREENSHOT);
  });
});
