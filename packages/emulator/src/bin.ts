#!/usr/bin/env node
import { main } from "./cli.js";

void main(process.argv.slice(2)).then((emulator) => {
  if (!emulator) return;
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
});
