/** A store that atomically claims a task id: `true` the first time, `false` after (e.g. Redis `SET NX`). */
export interface ClaimCallbackStore {
  /** Records `taskId`; resolves `true` if it was not recorded before. Must be atomic across processes. */
  claim(taskId: string): boolean | Promise<boolean>;
  /** Forgets `taskId`, so a later delivery is processed again (called when `onTask` throws). */
  release?(taskId: string): unknown;
  /** Optional cheap check, used to skip the status re-read of an obvious duplicate. */
  has?(taskId: string): boolean | Promise<boolean>;
}

/** A set-like store (a plain `Set` fits). `has` then `add` is not atomic across processes. */
export interface SetCallbackStore {
  /** True if `taskId` was recorded. */
  has(taskId: string): boolean | Promise<boolean>;
  /** Records `taskId`. */
  add(taskId: string): unknown;
  /** Forgets `taskId` (called when `onTask` throws). */
  delete?(taskId: string): unknown;
}

/** Where the handler remembers which tasks it has already reported, to dedupe deliveries. */
export type CallbackStore = ClaimCallbackStore | SetCallbackStore;

/** Default number of task ids the in-memory store keeps. */
export const DEFAULT_STORE_SIZE = 10_000;

/**
 * An in-memory {@link ClaimCallbackStore} that keeps the `maxSize` most recently seen task ids
 * (least recently seen are forgotten first). Enough for one process; use a shared store (a
 * database unique key, Redis `SET NX`) when several instances receive callbacks.
 */
export function createMemoryCallbackStore(
  options: { maxSize?: number } = {},
): Required<ClaimCallbackStore> {
  const maxSize = options.maxSize ?? DEFAULT_STORE_SIZE;
  if (!Number.isInteger(maxSize) || maxSize < 1) {
    throw new TypeError("createMemoryCallbackStore: `maxSize` must be a positive integer");
  }
  const seen = new Set<string>();
  return {
    claim(taskId) {
      const fresh = !seen.has(taskId);
      seen.delete(taskId); // re-insert: a Set iterates in insertion order, oldest first
      seen.add(taskId);
      if (seen.size > maxSize) seen.delete(seen.values().next().value as string);
      return fresh;
    },
    release(taskId) {
      seen.delete(taskId);
    },
    has(taskId) {
      return seen.has(taskId);
    },
  };
}

/** @internal Adapts either store shape to claim/release/has. */
export function toClaimStore(store: CallbackStore): ClaimCallbackStore {
  if ("claim" in store && typeof store.claim === "function") return store;
  const set = store as SetCallbackStore;
  return {
    async claim(taskId) {
      if (await set.has(taskId)) return false;
      await set.add(taskId);
      return true;
    },
    release: (taskId) => set.delete?.(taskId),
    has: (taskId) => set.has(taskId),
  };
}
