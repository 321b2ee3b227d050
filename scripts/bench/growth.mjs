/**
 * Figure 4: growth. Time and peak memory of reading one list response of 10, 1,000 and 10,000
 * orders, and of following 100 pages (100 orders each, so the same 10,000 orders), through bare
 * openapi-fetch, the client, and the client validating responses. One child process per cell and
 * round; rounds interleave the cells; figures are medians.
 *
 * Linear growth shows as a per-order cost that stays flat as the list grows: the report gives
 * per-order time and memory and their ratios between sizes (1.0 = linear).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tenantId } from "./fixtures.mjs";
import { entryPoints } from "./package-under-test.mjs";
import { spawnServer } from "./server-process.mjs";
import { median, round3 } from "./stats.mjs";

const execFileAsync = promisify(execFile);
const CHILD = fileURLToPath(new URL("./growth-child.mjs", import.meta.url));
const MiB = 1024 * 1024;

export const GROWTH_DEFAULTS = {
  sizes: [10, 1000, 10_000],
  /** The paged read: `pages` pages of `pageSize` orders. */
  pages: 100,
  pageSize: 100,
  rounds: 3,
  variants: ["openapi-fetch", "client", "client+validation"],
};

/**
 * Repetitions per child, fewer for big lists (a 10,000-order read moves ~20 MB). Also keeps the paged
 * read (100 requests each) under the client's default 500 requests a minute per tenant.
 */
function repsFor(orders) {
  return orders <= 100 ? 20 : orders <= 1000 ? 8 : 3;
}

/** @param {{ packageRoot: string } & Partial<typeof GROWTH_DEFAULTS>} options */
export async function runGrowth(options) {
  const settings = { ...GROWTH_DEFAULTS, ...options };
  const urls = entryPoints(settings.packageRoot);
  const lists = settings.sizes.map((size, i) => ({
    name: `${size} orders, 1 page`,
    orders: size,
    pages: 1,
    customerId: tenantId(100 + i),
    collection: { pageSize: size, pages: 1 },
  }));
  lists.push({
    name: `${settings.pages * settings.pageSize} orders, ${settings.pages} pages`,
    orders: settings.pages * settings.pageSize,
    pages: settings.pages,
    customerId: tenantId(200),
    collection: { pageSize: settings.pageSize, pages: settings.pages },
  });
  const warmCustomerId = tenantId(300);
  const collections = Object.fromEntries(lists.map((list) => [list.customerId, list.collection]));
  collections[warmCustomerId] = { pageSize: 10, pages: 1 };

  const server = await spawnServer({ collections });
  try {
    const cells = settings.variants.flatMap((variant) => lists.map((list) => ({ variant, list, runs: [] })));
    for (let round = 0; round < settings.rounds; round++) {
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[(i + round) % cells.length];
        const job = {
          mainUrl: urls.main,
          validationUrl: urls.validation,
          endpoint: server.endpoint,
          variant: cell.variant,
          customerId: cell.list.customerId,
          warmCustomerId,
          reps: repsFor(cell.list.orders),
        };
        const { stdout } = await execFileAsync(process.execPath, [CHILD, JSON.stringify(job)], {
          maxBuffer: 1024 * 1024,
        });
        const run = JSON.parse(stdout);
        if (run.orders !== cell.list.orders || run.pages !== cell.list.pages) {
          throw new Error(
            `${cell.variant} read ${run.orders} orders in ${run.pages} pages of ${cell.list.name}`,
          );
        }
        cell.runs.push(run);
      }
    }
    return {
      settings: { ...settings, packageRoot: undefined },
      variants: summarize(settings.variants, cells),
    };
  } finally {
    await server.close();
  }
}

/**
 * @typedef {{ list: string, orders: number, pages: number, timeInMs: number, perOrderInUs: number,
 *   peakRssMiB: number, rssGrowthMiB: number, rssGrowthPerOrderBytes: number }} GrowthRow
 * @typedef {{ rows: GrowthRow[], linearity: ReturnType<typeof linearity>, paging?: Record<string, number> }} GrowthVariant
 */

/** @returns {Record<string, GrowthVariant>} */
function summarize(variants, cells) {
  /** @type {Record<string, GrowthVariant>} */
  const result = {};
  for (const variant of variants) {
    const rows = cells
      .filter((cell) => cell.variant === variant)
      .map(({ list, runs }) => {
        const timeInMs = median(runs.map((run) => median(run.timesInMs)));
        const peakRssBytes = median(runs.map((run) => run.peakRssBytes));
        const growthBytes = median(runs.map((run) => Math.max(0, run.peakRssBytes - run.baselineRssBytes)));
        return {
          list: list.name,
          orders: list.orders,
          pages: list.pages,
          timeInMs: round3(timeInMs),
          perOrderInUs: round3((timeInMs * 1000) / list.orders),
          peakRssMiB: round3(peakRssBytes / MiB),
          rssGrowthMiB: round3(growthBytes / MiB),
          rssGrowthPerOrderBytes: round3(growthBytes / list.orders),
        };
      });
    const single = rows.filter((row) => row.pages === 1);
    const paged = rows.find((row) => row.pages > 1);
    const onePage = single.find((row) => row.orders === paged?.orders);
    result[variant] = { rows, linearity: linearity(single) };
    if (paged && onePage) {
      // The same orders paged against in one page: paging should cost about the same and hold less.
      result[variant].paging = {
        "time, paged / one page": round3(paged.timeInMs / onePage.timeInMs),
        "rss growth, paged / one page": round3(paged.rssGrowthMiB / onePage.rssGrowthMiB),
      };
    }
  }
  return result;
}

/**
 * Marginal cost per order between consecutive sizes (fixed costs cancel out), and the ratio of the last
 * step's to the first's: about 1 means linear growth, well above 1 superlinear.
 */
function linearity(rows) {
  const steps = [];
  for (let i = 1; i < rows.length; i++) {
    const [from, to] = [rows[i - 1], rows[i]];
    const orders = to.orders - from.orders;
    steps.push({
      step: `${from.orders}→${to.orders}`,
      timePerOrderInUs: round3(((to.timeInMs - from.timeInMs) * 1000) / orders),
      rssPerOrderBytes: round3(((to.rssGrowthMiB - from.rssGrowthMiB) * MiB) / orders),
    });
  }
  const [first, last] = [steps[0], steps.at(-1)];
  return {
    steps,
    timeRatio: first && last ? round3(last.timePerOrderInUs / first.timePerOrderInUs) : null,
    rssRatio: first && last ? round3(last.rssPerOrderBytes / first.rssPerOrderBytes) : null,
  };
}
