// Turns bench results into the Markdown table printed by `pnpm bench` (and pasted into the README).
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (share) => `${(share * 100).toFixed(1)} %`;
const failed = (section) =>
  section?.error && `failed: ${section.error.split("\n")[0].slice(0, 160)}`;

export function resultRows(results) {
  const rows = [];
  const add = (area, measure, value, target = "") =>
    rows.push({ area, measure, value: String(value), target });
  const { bundle, overhead, waiting, batch, cliStartup, emulator, download } = results;

  if (failed(bundle)) add("bundle", "min+gz", failed(bundle));
  else if (bundle)
    for (const row of bundle.rows)
      add(
        "bundle",
        `${row.package} ${row.version}`,
        `${kb(row.gzipBytes)} (min ${kb(row.minBytes)})`,
        row.package === "@apixo-ts/client" ? "≤ 6 KB, < every anchor" : "",
      );

  if (failed(overhead)) add("overhead", "status() vs fetch", failed(overhead));
  else if (overhead)
    add(
      "overhead",
      `${overhead.calls} status() vs bare fetch`,
      `${overhead.clientPerCallMs} vs ${overhead.fetchPerCallMs} ms/call, ratio ${overhead.ratio}`,
      "ratio ≤ 1.15",
    );

  if (failed(waiting)) add("waiting", "lag", failed(waiting));
  else if (waiting)
    for (const row of waiting.rows)
      add(
        "waiting",
        row.schedule,
        `lag median ${row.medianLagMs} ms, p95 ${row.p95LagMs} ms; ${row.statusRequestsPerTask} status req/task${row.failed ? `; ${row.failed} failed` : ""}`,
        row.schedule.startsWith("callback")
          ? "lag < 100 ms"
          : row.schedule.startsWith("default")
            ? "fewer req & lower lag than 5 s poll"
            : "",
      );

  if (failed(batch)) add("batch", "rate-limited batch", failed(batch));
  else if (batch) {
    add(
      "batch",
      `${batch.tasks} tasks, submits limited to ${batch.limitPerSecond}/s`,
      `submits ${pct(batch.achievedShareOfLimit)} of the limit; ${pct(batch.share429)} 429; ${batch.lost} lost; ${batch.duplicateSubmits} duplicates`,
      "≥ 90 %, ≤ 5 %, 0, 0",
    );
    const all = batch.allRequestsLimited;
    if (all)
      add(
        "batch",
        `same, all requests limited to ${all.limitPerSecond}/s`,
        `all requests ${pct(all.acceptedRequestShareOfRequestLimit)} of the limit, submits ${pct(all.achievedShareOfLimit)} (ceiling 50 %: one confirming read per task); ${pct(all.share429)} 429; ${all.lost} lost; ${all.duplicateSubmits} duplicates`,
        "",
      );
    const polling = batch.pollingDefaults;
    if (polling)
      add(
        "batch",
        `same as the first, polling with default client options`,
        `submits ${pct(polling.achievedShareOfLimit)} of the limit; ${pct(polling.share429)} 429; ${polling.lost} lost; ${polling.duplicateSubmits} duplicates`,
        "",
      );
  }

  if (failed(cliStartup)) add("CLI start-up", "apixo --version", failed(cliStartup));
  else if (cliStartup)
    add(
      "CLI start-up",
      "apixo --version vs node -e 0",
      `${cliStartup.cliMedianMs} vs ${cliStartup.nodeMedianMs} ms, ratio ${cliStartup.ratio}`,
      "≤ 2×",
    );

  if (failed(emulator)) add("emulator", "req/s", failed(emulator));
  else if (emulator) {
    const prismVersion = emulator.prism.version.split("@").pop();
    const rows = [
      ["statusTask", emulator.emulator, emulator.prism, emulator.ratio, "≥ 5,000"],
      [
        "generateTask",
        emulator.submit?.emulator,
        emulator.submit?.prism,
        emulator.submit?.ratio,
        "",
      ],
    ];
    for (const [endpoint, ours, prism, ratio, target] of rows) {
      if (!ours) continue;
      add("emulator", `${endpoint} req/s (autocannon)`, `${ours.requestsPerSecond}`, target);
      add(
        "emulator",
        `${endpoint}: Prism ${prismVersion} mock, same spec`,
        prism?.error
          ? `failed: ${prism.error}`
          : prism?.skipped
            ? "skipped"
            : `${prism?.requestsPerSecond} req/s → ratio ${ratio}×`,
      );
    }
  }

  if (failed(download)) add("download", `${"200"} MB`, failed(download));
  else if (download)
    add(
      "download",
      `${download.megabytes} MB via downloadOutput vs curl -o`,
      `${download.clientMBps} vs ${download.curlMBps} MB/s (${pct(download.throughputShareOfCurl)}), peak RSS +${download.peakRssGrowthMB} MB`,
      "≥ 80 %, ≤ 64 MB",
    );
  for (const reference of [download?.reference, download?.referenceHttp].filter(Boolean))
    add(
      "download",
      `reference: ${reference.what.split(" (")[0]}`,
      `${reference.MBps} MB/s, peak RSS +${reference.peakRssGrowthMB} MB`,
    );
  return rows;
}

export function markdownTable(rows) {
  const lines = ["| area | measure | result | target |", "|---|---|---|---|"];
  for (const row of rows)
    lines.push(
      `| ${row.area} | ${row.measure} | ${row.value.replaceAll("|", "\\|")} | ${row.target} |`,
    );
  return lines.join("\n");
}
