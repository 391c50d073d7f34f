// The review panel's inputs, buttons and keys (annotate.widgets.form.LabelForm).
//
// Keys are read on the panel's root element, never on the document and never on hover: while focus is
// in a text box every key types; otherwise the panel's keys act, and no key pressed in the panel reaches
// the notebook. Each action is sent with the values on screen and the screen's token, and the inputs are
// disabled until the kernel acknowledges it, so no click lands on an article it was not made on. Moving
// away from unsaved changes asks first. Nothing on the panel changes size as the state changes, so the
// buttons never move under the mouse.

const TEXT_INPUTS = new Set(["text", "search", "email", "url", "tel", "password", "number", "date",
  "datetime-local", "month", "time", "week"]);
// A single choice with more options than this is a drop-down list instead of a grid of buttons.
const MAX_OPTION_BUTTONS = 24;
// After this long without an answer the panel says it is still waiting for the kernel, and then that
// the kernel may have stopped (the first score of a session can take a few seconds).
const SLOW_KERNEL_MS = 3000;
const DEAD_KERNEL_MS = 20000;
// How long a refusal ("wait: saving…") stays highlighted.
const FLASH_MS = 1200;
// Keys that scroll the article: pixels, or a fraction of the box's height, or to an end.
const SCROLL_KEYS = { ArrowUp: -40, ArrowDown: 40, PageUp: -0.9, PageDown: 0.9, " ": 0.9, Home: "top", End: "bottom" };
const COMMANDS = { Enter: "save", s: "skip", u: "undo", ArrowLeft: "back", ArrowRight: "forward" };
// Actions that put another article (or other values) on screen: unsaved changes are lost, so they ask.
const LEAVING = new Set(["back", "forward", "first_open", "undo", "skip"]);
const BUSY = "Wait: the last action is still being saved.";
// A "y" sooner than this after a question opened is no answer to it: nobody reads "a skip would replace your
// label" that fast, while a word typed into the panel does it ("Syria": "s" asks, "y" came 150 ms later).
// Typing runs at 100-250 ms a key; reading the question takes well over half a second.
const CONFIRM_MIN_MS = 500;
// The controls that set a value with the mouse: picking one mid-note leaves the keys typing in the note.
const VALUE_CONTROLS = ".af-opt, .af-clear, .annotate-accept, .annotate-accept-all, select";

function isTextEntry(el) {
  if (!el || el.nodeType !== 1) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  return el.tagName === "INPUT" && TEXT_INPUTS.has((el.getAttribute("type") || "text").toLowerCase());
}

