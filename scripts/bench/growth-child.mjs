/**
 * Child side of the growth benchmark: one process per (variant, list), so the peak resident set
 * (`maxRSS`) is this list's alone. argv: JSON { mainUrl, validationUrl, endpoint, variant, customerId,
 * warmCustomerId, reps }. Reads every order without keeping them, as a streaming consumer would, except
 * that a single page is necessarily held whole. Prints JSON { orders, pages, timesInMs, baselineRssBytes, peakRssBytes }.
 */
import createClient from "openapi-fetch";

const job = JSON.parse(process.argv[2]);
const TOKEN = "benchmark-token";

async function makeReader() {
  if (job.variant === "openapi-fetch") {
    const client = createClient({ baseUrl: job.endpoint, headers: { Authorization: `Bearer ${TOKEN}` } });
    return async (customerId) => {
      let orders = 0;
      let pages = 0;
      let page;
      do {
        const query = page === undefined ? undefined : { page };
        const { data, error, response } = await client.GET("/customers/{customerId}/orders", {
          params: { path: { customerId }, query },
        });
        if (error !== undefined) throw new Error(`HTTP ${response.status}`);
        orders += data.items.length;
        pages++;
        const next = data.links?.next?.uri;
        page = next === undefined ? undefined : new URL(next, "http://x").searchParams.get("page");
      } while (page !== undefined);
      return { orders, pages };
    };
  }
  const validating = job.variant === "client+validation";
  const { PartnerCenterClient } = await import(job.mainUrl);
  const Client = validating
    ? (await import(job.validationUrl)).ValidatingPartnerCenterClient
    : PartnerCenterClient;
  // One page of 10,000 orders is about 20 MB, past the default cap on an answer.
  const client = new Client({
    credential: TOKEN,
    endpoint: job.endpoint,
    maxResponseBytes: 256 * 1024 * 1024,
  });
  return async (customerId) => {
    let orders = 0;
    let pages = 0;
    for await (const page of client.orders.list(customerId).byPage()) {
      orders += page.length;
      pages++;
    }
    return { orders, pages };
  };
}

const read = await makeReader();
await read(job.warmCustomerId);
const baselineRssBytes = process.memoryUsage().rss;
const timesInMs = [];
let counts;
for (let i = 0; i < job.reps; i++) {
  const started = performance.now();
  counts = await read(job.customerId);
  timesInMs.push(performance.now() - started);
}
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
// Exit at once: idle keep-alive sockets would otherwise hold the process until the server drops them.
process.stdout.write(JSON.stringify({ ...counts, timesInMs, baselineRssBytes, peakRssBytes }), () =>
  process.exit(0),
);
