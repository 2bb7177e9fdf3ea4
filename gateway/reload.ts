import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { SupergraphManager, SupergraphSdlUpdateFunction } from "@apollo/gateway";
import type { Logger } from "../lib/logger.js";

/** What one reload did. */
export interface ReloadResult {
  outcome: "reloaded" | "unchanged" | "refused";
  /** Why a supergraph was refused (a syntax or composition error), as the log says it. */
  reason?: string;
}

/** The supergraph the gateway serves, and what became of the latest attempt to change it: /ready shows it. */
export interface SupergraphStatus {
  /** When the served supergraph was loaded. */
  loadedAt: string;
  /** The latest refused file's reason, until a good one is served. */
  refused?: { at: string; reason: string };
}

export interface SupergraphSource {
  /** For ApolloGateway's `supergraphSdl` option: the first supergraph, and how later ones are handed to the gateway. */
  manager: SupergraphManager;
  /** Reads the file again and serves it when it changed and is valid (SIGHUP). A static supergraph never changes. */
  reload(): Promise<ReloadResult>;
  status(): SupergraphStatus;
}

export interface SupergraphFileOptions {
  path: string;
  /** Reload when the file changes (SUPERGRAPH_WATCH); SIGHUP reloads either way. */
  watch: boolean;
  logger: Logger;
  /** Quiet time after the last change before the file is read: an editor or a copy writes in several steps. */
  debounceMs?: number;
}

/**
 * A supergraph read from a file and, when asked, watched: a valid new one is handed to @apollo/gateway's update(),
 * which builds and validates it before swapping anything (a request already planned finishes on the plan it has;
 * the next one is planned on the new schema), and throws on one it cannot use — then the old one keeps serving and
 * the reason is logged. The folder is watched rather than the file, so a file replaced by a rename (how deploy tools
 * write atomically) is seen too.
 */
export function supergraphFromFile(options: SupergraphFileOptions): SupergraphSource {
  const { path, logger } = options;
  const debounceMs = options.debounceMs ?? 200;
  let update: SupergraphSdlUpdateFunction | null = null;
  let served: string | null = null;
  let status: SupergraphStatus = { loadedAt: new Date().toISOString() };
  // Reloads run one after another: update() refuses to be called while an update is in progress.
  let queue: Promise<unknown> = Promise.resolve();

  const reloadNow = async (): Promise<ReloadResult> => {
    if (!update) return { outcome: "unchanged", reason: "the gateway has not loaded its first supergraph yet" };
    let sdl: string;
    try {
      sdl = await readFile(path, "utf8");
    } catch (error) {
      return refuse(`cannot read ${path}: ${(error as Error).message}`);
    }
    if (sdl === served) return { outcome: "unchanged" };
    try {
      update(sdl);
    } catch (error) {
      return refuse((error as Error).message);
    }
    served = sdl;
    status = { loadedAt: new Date().toISOString() };
    logger.info("supergraph reloaded", { path });
    return { outcome: "reloaded" };
  };

  const refuse = (reason: string): ReloadResult => {
    // Composition errors can list every problem in a large schema: the first few kilobytes say what is wrong.
    const short = reason.length > 4_000 ? `${reason.slice(0, 4_000)}…` : reason;
    status = { ...status, refused: { at: new Date().toISOString(), reason: short } };
    logger.error("supergraph refused; the previous one keeps serving", { path, reason: short });
    return { outcome: "refused", reason: short };
  };

  const reload = (): Promise<ReloadResult> => {
    const next = queue.then(reloadNow, reloadNow);
    queue = next;
    return next;
  };

  return {
    manager: {
      async initialize({ update: hand }) {
        served = await readFile(path, "utf8");
        update = hand;
        let watcher: FSWatcher | null = null;
        let timer: NodeJS.Timeout | null = null;
        if (options.watch) {
          const file = basename(path);
          watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
            if (changed !== null && changed !== file) return;
            if (timer) clearTimeout(timer);
            timer = setTimeout(() => {
              timer = null;
              void reload();
            }, debounceMs);
            timer.unref();
          });
          watcher.on("error", (error) => logger.warn("supergraph file no longer watched; SIGHUP still reloads it", { path, error }));
        }
        return {
          supergraphSdl: served,
          async cleanup() {
            update = null;
            if (timer) clearTimeout(timer);
            watcher?.close();
          },
        };
      },
    },
    reload,
    status: () => status,
  };
}

/** A supergraph given as text (tests, embedding): served as it is, never reloaded. */
export function staticSupergraph(sdl: string): SupergraphSource {
  const status: SupergraphStatus = { loadedAt: new Date().toISOString() };
  return {
    manager: { initialize: async () => ({ supergraphSdl: sdl }) },
    reload: async () => ({ outcome: "unchanged", reason: "this gateway serves a supergraph given in code, not a file" }),
    status: () => status,
  };
}
