// Starts lib/emulator-child.mjs and hands back { url, stats(), close() }.
import { fork } from "node:child_process";

const childPath = new URL("./emulator-child.mjs", import.meta.url).pathname;

/** Starts an emulator in a child process with `startEmulator(options)`. */
export function startEmulatorProcess(options = {}) {
  const child = fork(childPath, [JSON.stringify(options)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 0;
  const pending = new Map();
  child.on("message", (message) => {
    if (message?.type === "stats") pending.get(message.id)?.(message.stats);
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`emulator process exited with ${code} before it was ready`)),
    );
    child.on("message", (message) => {
      if (message?.type !== "ready") return;
      resolve({
        url: message.url,
        pid: child.pid,
        stats: () =>
          new Promise((done) => {
            const id = nextId++;
            pending.set(id, (stats) => {
              pending.delete(id);
              done(stats);
            });
            child.send({ type: "stats", id });
          }),
        close: () =>
          new Promise((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.disconnect();
          }),
      });
    });
  });
}
