/** The text of `apixo-emulator --help`. */
export const USAGE = `Usage: apixo-emulator [options]

Starts a local APIXO API emulator and prints its URL.

Options:
  --port <n>                      TCP port (0 = any free port)            [default: 4010]
  --host <host>                   interface to listen on                  [default: 127.0.0.1]
  --time-scale <x>                multiply every duration (0.1 = 10x faster) [default: 1]
  --seed <n>                      seed for ids, durations, failures and faults [default: random]
  --api-key <key>                 accepted key (repeatable)               [default: any non-empty key]
  --balance <usd>                 starting balance of every key           [default: 100]
  --rate-limit <n>                API requests per second per key, all endpoints [default: unlimited]
  --burst <n>                     size of that token bucket (>= 1)        [default: rate limit]
  --submit-rate-limit <n>         task submits per second per key, generateTask only; a submit
                                  needs a token of both buckets           [default: unlimited]
  --submit-burst <n>              size of the submit token bucket (>= 1)  [default: submit rate limit]
  --max-running <n>               running tasks per key                   [default: unlimited]
  --fault-rate <p>                total fault probability per request     [default: 0]
  --fault <[endpoint.]kind=p>     one fault setting, repeatable; endpoint is generateTask, statusTask,
                                  balance or files; kind is rateLimited, rateLimitedNoRetryAfter,
                                  unavailable, serverError, badGateway, dropConnection,
                                  malformedJson, truncatedFile or slow (a probability), or
                                  slowMs or retryAfterSeconds (that endpoint's --slow-ms / --retry-after)
  --slow-ms <ms>                  delay of a slow answer                  [default: 5000 x time scale]
  --retry-after <s>               Retry-After of injected 429s (scaled)   [default: 2]
  --task-failure-rate <p>         share of tasks failing with a random failCode [default: 0]
  --callback-duplicate-rate <p>   share of callbacks sent twice           [default: 0]
  --callback-timeout-ms <ms>      real ms a callback attempt waits for the receiver's 200
                                  [default: 30000 x time scale, at least 1000]
  --unknown-state-rate <p>        share of running-task reads answering state "processing_r2" [default: 0]
  --omit-cost-time-rate <p>       share of finished-task reads without costTime [default: 0]
  --staged-callback-rate <p>      share of callback tasks also sent an early progress callback [default: 0]
  --duplicate-window-ms <ms>      how long an identical submit counts as a duplicate [default: 10000]
  --help                          show this help
`;
