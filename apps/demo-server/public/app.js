// The demo page: builds the form from the contract's models (GET /api/models), submits tasks
// (POST /api/tasks) and keeps the gallery live over Server-Sent Events (GET /api/events).
// Everything user-provided is rendered with textContent: no HTML is ever built from data.

const $ = (id) => document.getElementById(id);
const models = new Map();
const tasks = new Map();

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

async function getJson(url, init) {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

// ---- the form -------------------------------------------------------------------------------

const KIND_LABELS = { image: "Images", video: "Videos", audio: "Audio" };

function renderModelPicker() {
  const select = $("model");
  for (const kind of ["image", "video", "audio"]) {
    const group = el("optgroup", { label: KIND_LABELS[kind] });
    for (const model of models.values()) {
      if (model.kind === kind)
        group.append(el("option", { value: model.id, text: `${model.title} (${model.id})` }));
    }
    if (group.children.length > 0) select.append(group);
  }
  select.value = models.has("nano-banana") ? "nano-banana" : select.value;
  select.addEventListener("change", renderModes);
  $("mode").addEventListener("change", renderFields);
  renderModes();
}

function renderModes() {
  const model = models.get($("model").value);
  const mode = $("mode");
  mode.replaceChildren(...model.modes.map((value) => el("option", { value, text: value })));
  $("mode-field").hidden = model.modes.length === 0;
  renderFields();
}

function fieldControl(field) {
  const id = `field-${field.name}`;
  const common = { id, name: field.name, required: field.required };
  switch (field.control) {
    case "select": {
      const select = el("select", common);
      if (!field.required)
        select.append(
          el("option", {
            value: "",
            text: field.default !== undefined ? `default (${field.default})` : "default",
          }),
        );
      for (const value of field.enum)
        select.append(el("option", { value: String(value), text: String(value) }));
      return select;
    }
    case "checkbox":
      if (field.required)
        return el("input", { ...common, type: "checkbox", checked: field.default === true });
      // Optional booleans need a third state: "leave it to the model".
      return el(
        "select",
        common,
        el("option", {
          value: "",
          text: field.default !== undefined ? `default (${field.default})` : "default",
        }),
        el("option", { value: "true", text: "yes" }),
        el("option", { value: "false", text: "no" }),
      );
    case "number":
      return el("input", {
        ...common,
        type: "number",
        min: field.minimum,
        max: field.maximum,
        step: field.valueType === "integer" ? 1 : "any",
        placeholder: field.default !== undefined ? String(field.default) : undefined,
      });
    case "textarea":
      return el("textarea", {
        ...common,
        rows: 3,
        minlength: field.minLength,
        maxlength: field.maxLength,
      });
    case "list":
      return el("textarea", { ...common, rows: 2, placeholder: "one URL per line" });
    case "url":
      return el("input", { ...common, type: "url", placeholder: "https://…" });
    default:
      return el("input", {
        ...common,
        type: "text",
        minlength: field.minLength,
        maxlength: field.maxLength,
      });
  }
}

/** "1–5000 chars", "≤ 80 chars", "2–15", "1–5 items"; nothing for trivial bounds. */
function range(min, max, unit) {
  const suffix = unit ? ` ${unit}` : "";
  if (min !== undefined && max !== undefined) return `${min}–${max}${suffix}`;
  if (max !== undefined) return `≤ ${max}${suffix}`;
  if (min !== undefined && !(unit && min <= 1)) return `≥ ${min}${suffix}`;
  return "";
}

function limitsText(field) {
  return [
    range(field.minLength, field.maxLength, "chars"),
    range(field.minimum, field.maximum, ""),
    range(field.minItems, field.maxItems, "items"),
  ]
    .filter(Boolean)
    .join(", ");
}

function renderFields() {
  const model = models.get($("model").value);
  const fields = model.fields[$("mode").value || ""] ?? model.fields[""] ?? [];
  const container = $("fields");
  const previousPrompt = container.querySelector("[name=prompt]")?.value;
  container.replaceChildren(
    ...fields.map((field) => {
      const control = fieldControl(field);
      const label = el(
        "label",
        {
          className: `field ${field.control === "checkbox" && field.required ? "inline" : ""}`,
          for: control.id,
        },
        el(
          "span",
          { className: "name", text: field.name },
          field.required ? el("span", { className: "req", text: " *" }) : null,
        ),
        control,
      );
      const hint = [field.description, limitsText(field)].filter(Boolean).join(" · ");
      if (hint) label.append(el("small", { className: "muted", text: hint }));
      return label;
    }),
  );
  const prompt = container.querySelector("[name=prompt]");
  if (prompt)
    prompt.value = previousPrompt ?? "A lighthouse on a rocky cliff at sunset, watercolor";
}

function readInput(model) {
  const input = {};
  if (model.modes.length > 0) input.mode = $("mode").value;
  const fields = model.fields[$("mode").value || ""] ?? [];
  for (const field of fields) {
    const control = $(`field-${field.name}`);
    if (field.control === "checkbox" && field.required) {
      input[field.name] = control.checked;
      continue;
    }
    const raw = control.value.trim();
    if (raw === "") {
      if (field.required) throw new Error(`${field.name} is required.`);
      continue;
    }
    if (field.valueType === "boolean") input[field.name] = raw === "true";
    else if (field.valueType === "integer" || field.valueType === "number")
      input[field.name] = Number(raw);
    else if (field.valueType === "array") input[field.name] = raw.split(/\s+/).filter(Boolean);
    else input[field.name] = raw;
  }
  return input;
}

async function onSubmit(event) {
  event.preventDefault();
  const error = $("form-error");
  error.hidden = true;
  const model = models.get($("model").value);
  const button = $("submit");
  button.disabled = true;
  try {
    const created = await getJson("/api/tasks", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ model: model.id, input: readInput(model) }),
    });
    // The SSE event usually arrives first; fetch the full view anyway.
    upsertTask(await getJson(`/api/tasks/${encodeURIComponent(created.id)}`));
  } catch (caught) {
    error.textContent = caught.message;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}