// The key as codebooks name it, whatever the keyboard layout: the key that types a digit is that digit
// (on AZERTY that needs Shift); the same key typing its other sign is "Shift+<digit>"; letters are
// lower-case with "Shift+" when Shift is held (Caps Lock alone changes nothing); anything else is its name.
function keyName(e) {
  if (/^[0-9]$/.test(e.key)) return e.key;
  const digit = /^Digit([0-9])$/.exec(e.code || "");
  if (digit) return "Shift+" + digit[1];
  if (/^[a-zA-Z]$/.test(e.key)) return (e.shiftKey ? "Shift+" : "") + e.key.toLowerCase();
  return e.key;
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
  const textField = spec.fields.find((f) => f.type === "text");

  let screen = {}, local = {}, initial = "{}", pending = {}, token = -1, seq = 0, waiting = 0;
  let slowTimer = null, deadTimer = null, onYes = null, askedAt = 0, helpOpen = false, root = null, refused = false;
  // The text box a reviewer was typing in when a click on the article (to select or copy its words) or on an
  // option (to set a value mid-note) took the focus: until Esc or a click on an action, keys still type there,
  // so no word becomes a command ("they say yes" after such a click once skipped the article: "s" asked, "y"
  // answered, and the label and the note were lost).
  let typingIn = null;
  const controls = {};  // field name -> { wrap, set(value), inputs: [...], buttons: [...] }

  // -- layout ---------------------------------------------------------------------------------------
  const fill = h("div", { class: "af-fill" });
  const count = h("span", { class: "annotate-count" });
  const keysState = h("span", { class: "annotate-keys-state" });
  const helpLink = h("button", { class: "af-link annotate-help-link", type: "button", title: "keys (?)", text: "? Keys" });
  const who = h("span", { class: "annotate-reviewer", text: `${spec.role}: ${spec.reviewer}`, title: `${spec.role}: ${spec.reviewer}` });
  const top = h("div", { class: "af-top annotate-header" },
    h("div", { class: "af-bar annotate-progress", role: "progressbar" }, fill), count, who, keysState, helpLink);
  const btn = (cls, text, title) => h("button", { class: `af-btn ${cls}`, type: "button", title, text });
  const back = btn("annotate-back", "← Back", "previous article (←)");
  const skip = btn("annotate-skip", "Skip", "skip this article (s)");
  const undo = btn("annotate-undo", "↶ Undo", "undo your last save or skip (u)");
  const firstOpen = btn("annotate-first-open", "First open", "the first article still to do");
  const save = btn("af-primary annotate-save", "Save & next ⏎", "save and go to the next article (Enter)");
  if (!spec.can_skip) skip.hidden = true;
  const actions = h("div", { class: "af-actions annotate-buttons" }, back, skip, undo, firstOpen,
    h("span", { class: "af-spacer" }), save);
  const status = h("div", { class: "af-status annotate-status", role: "status", "aria-live": "polite" });
  const note = h("div", { class: "af-note annotate-stored" });
  const yes = btn("annotate-confirm-yes", "Yes (y)", "");
  const no = btn("annotate-confirm-no", "No (Esc)", "do nothing");
  const confirmText = h("span");
  const confirmBar = h("div", { class: "af-confirm annotate-confirm", role: "alertdialog" }, confirmText, yes, no);
  confirmBar.hidden = true;
  const side = h("div", { class: "af-side annotate-reviews" });
  const acceptAll = btn("annotate-accept-all", "Use every suggested value", "confirm all the reviewers' values shown as suggestions");
  const fieldsBox = h("div", { class: "af-fields annotate-fields" });
  const scroll = h("div", { class: "af-scroll" }, side, acceptAll, fieldsBox);
  const helpBox = h("div", { class: "af-help annotate-help", role: "dialog", "aria-label": "keys" });
  helpBox.hidden = true;
  const form = h("div", { class: "af" }, top, actions, status, note, h("div", { class: "af-below" }, confirmBar, scroll), helpBox);
  el.append(form);
  if (!spec.suggests) acceptAll.classList.add("af-none");  // only adjudication offers suggestions

  helpBox.append(h("b", { text: "Keys" }), h("span", { class: "af-muted", text: " — click the panel (not a text box) first" }));
  const table = h("table");
  for (const [k, what] of spec.keys) table.append(h("tr", {}, h("td", {}, h("kbd", { text: k })), h("td", { text: what })));
  helpBox.append(table);

  // -- inputs ---------------------------------------------------------------------------------------
  for (const f of spec.fields) fieldsBox.append(buildField(f));

  function buildField(f) {
    const label = h("span", { class: "af-label", text: f.label, title: f.help.split("\n")[0] });
    const head = h("div", { class: "af-head" }, label, f.required ? h("b", { class: "af-req", title: "required", text: " *" }) : null);
    const clear = h("button", { type: "button", class: "af-link af-clear", text: "clear", title: "leave this field empty" });
    const suggest = h("span", { class: "af-suggest" });
    if (f.type === "single" || f.type === "rating") head.append(clear);
    head.append(suggest);
    const wrap = h("div", { class: `af-field annotate-field annotate-field-${f.name.replace(/[^A-Za-z0-9_-]/g, "-")}` }, head);
    if (f.help && f.help.includes("\n")) {
      head.append(h("details", { class: "af-more" }, h("summary", { text: "(?)", title: "what this field means" }),
        h("div", { class: "af-helptext", text: f.help })));
    }
    const c = { wrap, suggest, clear, buttons: [] };
    clear.addEventListener("click", () => { change(f.name, ""); backToPanel(); });
    if (f.type === "text") {
      const area = h("textarea", { rows: "2", class: "af-text", "aria-label": f.label, placeholder: f.help.split("\n")[0] });
      area.addEventListener("input", () => {
        // A label row is one line, so line breaks are stored as spaces: show them as spaces at once.
        if (/[\r\n]/.test(area.value)) {
          const caret = area.selectionStart;
          area.value = area.value.replace(/\r\n?|\n/g, " ");
          area.setSelectionRange(caret, caret);
        }
        change(f.name, area.value, false);
      });
      area.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
          e.preventDefault();  // a line break is stored as a space, so it types one ("line one line two")
          typeInto(area, " ");
          say("Notes are one line: a line break is a space. Ctrl+Enter saves; Esc leaves the box.", "info");
        } else if (e.key === "Tab" && !e.ctrlKey && !e.metaKey && !e.altKey) {
          // Tab would carry the keys out of the panel while the reviewer thinks they are typing.
          e.preventDefault();
          say("The keys stay in Notes: Esc leaves the box (Tab then moves between the buttons).", "info");
        }
      });
      c.set = (v) => { if (area.value !== (v || "")) area.value = v || ""; };  // keep the caret while typing
      c.inputs = [area];
      c.area = area;
      wrap.append(area);
    } else if (f.type === "single" && f.options.length > MAX_OPTION_BUTTONS) {
      const select = h("select", { "aria-label": f.label }, h("option", { value: "", text: "–" }));
      f.options.forEach((o, i) => select.append(h("option", { value: o, text: f.hotkeys[i] ? `${f.hotkeys[i]} · ${o}` : o })));
      // Picked with the mouse mid-note: the keys go back to the note, not on to the list ("p" would pick an option).
      select.addEventListener("change", () => { change(f.name, select.value); if (typingIn) backToPanel(); });
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
        b.addEventListener("click", () => { choose(f.name, o); backToPanel(); });
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

  // A hotkey or a click: a single choice takes the option (again: it stays); a multi choice toggles it.
  function choose(name, option) {
    if (cannotLabel("edit")) return;
    const f = byName[name];
    if (f.type !== "multi") { change(name, option); return; }
    const now = new Set(pending[name] ? [] : local[name] || []);
    if (now.has(option)) now.delete(option); else now.add(option);
    change(name, f.options.filter((o) => now.has(o)));
  }

  // An article that cannot be labelled (an unreadable record): its inputs take nothing, and say why.
  function cannotLabel(action) {
    const can = screen.can || {};
    if (can[action] !== false || !can.refused) return false;
    say(can.refused, "error");
    return true;
  }

  function change(name, value, redraw = true) {
    local[name] = value;
    delete pending[name];
    if (status.dataset.level === "error" && !waiting) say("", "info");  // an old refusal no longer applies
    if (redraw) update(); else checkRules();
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

  // Live rule checks: the fields are outlined, and the message takes the status line unless it is busy.
  function checkRules() {
    const broken = brokenRules();
    for (const f of spec.fields) controls[f.name].wrap.classList.toggle("af-rule", broken.some((r) => r.fields.includes(f.name)));
    if (broken.length && !waiting && status.dataset.level !== "error") say(broken.map((r) => r.message).join(" "), "warn");
    else if (!broken.length && status.dataset.level === "warn") say("", "info");
  }

  function update() {
    for (const f of spec.fields) {
      const c = controls[f.name];
      c.set(local[f.name]);
      const s = pending[f.name];
      c.wrap.classList.toggle("af-suggested", !!s);
      c.clear.classList.toggle("af-absent", !local[f.name] || !!s);
      c.suggest.textContent = "";
      if (s) {
        const use = h("button", { type: "button", class: "af-link annotate-accept", text: "use it",
          title: "confirm the reviewers' value for this field" });
        use.addEventListener("click", () => { confirmField(f.name); backToPanel(); });
        c.suggest.append(`suggested: ${Array.isArray(s.value) ? s.value.join(", ") : s.value} (${s.note}) `, use);
      }
    }
    acceptAll.disabled = waiting > 0 || Object.keys(pending).length === 0;
    // The primary frame's twin among the secondary frames is shown as taken (a distinct rule).
    for (const r of spec.rules.filter((x) => x.kind === "distinct")) {
      const taken = chosenSet(local[r.fields[0]]);
      for (const b of controls[r.fields[1]].buttons || []) b.classList.toggle("af-taken", taken.has(b.dataset.option));
    }
    checkRules();
  }

  function snapshot() {
    const mine = {};
    for (const f of spec.fields) if (!pending[f.name]) mine[f.name] = local[f.name] ?? (f.type === "multi" ? [] : "");
    return mine;
  }

  function unchangedSnapshot() {
    const base = JSON.parse(initial);
    for (const name of Object.keys(pending)) delete base[name];
    return JSON.stringify(base);
  }

  function dirty() { return JSON.stringify(snapshot()) !== unchangedSnapshot(); }

  function changedLabels() {
    const now = snapshot(), base = JSON.parse(unchangedSnapshot());
    return spec.fields.filter((f) => f.name in now && JSON.stringify(now[f.name]) !== JSON.stringify(base[f.name] ?? ""))
      .map((f) => f.label);
  }

  function drawScreen() {
    screen = model.get("screen");
    if (screen.token === token) return;
    token = screen.token;
    typingIn = null;
    local = JSON.parse(JSON.stringify(screen.values || {}));
    pending = {};
    for (const [name, s] of Object.entries(screen.suggestions || {})) {
      const f = byName[name];
      if (!f) continue;
      pending[name] = { note: s.note, value: f.type === "multi" ? s.value.split(spec.separator) : s.value };
      local[name] = pending[name].value;
    }
    initial = JSON.stringify(Object.fromEntries(spec.fields.map((f) => [f.name, (screen.values || {})[f.name] ?? ""])));
    const p = screen.progress || { done: 0, total: 0, word: "labelled", skipped: 0 };
    fill.style.width = p.total ? `${(100 * p.done) / p.total}%` : "0%";
    // Thousands separated as the Python side writes them ("1,204 of 100,000"): a long count is read at a glance.
    const n = (x) => x.toLocaleString("en-US");
    count.textContent = `${n(p.done)} of ${n(p.total)} ${p.word}${p.skipped ? ` · ${n(p.skipped)} skipped` : ""}`;
    note.textContent = screen.note || "";
    note.title = screen.note || "";
    side.innerHTML = screen.side_html || "";  // built and escaped by the kernel (adjudication.reviews_html)
    form.classList.toggle("af-end", !!screen.end);
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
    if (waiting && s.ack >= waiting) {
      waiting = 0;
      clearTimeout(slowTimer);
      clearTimeout(deadTimer);
    }
    if (refused && !waiting && s.level === "ok") {
      // A click or key made while saving was refused; say so after the answer too, not only for a moment.
      // Its own level: a "warn" is a rule's message, which the next article's drawing clears.
      say(`${s.text} (a click or key made while saving was not applied: do it again)`, "refused", s.invalid || []);
      refused = false;
    } else {
      say(s.text || "", s.level || "info", s.invalid || []);
    }
    enable();
    if (!s.text) checkRules();
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
    firstOpen.classList.toggle("af-absent", !can.first_open);
    firstOpen.disabled = busy || !can.first_open;
    undo.title = can.undo_what ? `undo ${can.undo_what} (u)` : "nothing to undo";
    for (const f of spec.fields) for (const i of controls[f.name].inputs) i.disabled = busy || can.edit === false;
    acceptAll.disabled = busy || Object.keys(pending).length === 0;
    yes.disabled = busy;
  }

  // -- actions --------------------------------------------------------------------------------------
  function send(action, confirmed = false) {
    focusRoot();  // a clicked button is disabled while saving, which would throw the focus (and the keys) away
    if (waiting) { flash(BUSY); return; }
    const can = screen.can || {};
    if (action === "save" && cannotLabel("save")) return;
    if (action !== "first_open" && !can[action]) return;
    if (action === "first_open" && !can.first_open) return;
    if (!confirmed && LEAVING.has(action)) {
      const labelled = action === "skip" && screen.stored_action === "label";
      const changed = dirty();
      if (labelled || changed) {
        const what = labelled ? `This article has your label (${screen.stored_when || "saved earlier"}); a skip would replace it.`
          : `Your changes to this article are not saved (${changedLabels().join(", ")}).`;
        const go = { skip: "Skip anyway", back: "Discard and go back", forward: "Discard and go on",
          first_open: "Discard and go", undo: "Discard and undo" }[action];
        ask(`${what}${labelled && changed ? " Your unsaved changes would be lost too." : ""}`, `${go} (y)`, () => send(action, true));
        return;
      }
    }
    if (action === "save" && Object.keys(pending).length) {
      const names = Object.keys(pending).map((n) => byName[n].label).join(", ");
      say(`Confirm or change the suggested values first (${names}): click them, or "Use every suggested value".`, "error", Object.keys(pending));
      return;
    }
    seq += 1;
    closeConfirm();
    try {
      model.send({ kind: "action", action, token, seq, values: snapshot(), confirm: confirmed && action === "skip" });
    } catch (err) {  // no connection to the kernel: nothing was sent, so nothing can have been saved
      say(`Not ${action === "save" ? "saved" : "done"}: the connection to the kernel is lost (${err && err.message || err}). ` +
        "Reload the page; every label shown as Saved is on disk.", "error");
      return;
    }
    waiting = seq;
    refused = false;
    say(action === "save" ? "Saving…" : "…", "info");
    enable();
    clearTimeout(slowTimer);
    clearTimeout(deadTimer);
    slowTimer = setTimeout(() => { if (waiting) say("Still waiting for the kernel…", "info"); }, SLOW_KERNEL_MS);
    deadTimer = setTimeout(() => {
      if (waiting) say("No answer from the kernel: it may have stopped. Reload the page; every label shown as Saved is on disk.", "error");
    }, DEAD_KERNEL_MS);
  }

  function say(text, level, invalid = []) {
    status.textContent = text;
    status.title = text;
    status.dataset.level = level;
    for (const f of spec.fields) controls[f.name].wrap.classList.toggle("annotate-missing", invalid.includes(f.name));
  }

  function flash(text) {
    refused = true;
    say(text, "error");
    form.classList.add("af-flash");
    setTimeout(() => form.classList.remove("af-flash"), FLASH_MS);
  }

  function ask(text, yesText, then) {
    onYes = then;
    confirmText.textContent = text + " ";
    yes.textContent = yesText;
    confirmBar.hidden = false;
    askedAt = performance.now();
    focusRoot();
  }

  function closeConfirm() {
    onYes = null;
    confirmBar.hidden = true;
  }

  function toggleHelp(open = !helpOpen) {
    helpOpen = open;
    helpBox.hidden = !open;
  }

  function focusRoot() { typingIn = null; if (root) root.focus({ preventScroll: true }); }

  // After a value set with the mouse: the panel keeps the focus (a clicked button would take it), and a reviewer
  // who was writing a note goes on typing in it (see onPointerTrack).
  function backToPanel() { if (root) root.focus({ preventScroll: true }); showKeysState(); }

  // Type ``text`` at the caret of a text box, as the keyboard would (the input event saves it in ``local``).
  function typeInto(area, text) {
    area.focus({ preventScroll: true });
    area.setRangeText(text, area.selectionStart, area.selectionEnd, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // A key pressed after a click on the article while typing: it goes on typing, in the box it was meant for.
  function keepTyping(e) {
    const area = typingIn;
    if (e.key === "Escape") { e.preventDefault(); focusRoot(); showKeysState(); return true; }
    const typed = e.key.length === 1 || e.key === "Enter" || e.key === "Backspace";
    if (!typed || e.ctrlKey || e.metaKey || e.altKey) return false;  // Ctrl+C copies what was selected
    e.preventDefault();
    typingIn = null;
    if (e.key === "Backspace") {
      if (area.selectionStart === area.selectionEnd && area.selectionStart > 0) area.selectionStart -= 1;
      typeInto(area, "");
    } else {
      typeInto(area, e.key === "Enter" ? " " : e.key);
    }
    return true;
  }

  // Where a pointer goes down: on an action (save, skip, a link) it is a deliberate use of the panel (the keys are
  // its own again); on the article, or on an option picked mid-note, the keys stay with the text box being typed in.
  function onPointerTrack(e) {
    const a = document.activeElement;
    const typing = isTextEntry(a) && a.tagName !== "SELECT" && root.contains(a) ? a : typingIn;
    const control = e.target.closest ? e.target.closest("button, select, input, textarea, summary, a, label") : null;
    if (control && control.matches(VALUE_CONTROLS)) typingIn = typing;
    else if (control) typingIn = null;
    else if (typing) typingIn = typing;
  }

  // Leaving the page (reload, close, another address) with unsaved changes asks first, as ← and → do.
  function onLeavePage(e) {
    if (screen.end || !dirty()) return;
    e.preventDefault();
    e.returnValue = "";
    // Runs only if the reviewer stays. Voilà's own handler has closed the kernel connection by then
    // (it ran first and cannot be stopped), so the choices on screen can no longer be saved: say so now.
    setTimeout(checkConnection, 0);
  }

  function checkConnection() {
    try {
      model.send({ kind: "ping" });  // the kernel ignores it; a closed connection throws
    } catch (err) {
      say("Leaving was cancelled, but the page had already closed its connection to the kernel: the unsaved " +
        "choices on screen cannot be saved here. Note them, reload the page and enter them again.", "error");
    }
  }

  back.addEventListener("click", () => send("back"));
  skip.addEventListener("click", () => send("skip"));
  undo.addEventListener("click", () => send("undo"));
  save.addEventListener("click", () => send("save"));
  firstOpen.addEventListener("click", () => send("first_open"));
  yes.addEventListener("click", () => { const then = onYes; closeConfirm(); if (then) then(); });
  no.addEventListener("click", () => { closeConfirm(); say("Nothing done.", "info"); focusRoot(); });
  acceptAll.addEventListener("click", () => { pending = {}; update(); backToPanel(); });
  helpLink.addEventListener("click", () => { toggleHelp(); focusRoot(); });

  // -- keys -----------------------------------------------------------------------------------------
  function scrollArticle(k) {
    const box = root.querySelector(".annotate-text-box");
    if (!box) return false;
    const step = SCROLL_KEYS[k];
    if (step === "top") box.scrollTop = 0;
    else if (step === "bottom") box.scrollTop = box.scrollHeight;
    else box.scrollBy({ top: Math.abs(step) < 1 ? step * box.clientHeight : step });
    return true;
  }

  function onKey(e) {
    if (e.isComposing || e.keyCode === 229) return;
    const t = e.target;
    if (!isTextEntry(t) && typingIn && root.contains(typingIn)) {
      e.stopPropagation();
      if (keepTyping(e)) return;
    }
    if (isTextEntry(t)) {
      e.stopPropagation();  // a text box's keys are its own, and never a notebook command
      if (e.key === "Escape") { e.preventDefault(); focusRoot(); }
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send("save"); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;  // the browser's and JupyterLab's own (Ctrl+S ...)
    e.stopPropagation();  // no plain key pressed in the panel reaches the notebook ("d d" deletes a cell)
    const k = keyName(e);
    if (k === "?") { e.preventDefault(); toggleHelp(); return; }
    if (k === "Escape") { e.preventDefault(); if (helpOpen) toggleHelp(false); else if (onYes) no.click(); return; }
    if (k in SCROLL_KEYS && (t === root || !t.closest(".af-scroll, .annotate-text-box"))) {
      if (scrollArticle(k)) e.preventDefault();
      return;
    }
    // Enter or Space on one of the form's own buttons is its click; on anything else (the kind toggles), a key.
    if (t.tagName === "BUTTON" && form.contains(t) && !t.classList.contains("af-opt") && (k === "Enter" || k === " ")) return;
    if (onYes) {
      // Only a deliberate "y" answers; Enter explains; any other key (a word typed into the panel) is a "no".
      e.preventDefault();
      if (k === "Enter") say(`Press y for "${yes.textContent.replace(/ \(y\)$/, "")}", or n or Esc to leave it.`, "warn");
      else if (k === "y" && performance.now() - askedAt >= CONFIRM_MIN_MS) yes.click();
      else if (k === "n") no.click();
      else if (k.length === 1 || k.startsWith("Shift+")) {
        closeConfirm();
        const why = k === "y" ? "came too soon after the question to answer it" : "came while a question was open";
        say(`Nothing done: "${e.key}" ${why}, so it was taken as "no". ` +
          "Typing? Click in Notes first (the badge says \"typing\").", "info");
        showKeysState();
      }
      return;
    }
    if (k === "n" && textField && !screen.end && !waiting) {  // jump to the notes
      e.preventDefault();
      controls[textField.name].area.focus();
      return;
    }
    const command = COMMANDS[k];
    if (command) {
      e.preventDefault();
      if (!e.repeat) send(command);
      return;
    }
    if (hotkeys[k] && !screen.end) {
      e.preventDefault();
      if (waiting) { flash(BUSY); return; }
      choose(...hotkeys[k]);
    }
  }

  function onPointer(e) {
    if (waiting && form.contains(e.target)) { e.preventDefault(); e.stopPropagation(); flash(BUSY); }
  }

  function showKeysState() {
    const a = document.activeElement;
    const inside = root && root.contains(a);
    const typing = inside && (isTextEntry(a) || !!typingIn);
    keysState.textContent = !inside ? "keys off" : typing ? "typing" : "keys on";
    keysState.title = !inside ? "click the panel to use the keys" : typing ? "every key types here; Esc for the keys" : "the keys act on the panel (? for the list)";
    keysState.dataset.on = String(inside && !typing);
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
    root.addEventListener("pointerdown", onPointerTrack, true);
    root.addEventListener("focusin", showKeysState);
    root.addEventListener("focusout", () => setTimeout(showKeysState, 0));
    showKeysState();
    // A page of its own (Voilà), or the sign-in button just replaced by the panel: take the keys at once.
    if (document.activeElement === document.body || document.activeElement === null) focusRoot();
  }

  window.addEventListener("beforeunload", onLeavePage);
  model.on("change:screen", drawScreen);
  model.on("change:status", drawStatus);
  drawScreen();
  drawStatus();
  attach();
  return () => {
    clearTimeout(attachTimer);
    clearTimeout(slowTimer);
    clearTimeout(deadTimer);
    window.removeEventListener("beforeunload", onLeavePage);
    if (root) {
      root.removeEventListener("keydown", onKey);
      root.removeEventListener("pointerdown", onPointer, true);
      root.removeEventListener("pointerdown", onPointerTrack, true);
      root.removeEventListener("focusin", showKeysState);
    }
  };
}

export default { render };
