#!/usr/bin/env node
// The `apixo` executable. Kept tiny: command modules (and the client, emulator and ajv behind
// them) are imported only when their command runs, so `apixo --version` starts fast.
import { nodeIo } from "./io.js";
import { main } from "./main.js";

main(process.argv.slice(2), nodeIo()).then((exitCode) => {
  // Exit once stdout and stderr are flushed: a pipe reader must get every byte, and idle sockets
  // or timers of a finished command must not hold the process open.
  process.stdout.write("", () => process.stderr.write("", () => process.exit(exitCode)));
});