// ---- the gallery ----------------------------------------------------------------------------

const AUDIO = /\.(mp3|wav|m4a|ogg)$/i;

/** "audio" when every output is a sound file (stacked players instead of a picture grid). */
function kindOf(urls) {
  return urls.every((url) => AUDIO.test(url)) ? "audio" : "visual";
}

function mediaFor(url) {
  const extension = url.split(".").pop().toLowerCase();
  if (["mp4", "webm", "mov"].includes(extension))
    return el("video", { src: url, controls: true, preload: "metadata", playsinline: true });
  if (["mp3", "wav", "m4a", "ogg"].includes(extension))
    return el("audio", { src: url, controls: true, preload: "metadata" });
  return el(
    "a",
    { href: url, target: "_blank", rel: "noopener" },
    el("img", { src: url, alt: "generated output", loading: "lazy" }),
  );
}

function placeholder(task) {
  const text =
    task.state === "failed"
      ? "failed"
      : task.outputsState === "failed"
        ? "download failed"
        : task.state === "success"
          ? "downloading…"
          : `${task.state}…`;
  return el("div", { className: `placeholder ${task.state}` }, el("span", { text }));
}

const SOURCE_LABELS = {
  submit: "submit",
  callback: "signed callback",
  reconciler: "reconciler poll",
  restart: "restart",
};

/** "success by signed callback after 1.4 s": shows which path finished the task. */
function historyText(task) {
  const last = (task.history ?? []).at(-1);
  if (!last || (last.state !== "success" && last.state !== "failed")) return "";
  const seconds = ((last.at - task.createdAt) / 1000).toFixed(1);
  return `${last.state} by ${SOURCE_LABELS[last.source] ?? last.source} after ${seconds} s`;
}

/** The trail line, expanding to every state change with its cause and time since submit. */
function historyDetails(task, summary) {
  const steps = (task.history ?? []).map((entry) =>
    el("li", {
      text: `+${((entry.at - task.createdAt) / 1000).toFixed(1)} s  ${entry.state} (${SOURCE_LABELS[entry.source] ?? entry.source})`,
    }),
  );
  const upstreamId = task.taskId ? el("li", { text: `taskId ${task.taskId}` }) : null;
  return el(
    "details",
    { className: "trail muted" },
    el("summary", { text: summary }),
    el("ol", {}, ...steps, upstreamId),
  );
}

/** "CODE: message", without repeating a code the message already starts with. */
function failureText(task) {
  const { failCode, failMsg } = task;
  if (failCode && failMsg?.startsWith(failCode)) return failMsg;
  return [failCode, failMsg].filter(Boolean).join(": ") || "failed";
}

function renderCard(task) {
  const media =
    task.outputsState === "ready" && task.outputs.length > 0
      ? el(
          "div",
          { className: `media count-${Math.min(task.outputs.length, 4)} ${kindOf(task.outputs)}` },
          ...task.outputs.map(mediaFor),
        )
      : placeholder(task);
  const meta = el(
    "div",
    { className: "meta" },
    el("span", { className: `badge ${task.state}`, text: task.state }),
    el("span", { className: "model", text: task.model }),
    el("time", {
      className: "muted",
      datetime: new Date(task.createdAt).toISOString(),
      text: new Date(task.createdAt).toLocaleTimeString(),
    }),
  );
  const card = el(
    "li",
    { className: "card", "data-id": task.id, "data-state": task.state },
    media,
    meta,
  );
  const trail = historyText(task);
  if (trail) card.append(historyDetails(task, trail));
  if (task.prompt) card.append(el("p", { className: "prompt", text: task.prompt }));
  if (task.state === "failed") {
    card.append(
      el("p", {
        className: "error",
        text: failureText(task),
      }),
    );
  }
  if (task.outputsError)
    card.append(el("p", { className: "error", text: `Download: ${task.outputsError}` }));
  return card;
}

function upsertTask(task) {
  const previous = tasks.get(task.id);
  if (previous && previous.updatedAt > task.updatedAt) return; // an older event arrived late
  tasks.set(task.id, task);
  const card = renderCard(task);
  const existing = $("gallery").querySelector(`[data-id="${CSS.escape(task.id)}"]`);
  if (existing) existing.replaceWith(card);
  else {
    const newer = [...$("gallery").children].find(
      (node) => tasks.get(node.dataset.id)?.createdAt < task.createdAt,
    );
    $("gallery").insertBefore(card, newer ?? null);
  }
  $("empty").hidden = tasks.size > 0;
}

async function reloadTasks() {
  const { tasks: list } = await getJson("/api/tasks");
  for (const task of list.reverse()) upsertTask(task);
}

function connectEvents() {
  const live = $("live");
  const source = new EventSource("/api/events");
  source.addEventListener("ready", () => {
    live.textContent = "live";
    live.classList.add("on");
    reloadTasks().catch(() => {}); // catch up on anything missed while disconnected
  });
  source.addEventListener("task", (event) => upsertTask(JSON.parse(event.data)));
  source.addEventListener("error", () => {
    live.textContent = "reconnecting…";
    live.classList.remove("on");
  });
}

async function start() {
  const { models: list } = await getJson("/api/models");
  for (const model of list) models.set(model.id, model);
  renderModelPicker();
  $("task-form").addEventListener("submit", onSubmit);
  await reloadTasks();
  connectEvents();
}

start().catch((error) => {
  $("form-error").textContent = `Could not load the page: ${error.message}`;
  $("form-error").hidden = false;
});
