// The review app's sign-in form (annotate.widgets.app.SignInForm): name, codebook and task, sent together.
//
// What the visitor typed is sent with the Start click (or Enter) in one message, so the kernel never
// starts with half a name; the form stays disabled until the kernel answers, and keys typed here never
// reach the notebook.

// The same small DOM helper as label_form.js: anywidget loads each module from its own blob URL, so one
// module cannot import the other.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (v !== false && v !== null && v !== undefined) el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

function select(options, value, cls) {
  const el = h("select", { class: cls });
  for (const [label, v] of options) el.append(h("option", { value: v, text: label }));
  el.value = value;
  return el;
}

function render({ model, el }) {
  const spec = model.get("spec");
  let task = spec.task, seq = 0, waiting = 0;
  const name = h("input", { type: "text", value: spec.name || "", placeholder: "letters a-z, digits, . _ -",
    autocomplete: "username", spellcheck: "false" });
  const codebook = select(spec.codebooks, spec.codebook, "");
  const scope = select(spec.scopes, spec.scope, "");
  const taskButtons = spec.tasks.map(([label, value]) => {
    const b = h("button", { type: "button", class: "af-opt", "data-task": value, text: label });
    b.addEventListener("click", () => { task = value; draw(); });
    return b;
  });
  const start = h("button", { type: "button", class: "af-btn af-primary annotate-signin-start", text: "Start" });
  const message = h("div", { class: "annotate-signin-message", role: "status", "aria-live": "polite" });
  const scopeRow = h("label", { class: "af-signin-row annotate-signin-scope" }, h("span", { text: "Disagree on" }), scope);
  const form = h("div", { class: "af-signin annotate-signin" },
    h("h3", { text: "Review framing: who is reviewing?" }),
    h("p", { class: "af-muted", text: "Your labels are saved under your name, one file per codebook." }),
    h("label", { class: "af-signin-row annotate-signin-name" }, h("span", { text: "Your name" }), name),
    h("label", { class: "af-signin-row annotate-signin-codebook" }, h("span", { text: "Codebook" }), codebook),
    h("div", { class: "af-signin-row annotate-signin-task" }, h("span", { text: "Task" }), ...taskButtons),
    scopeRow, h("div", { class: "af-signin-row" }, h("span"), start, h("span", { class: "af-hint", text: "or press Enter" })),
    message);
  el.append(form);

  function draw() {
    for (const b of taskButtons) b.setAttribute("aria-checked", String(b.dataset.task === task));
    scopeRow.hidden = task !== "adjudicate";
    for (const input of [name, codebook, scope, start, ...taskButtons]) input.disabled = waiting > 0;
  }

  function send() {
    if (waiting) return;
    seq += 1;
    waiting = seq;
    model.send({ kind: "start", seq, name: name.value, codebook: codebook.value, task, scope: scope.value });
    message.textContent = "Opening…";
    message.dataset.level = "info";
    draw();
  }

  model.on("change:status", () => {
    const s = model.get("status");
    if (s.ack >= waiting) waiting = 0;
    message.textContent = s.text || "";
    message.dataset.level = s.level || "info";
    draw();
    if (!waiting && s.level === "error") name.focus();
  });
  start.addEventListener("click", send);
  form.addEventListener("keydown", (e) => {
    e.stopPropagation();  // typing a name is never a notebook command
    if (e.key === "Enter" && e.target === name) { e.preventDefault(); send(); }
  });
  draw();
  // A page of its own (Voilà): the cursor is in the name box at once. In a notebook, leave focus alone.
  if (document.activeElement === document.body || document.activeElement === null) setTimeout(() => name.focus(), 0);
}

export default { render };
