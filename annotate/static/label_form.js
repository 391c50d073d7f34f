// The review panel's inputs, buttons and keys (annotate.panel_form.LabelForm).
//
// Keys are read on the panel's root element, never on the document and never on hover: while focus is
// in a text box every key types; otherwise the panel's keys act, and no key pressed in the panel reaches
// the notebook. Each action is sent with the values on screen and the screen's token, and the inputs are
// disabled until the kernel acknowledges it, so no click lands on an article it was not made on.

const TEXT_INPUTS = new Set(["text", "search", "email", "url", "tel", "password", "number", "date",
  "datetime-local", "month", "time", "week"]);
// A single choice with more options than this is a drop-down list instead of a grid of buttons.
const MAX_OPTION_BUTTONS = 24;
// After this long without an answer the panel says it is still waiting for the kernel.
const SLOW_KERNEL_MS = 3000;
// How long a refusal ("wait: saving…") stays highlighted.
const FLASH_MS = 1200;
const SCROLL_KEYS = { ArrowUp: -40, ArrowDown: 40, PageUp: -0.9, PageDown: 0.9, " ": 0.9 };

function isTextEntry(el) {
  if (!el || el.nodeType !== 1) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  return el.tagName === "INPUT" && TEXT_INPUTS.has((el.getAttribute("type") || "text").toLowerCase());
}

// The key as codebooks name it: "q", "0", "?", "Shift+q", "Enter", "ArrowLeft" (Caps Lock ignored).
function keyName(e) {
  const m = /^(?:Digit|Key)([0-9A-Z])$/.exec(e.code || "");
  if (e.shiftKey && m) return "Shift+" + m[1].toLowerCase();
  return e.key.length === 1 && /[A-Z]/.test(e.key) ? e.key.toLowerCase() : e.key;
}

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

