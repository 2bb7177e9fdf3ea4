import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Route } from "../lib/http.js";
import { SANDBOX_CLIENT } from "./plugins/persisted-queries.js";
import { PARTNER_EXAMPLES, STAFF_EXAMPLES, tabOf } from "./sandbox-examples.js";

const require = createRequire(import.meta.url);

/**
 * The sandbox partners and developers explore the graph in: GraphiQL, served from this gateway's own node_modules so
 * it works offline and loads nothing from a CDN. Two endpoints to pick from: the full graph and the partner contract.
 * Example tabs: a search, a product page whose store availability is deferred (`?example=defer` opens it first), and
 * a store's pickup queue as a subscription, streamed over SSE from /graphql/stream (`?example=subscription`), and
 * staff's clienteling query; on the partner contract, a partner's first queries (gateway/sandbox-examples.ts). The API
 * key field adds `x-api-key` to every request and is kept in the tab's session storage only; every request names the
 * sandbox as its client, so staff signed in here may run any operation where clients are held to their manifests.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  "/sandbox/react.js": { pkg: "react", file: "umd/react.production.min.js", type: "text/javascript" },
  "/sandbox/react-dom.js": { pkg: "react-dom", file: "umd/react-dom.production.min.js", type: "text/javascript" },
  "/sandbox/graphiql.js": { pkg: "graphiql", file: "graphiql.min.js", type: "text/javascript" },
  "/sandbox/graphiql.css": { pkg: "graphiql", file: "graphiql.min.css", type: "text/css" },
};

/** The packages' "exports" hide their UMD builds from require.resolve; their package.json is always reachable. */
function assetPath(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

const PAGE = /* html */ `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Omnigraph sandbox</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/sandbox/graphiql.css">
  <link rel="stylesheet" href="/sandbox/sandbox.css">
</head>
<body>
  <header>
    <h1>Omnigraph sandbox</h1>
    <label>Endpoint
      <select id="endpoint">
        <option value="/graphql">Full graph (/graphql)</option>
        <option value="/partner/graphql">Partner contract (/partner/graphql)</option>
      </select>
    </label>
    <label>API key
      <input id="api-key" type="password" autocomplete="off" spellcheck="false" placeholder="og_… (partners, kiosks)">
    </label>
    <span>Kept in this tab only. People sign in in the Headers tab: <code>{"authorization": "Bearer &lt;token&gt;"}</code>, optionally <code>{"x-channel": "MOBILE_APP"}</code>.</span>
  </header>
  <div id="graphiql">Loading…</div>
  <script src="/sandbox/react.js"></script>
  <script src="/sandbox/react-dom.js"></script>
  <script src="/sandbox/graphiql.js"></script>
  <script src="/sandbox/sandbox.js"></script>
</body>
</html>`;

/** The page's own styles and script, served as files so its CSP allows no inline code at all. */
const STYLE = /* css */ `body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
header { display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #1b2430; color: #fff; }
header h1 { font-size: 1rem; margin: 0; }
header label { font-size: .85rem; }
#graphiql { flex: 1; }
header input { font: inherit; width: 16rem; margin-left: .25rem; }
header span { font-size: .8rem; opacity: .85; }
`;

const SCRIPT = /* js */ `const PARTNER_TABS = ${JSON.stringify(PARTNER_EXAMPLES.map(tabOf))};
const STAFF_TABS = ${JSON.stringify(STAFF_EXAMPLES.map(tabOf))};
const SANDBOX_CLIENT = ${JSON.stringify(SANDBOX_CLIENT)};
// The key lives in this tab's session storage only: never in local storage with the persisted headers.
const keyField = document.getElementById("api-key");
keyField.value = sessionStorage.getItem("omnigraph:api-key") ?? "";
/** Every request names the sandbox as its client and carries the key from the field, unless the Headers tab has one. */
function sandboxHeaders(headers) {
  const key = keyField.value.trim();
  return { "apollographql-client-name": SANDBOX_CLIENT, ...(key ? { "x-api-key": key } : {}), ...headers };
}
/**
 * GraphiQL can send a tab's text with the operation name of the tab shown before it (switching and running at once);
 * a name the text does not define is replaced by its only operation's, so the run is what the editor shows.
 */
function matchingOperationName(params) {
  const names = [...(params.query ?? "").matchAll(/\\b(?:query|mutation|subscription)\\s+([_A-Za-z][_0-9A-Za-z]*)/g)].map((m) => m[1]);
  if (!params.operationName || names.includes(params.operationName)) return params;
  return { ...params, operationName: names.length === 1 ? names[0] : undefined };
}
const select = document.getElementById("endpoint");
const params = new URLSearchParams(location.search);
if (params.get("endpoint")) select.value = params.get("endpoint");
const root = ReactDOM.createRoot(document.getElementById("graphiql"));
const defaultQuery = "# Try: products, search with facets, stores with stock near you\\n{\\n  searchProducts(query: \\"jacket\\", first: 3) {\\n    totalCount\\n    nodes { title brand priceRange { min { amount currencyCode } } }\\n    facets { name values { value count } }\\n  }\\n}\\n";
// GraphiQL's fetcher accepts multipart/mixed and shows each deferred part as it arrives.
const deferQuery = "# @defer: title and prices first, store availability when inventory answers\\n{\\n  product(handle: \\"harbor-and-pine-cozy-tee\\") {\\n    title brand priceRange { min { amount } max { amount } }\\n    variants {\\n      sku title price { amount }\\n      ... @defer(label: \\"availability\\") {\\n        storeAvailability(near: { lat: 41.8837, lng: -87.6278 }, radiusKm: 15, first: 3) {\\n          location { name } distanceKm availableToPromise pickupReadyBy\\n        }\\n      }\\n    }\\n  }\\n}\\n";
// Subscriptions stream over SSE from /graphql/stream (the full graph only: the partner contract has none).
const subscriptionQuery = "# A subscription: the store's pickup queue, live. Sign in as one of its associates in the Headers tab\\n# ({\\"authorization\\": \\"Bearer <npm run token -- associate assoc-001 store-01>\\"}), run it,\\n# then move a pickup of store-01 (advanceFulfillment) or report a curbside arrival in another tab.\\nsubscription {\\n  pickupQueueChanged(locationId: \\"store-01\\") {\\n    change occurredAt\\n    fulfillment { status parkingSpot order { number customer { firstName } } pickupLocation { name } }\\n  }\\n}\\n";
const chosen = { defer: deferQuery, subscription: subscriptionQuery }[params.get("example")];
const examples = [chosen, defaultQuery, deferQuery, subscriptionQuery].filter((query, i, all) => query && all.indexOf(query) === i);
/** The operation GraphiQL is about to run, from its parsed document. */
function operationOf(params, document) {
  const operations = (document?.definitions ?? []).filter((d) => d.kind === "OperationDefinition");
  const named = operations.find((d) => d.name?.value === params.operationName) ?? operations[0];
  return named ? named.operation : "query";
}
/** Payloads of one subscription over GraphQL over SSE; stopping it in GraphiQL aborts the stream. */
function streamSubscription(params, headers) {
  const abort = new AbortController();
  async function* payloads() {
    const response = await fetch("/graphql/stream", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify(params),
      signal: abort.signal,
    });
    if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
      yield await response.json();
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let at;
        while ((at = buffer.indexOf("\\n\\n")) !== -1) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          let event = "";
          let data = "";
          for (const line of block.split("\\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          if (event === "next" && data) yield JSON.parse(data);
          if (event === "complete") return;
        }
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }
  const iterator = payloads();
  return {
    next: () => iterator.next(),
    return: () => {
      abort.abort();
      return iterator.return();
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
function render() {
  const http = GraphiQL.createFetcher({ url: select.value });
  const partner = select.value === "/partner/graphql";
  const tabs = partner ? PARTNER_TABS : [...examples.map((query) => ({ query })), ...STAFF_TABS];
  root.render(React.createElement(GraphiQL, {
    key: select.value,
    fetcher: (sent, options) => {
      const params = matchingOperationName(sent);
      return operationOf(params, options?.documentAST) === "subscription" && select.value === "/graphql"
        ? streamSubscription(params, sandboxHeaders(options?.headers ?? {}))
        : http(params, { ...options, headers: sandboxHeaders(options?.headers ?? {}) });
    },
    defaultTabs: tabs,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
  }));
}
select.addEventListener("change", render);
keyField.addEventListener("change", () => {
  if (keyField.value.trim()) sessionStorage.setItem("omnigraph:api-key", keyField.value.trim());
  else sessionStorage.removeItem("omnigraph:api-key");
  // The docs are introspected again with the new key (GraphiQL's own re-fetch; its tabs stay as they are).
  document.querySelector('[aria-label="Re-fetch GraphQL schema"]')?.click();
});
render();
`;

/**
 * Only this gateway's own files may load, nothing inline may run, and only this gateway may be called: a query
 * result rendered by GraphiQL can never become script. No page may frame the sandbox.
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** GET /sandbox and its assets. */
export function sandboxRoutes(): Record<string, Route> {
  const cache = new Map<string, Buffer>();
  const routes: Record<string, Route> = {
    "/sandbox": (_req, res) => {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.setHeader("content-security-policy", PAGE_CSP);
      res.end(PAGE);
    },
    "/sandbox/sandbox.css": (_req, res) => {
      res.setHeader("content-type", "text/css; charset=utf-8");
      res.end(STYLE);
    },
    "/sandbox/sandbox.js": (_req, res) => {
      res.setHeader("content-type", "text/javascript; charset=utf-8");
      res.end(SCRIPT);
    },
  };
  for (const [path, asset] of Object.entries(ASSETS)) {
    routes[path] = async (_req, res) => {
      let body = cache.get(path);
      if (!body) {
        body = await readFile(assetPath(asset.pkg, asset.file));
        cache.set(path, body);
      }
      res.setHeader("content-type", `${asset.type}; charset=utf-8`);
      res.setHeader("cache-control", "public, max-age=86400");
      res.end(body);
    };
  }
  return routes;
}
