// Runs one emulator in its own process (so its CPU time is not charged to the code under test).
// Options arrive as JSON in argv[2]; the parent talks to it over IPC: "stats" → the stats object.
import { startEmulator } from "@apixo-ts/emulator";

const emulator = await startEmulator(JSON.parse(process.argv[2] ?? "{}"));
process.on("message", async (message) => {
  if (message?.type === "stats")
    process.send?.({ type: "stats", id: message.id, stats: await emulator.stats() });
});
process.on("disconnect", async () => {
  await emulator.close();
  process.exit(0);
});
process.send?.({ type: "ready", url: emulator.url });