function render({ model, el }) {
  const spec = model.get("spec");
  const byName = Object.fromEntries(spec.fields.map((f) => [f.name, f]));
  const hotkeys = {};
  for (const f of spec.fields) f.hotkeys.forEach((k, i) => { if (k) hotkeys[k] = [f.name, f.options[i]]; });

  let screen = {}, local = {}, pending = {}, token = -1, seq = 0, waiting = 0, slowTimer = null;
  let confirming = false, helpOpen = false, root = null;
  const controls = {};  // field name -> { wrap, set(value), buttons: [...] }

  // -- layout ---------------------------------------------------------------------------------------
  const fill = h("div", { class: "af-fill" });
  const count = h("span", { class: "annotate-count" });
  const keysState = h("span", { class: "annotate-keys-state" });
  const helpLink = h("button", { class: "af-link annotate-help-link", type: "button", title: "keys (?)", text: "? Keys" });
  const top = h("div", { class: "af-top annotate-header" },
    h("div", { class: "af-bar annotate-progress", role: "progressbar" }, fill), count,
    h("span", { class: "annotate-reviewer", text: `${spec.role}: ${spec.reviewer}` }), keysState, helpLink);
  const btn = (cls, text, title) => h("button", { class: `af-btn ${cls}`, type: "button", title, text });
  const back = btn("annotate-back", "← Back", "previous article (←)");
  const skip = btn("annotate-skip", "Skip", "skip this article (s)");
  const undo = btn("annotate-undo", "↶ Undo", "undo your last save or skip (u)");
  const firstOpen = btn("annotate-first-open", "First open article", "the first article still to do");
  const save = btn("af-primary annotate-save", "Save & next ⏎", "save and go to the next article (Enter)");
  if (!spec.can_skip) skip.hidden = true;
  const actions = h("div", { class: "af-actions annotate-buttons" }, back, skip, undo, firstOpen,
    h("span", { class: "af-spacer" }), save);
  const status = h("div", { class: "af-status annotate-status", role: "status", "aria-live": "polite" });
  const yes = btn("annotate-confirm-yes", "Skip anyway (y)", "record a skip in place of your label");
  const no = btn("annotate-confirm-no", "Keep my label (Esc)", "do nothing");
  const confirmText = h("span");
  const confirmBar = h("div", { class: "af-confirm annotate-confirm", role: "alertdialog" }, confirmText, yes, no);
  confirmBar.hidden = true;
  const note = h("div", { class: "af-note annotate-stored" });
  const side = h("div", { class: "af-side annotate-reviews" });
  const acceptAll = btn("annotate-accept-all", "Use every suggested value", "confirm all the reviewers' values shown as suggestions");
  const warn = h("div", { class: "af-warn annotate-rule" });
  const fieldsBox = h("div", { class: "af-fields annotate-fields" });
  const scroll = h("div", { class: "af-scroll" }, side, acceptAll, warn, fieldsBox);
  const helpBox = h("div", { class: "af-help annotate-help", role: "dialog", "aria-label": "keys" });
  helpBox.hidden = true;
  const form = h("div", { class: "af" }, top, actions, status, confirmBar, note, scroll, helpBox);
  el.append(form);

  helpBox.append(h("b", { text: "Keys" }), h("span", { class: "af-muted", text: " — click the panel (not a text box) first" }));
  const table = h("table");
  for (const [k, what] of spec.keys) table.append(h("tr", {}, h("td", {}, h("kbd", { text: k })), h("td", { text: what })));
  helpBox.append(table);

  // -- inputs ---------------------------------------------------------------------------------------
  for (const f of spec.fields) fieldsBox.append(buildField(f));

  function buildField(f) {
    const label = h("span", { class: "af-label", text: f.label, title: f.help.split("\n")[0] });
    const head = h("div", { class: "af-head" }, label, f.required ? h("b", { class: "af-req", title: "required", text: " *" }) : null);
    const suggest = h("span", { class: "af-suggest" });
    head.append(suggest);
    const wrap = h("div", { class: `af-field annotate-field annotate-field-${f.name.replace(/[^A-Za-z0-9_-]/g, "-")}` }, head);
    if (f.help && f.help.includes("\n")) {
      const more = h("details", { class: "af-more" }, h("summary", { text: "(?)", title: "what this field means" }), h("div", { class: "af-helptext", text: f.help }));
      head.append(more);
    }
    const c = { wrap, suggest, buttons: [] };
    if (f.type === "text") {
      const area = h("textarea", { rows: "2", class: "af-text", "aria-label": f.label, placeholder: f.help.split("\n")[0] });
      area.addEventListener("input", () => { local[f.name] = area.value; confirmField(f.name); });
      c.set = (v) => { if (area.value !== (v || "")) area.value = v || ""; };  // keep the caret while typing
      c.inputs = [area];
      wrap.append(area);
    } else if (f.type === "single" && f.options.length > MAX_OPTION_BUTTONS) {
      const select = h("select", { "aria-label": f.label }, h("option", { value: "", text: "–" }));
      f.options.forEach((o, i) => select.append(h("option", { value: o, text: f.hotkeys[i] ? `${f.hotkeys[i]} · ${o}` : o })));
      select.addEventListener("change", () => { local[f.name] = select.value; confirmField(f.name); update(); });
      c.set = (v) => { select.value = f.options.includes(v) ? v : ""; };
      c.inputs = [select];
      wrap.append(select);
    } else {
      const multi = f.type === "multi";
      const cols = f.type !== "rating" && f.options.length > 5 ? " af-cols" : "";  // long lists: a grid; ratings: a row
      const grid = h("div", { class: `af-grid af-${f.type}${cols}`, role: multi ? "group" : "radiogroup" });
      f.options.forEach((o, i) => {
        const key = f.hotkeys[i] ? f.hotkeys[i].replace("Shift+", "⇧") : "";
        const b = h("button", { type: "button", class: "af-opt", "data-option": o, title: f.tooltips[i],
          role: multi ? "checkbox" : "radio", "aria-checked": "false" },
        key ? h("kbd", { text: key }) : null, h("span", { class: "af-optname", text: o }));
        b.addEventListener("click", () => { choose(f.name, o); focusRoot(); });
        c.buttons.push(b);
        grid.append(b);
      });
      c.set = (v) => {
        const chosen = multi ? new Set(v || []) : new Set(v ? [v] : []);
        c.buttons.forEach((b) => b.setAttribute("aria-checked", String(chosen.has(b.dataset.option))));
      };
      c.inputs = c.buttons;
      wrap.append(grid);
    }
    controls[f.name] = c;
    return wrap;
  }

  // A hotkey or a click: a single choice takes the option (again: clears it); a multi choice toggles it.
  function choose(name, option) {
    const f = byName[name];
    if (f.type === "multi") {
      const now = new Set(local[name] || []);
      if (now.has(option)) now.delete(option); else now.add(option);
      local[name] = f.options.filter((o) => now.has(o));
    } else {
      local[name] = local[name] === option && !pending[name] ? "" : option;
    }
    confirmField(name);
    update();
  }

  function confirmField(name) {
    if (pending[name]) { delete pending[name]; update(); }
  }

  // -- drawing --------------------------------------------------------------------------------------
  function chosenSet(v) { return new Set(Array.isArray(v) ? v : (v ? String(v).split(spec.separator) : [])); }

  function brokenRules() {
    return spec.rules.filter((r) => {
      if (r.kind === "distinct") {
        const a = chosenSet(local[r.fields[0]]), b = chosenSet(local[r.fields[1]]);
        return [...a].some((x) => b.has(x));
      }
      return chosenSet(local[r.fields[0]]).has(r.when) && chosenSet(local[r.fields[1]]).size === 0;
    });
  }

  function update() {
    for (const f of spec.fields) {
      const c = controls[f.name];
      c.set(local[f.name]);
      const s = pending[f.name];
      c.wrap.classList.toggle("af-suggested", !!s);
      c.suggest.textContent = "";
      if (s) {
        const use = h("button", { type: "button", class: "af-link annotate-accept", text: "use it",
          title: "confirm the reviewers' value for this field" });
        use.addEventListener("click", () => { confirmField(f.name); focusRoot(); });
        c.suggest.append(`suggested: ${Array.isArray(s.value) ? s.value.join(", ") : s.value} (${s.note}) `, use);
      }
    }
    acceptAll.hidden = Object.keys(pending).length === 0;
    const broken = brokenRules();
    warn.textContent = broken.map((r) => r.message).join(" ");
    for (const f of spec.fields) controls[f.name].wrap.classList.toggle("af-rule", broken.some((r) => r.fields.includes(f.name)));
    // The primary frame's twin among the secondary frames cannot be ticked (a distinct rule).
    for (const r of spec.rules.filter((x) => x.kind === "distinct")) {
      const taken = chosenSet(local[r.fields[0]]);
      for (const b of controls[r.fields[1]].buttons || []) b.classList.toggle("af-taken", taken.has(b.dataset.option));
    }
  }

  function drawScreen() {
    screen = model.get("screen");
    if (screen.token === token) return;
    token = screen.token;
    local = JSON.parse(JSON.stringify(screen.values || {}));
    pending = {};
    for (const [name, s] of Object.entries(screen.suggestions || {})) {
      const f = byName[name];
      if (!f) continue;
      pending[name] = { note: s.note, value: f.type === "multi" ? s.value.split(spec.separator) : s.value };
      local[name] = pending[name].value;
    }
    const p = screen.progress || { done: 0, total: 0, word: "labelled", skipped: 0 };
    fill.style.width = p.total ? `${(100 * p.done) / p.total}%` : "0%";
    count.textContent = `${p.done} of ${p.total} ${p.word}${p.skipped ? ` · ${p.skipped} skipped` : ""}`;
    note.textContent = screen.note || "";
    side.innerHTML = screen.side_html || "";  // built and escaped by the kernel (adjudication.reviews_html)
    fieldsBox.hidden = acceptAll.hidden = !!screen.end;
    closeConfirm();
    scroll.scrollTop = 0;
    const box = root && root.querySelector(".annotate-text-box");
    if (box) box.scrollTop = 0;
    if (root && form.contains(document.activeElement)) focusRoot();
    update();
    enable();
  }

  function drawStatus() {
    const s = model.get("status");
    status.textContent = s.text || "";
    status.dataset.level = s.level || "info";
    for (const f of spec.fields) controls[f.name].wrap.classList.toggle("annotate-missing", (s.invalid || []).includes(f.name));
    if (waiting && s.ack >= waiting) {
      waiting = 0;
      clearTimeout(slowTimer);
      enable();
    }
  }

  function enable() {
    const can = screen.can || {};
    const busy = waiting > 0;
    form.classList.toggle("annotate-busy", busy);
    if (root) root.classList.toggle("annotate-busy", busy);
    back.disabled = busy || !can.back;
    skip.disabled = busy || !can.skip;
    undo.disabled = busy || !can.undo;
    save.disabled = busy || !can.save;
    firstOpen.hidden = !can.first_open;
    firstOpen.disabled = busy;
    undo.title = can.undo_what ? `undo: ${can.undo_what} (u)` : "nothing to undo";
    for (const f of spec.fields) for (const i of controls[f.name].inputs) i.disabled = busy;
    acceptAll.disabled = yes.disabled = busy;
  }

  // -- actions --------------------------------------------------------------------------------------
  function send(action, confirm = false) {
    if (waiting) { flash("Wait: the last action is still being saved."); return; }
    const can = screen.can || {};
    if (action !== "first_open" && !can[action]) return;
    if (action === "skip" && !confirm && screen.stored_action === "label") { openConfirm(); return; }
    if (action === "save" && Object.keys(pending).length) {
      const names = Object.keys(pending).map((n) => byName[n].label).join(", ");
      say(`Confirm or change the suggested values first (${names}): click them, or "Use every suggested value".`, "error", Object.keys(pending));
      return;
    }
    seq += 1;
    waiting = seq;
    closeConfirm();
    const values = JSON.parse(JSON.stringify(local));
    for (const name of Object.keys(pending)) values[name] = byName[name].type === "multi" ? [] : "";
    model.send({ kind: "action", action, token, seq, values, confirm });
    status.textContent = action === "save" ? "Saving…" : "…";
    status.dataset.level = "info";
    enable();
    clearTimeout(slowTimer);
    slowTimer = setTimeout(() => { if (waiting) say("Still waiting for the kernel… is it running?", "error"); }, SLOW_KERNEL_MS);
  }

  function say(text, level, invalid = []) {
    status.textContent = text;
    status.dataset.level = level;
    for (const f of spec.fields) controls[f.name].wrap.classList.toggle("annotate-missing", invalid.includes(f.name));
  }

  function flash(text) {
    say(text, "error");
    form.classList.add("af-flash");
    setTimeout(() => form.classList.remove("af-flash"), FLASH_MS);
  }

  function openConfirm() {
    confirming = true;
    confirmText.textContent = `This article has your label (${screen.stored_when || "saved earlier"}). A skip would replace it. `;
    confirmBar.hidden = false;
    yes.focus();
  }

  function closeConfirm() {
    if (confirming && confirmBar.contains(document.activeElement)) focusRoot();
    confirming = false;
    confirmBar.hidden = true;
  }

  function toggleHelp(open = !helpOpen) {
    helpOpen = open;
    helpBox.hidden = !open;
  }

  function focusRoot() { if (root) root.focus({ preventScroll: true }); }

  back.addEventListener("click", () => send("back"));
  skip.addEventListener("click", () => send("skip"));
  undo.addEventListener("click", () => send("undo"));
  save.addEventListener("click", () => send("save"));
  firstOpen.addEventListener("click", () => send("first_open"));
  yes.addEventListener("click", () => send("skip", true));
  no.addEventListener("click", () => { closeConfirm(); say("Nothing skipped: your label stands.", "info"); focusRoot(); });
  acceptAll.addEventListener("click", () => { pending = {}; update(); focusRoot(); });
  helpLink.addEventListener("click", () => { toggleHelp(); focusRoot(); });

  // -- keys -----------------------------------------------------------------------------------------
  function onKey(e) {
    if (e.isComposing || e.keyCode === 229) return;
    const t = e.target;
    if (isTextEntry(t)) {
      e.stopPropagation();  // a text box's keys are its own, and never a notebook command
      if (e.key === "Escape") { e.preventDefault(); focusRoot(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;  // the browser's and JupyterLab's own (Ctrl+S ...)
    e.stopPropagation();  // no plain key pressed in the panel reaches the notebook ("d d" deletes a cell)
    const k = keyName(e);
    if (k === "?") { e.preventDefault(); toggleHelp(); return; }
    if (k === "Escape") { e.preventDefault(); if (helpOpen) toggleHelp(false); else if (confirming) no.click(); return; }
    if (k in SCROLL_KEYS && (t === root || !t.closest(".af-scroll, .annotate-text-box"))) {
      const box = root.querySelector(".annotate-text-box");
      if (box) {
        e.preventDefault();
        const step = SCROLL_KEYS[k];
        box.scrollBy({ top: Math.abs(step) < 1 ? step * box.clientHeight : step });
      }
      return;
    }
    if (t.tagName === "BUTTON" && !t.classList.contains("af-opt") && (k === "Enter" || k === " ")) return;  // a click
    if (confirming) {
      if (k === "y") { e.preventDefault(); yes.click(); }
      return;
    }
    const command = { Enter: "save", s: "skip", u: "undo", ArrowLeft: "back", ArrowRight: "forward" }[k];
    if (command) {
      e.preventDefault();
      if (!e.repeat) send(command);
      return;
    }
    if (hotkeys[k] && !screen.end) {
      e.preventDefault();
      if (waiting) { flash("Wait: the last action is still being saved."); return; }
      choose(...hotkeys[k]);
    }
  }

  function onPointer(e) {
    if (waiting && form.contains(e.target)) { e.preventDefault(); e.stopPropagation(); flash("Wait: the last action is still being saved."); }
  }

  function showKeysState() {
    const a = document.activeElement;
    const inside = root && root.contains(a);
    keysState.textContent = !inside ? "click the panel for keys" : isTextEntry(a) ? "typing (Esc for keys)" : "keys on";
    keysState.dataset.on = String(inside && !isTextEntry(a));
  }

  // The panel's root is an ipywidgets box drawn around this widget; it may not be in the page yet.
  let tries = 0, attachTimer = null;
  function attach() {
    root = el.closest(".annotate-panel");
    if (!root) {
      if (++tries < 200) attachTimer = setTimeout(attach, 25);
      return;
    }
    root.tabIndex = 0;
    root.setAttribute("data-lm-suppress-shortcuts", "true");  // JupyterLab: no notebook shortcut in here
    root.addEventListener("keydown", onKey);
    root.addEventListener("pointerdown", onPointer, true);
    root.addEventListener("focusin", showKeysState);
    root.addEventListener("focusout", () => setTimeout(showKeysState, 0));
    showKeysState();
    // A page of its own (Voilà): take the keys at once. In a notebook, wait for a click.
    if (document.activeElement === document.body || document.activeElement === null) focusRoot();
  }

  model.on("change:screen", drawScreen);
  model.on("change:status", drawStatus);
  drawScreen();
  drawStatus();
  attach();
  return () => {
    clearTimeout(attachTimer);
    clearTimeout(slowTimer);
    if (root) {
      root.removeEventListener("keydown", onKey);
      root.removeEventListener("pointerdown", onPointer, true);
      root.removeEventListener("focusin", showKeysState);
    }
  };
}

export default { render };
