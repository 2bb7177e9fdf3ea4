import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Route } from "../lib/http.js";

const require = createRequire(import.meta.url);

/**
 * The sandbox partners and developers explore the graph in: GraphiQL, served from this gateway's own node_modules so
 * it works offline and loads nothing from a CDN. Two endpoints to pick from: the full graph and the partner contract.
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
  <style>
    body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    header { display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #1b2430; color: #fff; }
    header h1 { font-size: 1rem; margin: 0; }
    header label { font-size: .85rem; }
    #graphiql { flex: 1; }
  </style>
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
    <span>Sign in with an <code>authorization</code> or <code>x-api-key</code> header in the Headers tab.</span>
  </header>
  <div id="graphiql">Loading…</div>
  <script src="/sandbox/react.js"></script>
  <script src="/sandbox/react-dom.js"></script>
  <script src="/sandbox/graphiql.js"></script>
  <script>
    const select = document.getElementById("endpoint");
    const params = new URLSearchParams(location.search);
    if (params.get("endpoint")) select.value = params.get("endpoint");
    const root = ReactDOM.createRoot(document.getElementById("graphiql"));
    const defaultQuery = "# Try: products, search with facets, stores with stock near you\\n{\\n  searchProducts(query: \\"jacket\\", first: 3) {\\n    totalCount\\n    nodes { title brand priceRange { min { amount currencyCode } } }\\n    facets { name values { value count } }\\n  }\\n}\\n";
    function render() {
      root.render(React.createElement(GraphiQL, {
        key: select.value,
        fetcher: GraphiQL.createFetcher({ url: select.value }),
        defaultQuery,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: true,
      }));
    }
    select.addEventListener("change", render);
    render();
  </script>
</body>
</html>`;

/** GET /sandbox and its assets. */
export function sandboxRoutes(): Record<string, Route> {
  const cache = new Map<string, Buffer>();
  const routes: Record<string, Route> = {
    "/sandbox": (_req, res) => {
      res.setHeader("content-type", "text/html; charset=utf-8");
      // The page runs only same-origin scripts; nothing external may load.
      res.setHeader("content-security-policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:");
      res.end(PAGE);
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
