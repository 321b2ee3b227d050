/**
 * Azure-style paging: iterate items with `for await`, or pages with `byPage()`. Pages are fetched only
 * as they are consumed and are never collected behind the caller's back. Every `links.next` is
 * followed up to `maxPages` pages; a link seen among the last MAX_LINKS_REMEMBERED repeats, or one page
 * too many, ends the iteration with PAGING_ERROR instead of spinning forever. Memory stays bounded.
 */
import { pagingError } from "./errors.js";

export interface PageSettings {
  /** Resume from a page's `continuationToken` (the service's `links.next` of the page before). */
  continuationToken?: string;
}

/** A page of items; `continuationToken` is set when another page follows. */
export type ContinuablePage<T> = T[] & { continuationToken?: string };

export interface PagedAsyncIterableIterator<TElement, TPage = ContinuablePage<TElement>> {
  next(): Promise<IteratorResult<TElement>>;
  [Symbol.asyncIterator](): PagedAsyncIterableIterator<TElement, TPage>;
  byPage(settings?: PageSettings): AsyncIterableIterator<TPage>;
}

export interface FetchedPage<T> {
  items: T[];
  nextLink: string | undefined;
}

/** Pages one iteration may fetch unless `maxPages` says otherwise. */
export const DEFAULT_MAX_PAGES = 1000;
/** Links kept to detect a loop: the most recent ones only, so memory does not grow with the chain. */
const MAX_LINKS_REMEMBERED = 256;

/** `getPage(undefined)` fetches the first page, `getPage(link)` the page a next link names. */
export function createPagedIterator<T>(
  getPage: (nextLink: string | undefined) => Promise<FetchedPage<T>>,
  maxPages: number = DEFAULT_MAX_PAGES,
): PagedAsyncIterableIterator<T> {
  async function* pages(settings: PageSettings = {}): AsyncIterableIterator<ContinuablePage<T>> {
    const recent = new Set<string>();
    let link = settings.continuationToken;
    if (link !== undefined) recent.add(link);
    for (let fetched = 0; ; ) {
      if (++fetched > maxPages) {
        throw pagingError(
          `The collection has more than maxPages (${maxPages}) pages; stopped following links.next.`,
        );
      }
      const page = await getPage(link);
      const next = page.nextLink;
      if (next !== undefined && recent.has(next)) {
        throw pagingError(`The collection's links.next repeats (${next}); stopping instead of looping.`);
      }
      if (next !== undefined) {
        recent.add(next);
        if (recent.size > MAX_LINKS_REMEMBERED) recent.delete(recent.values().next().value as string);
      }
      // The items array is this call's own (freshly parsed), so it can carry the token itself.
      const result: ContinuablePage<T> = page.items;
      if (next !== undefined) result.continuationToken = next;
      yield result;
      if (next === undefined) return;
      link = next;
    }
  }

  // Items are handed out from the current page without a generator per item (half the cost per item).
  let source: AsyncIterableIterator<ContinuablePage<T>> | undefined;
  let page: T[] = [];
  let index = 0;
  const paged: PagedAsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        if (index < page.length) return { value: page[index++] as T, done: false };
        source ??= pages();
        const fetched = await source.next();
        if (fetched.done) return { value: undefined, done: true };
        page = fetched.value;
        index = 0;
      }
    },
    [Symbol.asyncIterator]: () => paged,
    byPage: (settings) => pages(settings),
  };
  return paged;
}

/**
 * The query string of a next link, after checking it names the same collection on the same host.
 * Links are relative to the API root and omit `/v1` (`/customers/{id}/orders?page=2`); a link that
 * includes the endpoint's path, or is absolute on the endpoint's origin, is accepted too. A link
 * anywhere else is refused: the token must not be sent to another host or resource.
 */
export function nextLinkQuery(link: string, endpoint: URL, collectionPath: string): string {
  let url: URL;
  try {
    url = new URL(link, endpoint.origin);
  } catch {
    throw pagingError(`links.next is not a URL: ${link}`);
  }
  if (url.origin !== endpoint.origin) throw pagingError(`links.next points at another host: ${url.origin}`);
  const basePath = endpoint.pathname.replace(/\/+$/, "");
  let path = url.pathname;
  if (basePath && path.toLowerCase().startsWith(`${basePath.toLowerCase()}/`))
    path = path.slice(basePath.length);
  if (path.replace(/\/+$/, "").toLowerCase() !== collectionPath.toLowerCase()) {
    throw pagingError(`links.next names another resource (${url.pathname}) than ${collectionPath}`);
  }
  return url.search.replace(/^\?/, "");
}
