// xxgk-lint serve: the page. Sends the chosen report to /v1/view on this server (nowhere else),
// then draws the summary, the findings, the section tables as grids and the text view, and links
// them: selecting a finding selects its cells and its spans.
"use strict";

const STRINGS = {
  zh: {
    heading: "政府信息公开工作年度报告检查",
    otherLang: "English",
    drop: "把报告文件拖到这里，或选择文件（.docx、.html、.txt、.pdf）",
    privacy: "文件只发送到本机的检查服务，在内存中检查，不保存、不上传到其他地方。",
    token: "访问令牌",
    downloadJson: "下载 JSON",
    downloadSarif: "下载 SARIF",
    findings: "问题",
    tables: "表格",
    text: "正文",
    checking: (n) => `正在检查 ${n} …`,
    checked: (n, ms) => `已检查 ${n}（${ms} 毫秒）`,
    needToken: "此服务需要访问令牌：请在上面输入后重新选择文件。",
    failed: "检查失败：",
    pass: "可以发布",
    fail: "不能发布",
    failOn: (l) => `（${l} 及以上即不通过）`,
    errors: "错误",
    warnings: "警告",
    infos: "提示",
    notAssessable: "无法评估",
    none: "没有发现问题。",
    explain: "规则说明",
    hide: "收起说明",
    labels: "位置",
    cells: "单元格",
    path: "路径",
    raw: "原文",
    value: "数值",
    where: "位置",
    absent: "缺失",
    ambiguous: "不确定",
    lineCol: (l, c) => `第 ${l} 行第 ${c} 列`,
    sev: { error: "错误", warning: "警告", info: "提示" },
  },
  en: {
    heading: "Annual government-information-disclosure report check",
    otherLang: "中文",
    drop: "Drop a report here, or choose a file (.docx, .html, .txt, .pdf)",
    privacy: "The file goes only to the checking service on this machine, is checked in memory, and is neither stored nor sent anywhere else.",
    token: "Access token",
    downloadJson: "Download JSON",
    downloadSarif: "Download SARIF",
    findings: "Findings",
    tables: "Tables",
    text: "Text",
    checking: (n) => `Checking ${n} …`,
    checked: (n, ms) => `Checked ${n} (${ms} ms)`,
    needToken: "This service needs an access token: enter it above, then choose the file again.",
    failed: "Check failed: ",
    pass: "May be published",
    fail: "Must not be published",
    failOn: (l) => ` (fails at ${l} and above)`,
    errors: "errors",
    warnings: "warnings",
    infos: "info",
    notAssessable: "not assessable",
    none: "No findings.",
    explain: "Rule documentation",
    hide: "Hide documentation",
    labels: "Where",
    cells: "Cells",
    path: "path",
    raw: "raw",
    value: "value",
    where: "at",
    absent: "absent",
    ambiguous: "ambiguous",
    lineCol: (l, c) => `line ${l}, column ${c}`,
    sev: { error: "error", warning: "warning", info: "info" },
  },
};

const LANG = document.documentElement.lang.startsWith("en") ? "en" : "zh";
const T = STRINGS[LANG];
const $ = (id) => document.getElementById(id);

/** The last upload, kept in memory for the downloads. */
let current = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

function headers() {
  const h = {};
  const token = $("token").value.trim();
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

function setStatus(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", Boolean(isError));
}

async function post(path, file, accept) {
  const url = `${path}?filename=${encodeURIComponent(file.name)}&lang=${LANG}`;
  const h = headers();
  h["Content-Type"] = "application/octet-stream";
  if (accept) h.Accept = accept;
  return fetch(url, { method: "POST", headers: h, body: file.bytes });
}

async function errorText(response) {
  try {
    const body = await response.json();
    return body.message || response.statusText;
  } catch (_) {
    return `${response.status} ${response.statusText}`;
  }
}

async function check(fileObject) {
  const file = { name: fileObject.name, bytes: await fileObject.arrayBuffer() };
  setStatus(T.checking(file.name));
  const started = performance.now();
  let response;
  try {
    response = await post("/v1/view", file);
  } catch (e) {
    setStatus(T.failed + e.message, true);
    return;
  }
  if (response.status === 401) {
    $("token-box").hidden = false;
    $("token").focus();
    setStatus(T.needToken, true);
    return;
  }
  if (!response.ok) {
    setStatus(T.failed + (await errorText(response)), true);
    return;
  }
  const data = await response.json();
  current = file;
  draw(data);
  setStatus(T.checked(file.name, Math.round(performance.now() - started)));
}

function draw(data) {
  const entry = data.check.files[0];
  const diagnostics = entry.diagnostics || [];
  drawSummary(data);
  const cells = drawTables(data.view.tables);
  markCells(cells, diagnostics, data.view.diagnostic_cells);
  drawText(data.view.text, diagnostics);
  drawFindings(diagnostics, data.view.diagnostic_cells, cells);
  drawNotAssessable(entry.not_assessable || []);
  $("result").hidden = false;
}

function drawSummary(data) {
  const s = data.check.summary;
  const box = $("summary");
  box.replaceChildren(
    el("span", { class: `pill ${data.pass ? "pass" : "fail"}`, id: "verdict", dataset: { pass: String(data.pass) } },
      data.pass ? T.pass : T.fail),
    el("span", { class: "hint" }, T.failOn(T.sev[data.fail_on] || data.fail_on)),
    el("span", { class: "pill", id: "count-errors" }, `${s.errors} ${T.errors}`),
    el("span", { class: "pill", id: "count-warnings" }, `${s.warnings} ${T.warnings}`),
    el("span", { class: "pill" }, `${s.infos} ${T.infos}`),
    el("span", { class: "pill", id: "count-na" }, `${s.not_assessable} ${T.notAssessable}`),
  );
}

/** Draws the grids; returns the cell elements by id path. */
function drawTables(tables) {
  const byPath = new Map();
  const box = $("tables");
  box.replaceChildren();
  for (const t of tables) {
    const head = el("tr", {}, el("th", { scope: "col" }, ""), t.columns.map((c) => el("th", { scope: "col" }, c)));
    const body = el("tbody");
    let group = null;
    for (const row of t.rows) {
      if (row.group && row.group !== group) {
        body.append(el("tr", { class: "group" }, el("th", { colspan: t.columns.length + 1, scope: "rowgroup" }, row.group)));
      }
      group = row.group;
      const tr = el("tr", {}, el("th", { scope: "row" }, row.label));
      for (const c of row.cells) {
        const shown = c.kind === "absent" ? "∅" : c.kind === "ambiguous" ? "?" : c.raw;
        const td = el("td", { class: c.kind, tabindex: "-1", dataset: { path: c.path } }, shown);
        td.addEventListener("mouseenter", () => showTip(td, c));
        td.addEventListener("focus", () => showTip(td, c));
        td.addEventListener("mouseleave", hideTip);
        td.addEventListener("blur", hideTip);
        byPath.set(c.path, td);
        tr.append(td);
      }
      body.append(tr);
    }
    box.append(el("table", { class: "grid", id: `table-${t.id}` }, el("caption", {}, t.title), el("thead", {}, head), body));
  }
  return byPath;
}

function showTip(td, c) {
  const tip = $("tip");
  const value = c.kind === "number" ? c.value : c.kind === "absent" ? T.absent : c.kind === "ambiguous" ? T.ambiguous : c.kind;
  const raw = c.kind === "ambiguous" ? c.candidates.map((x) => x.raw).join(" | ") : c.raw ?? "";
  const rows = [
    [T.path, c.path],
    [T.raw, raw],
    [T.value, value],
  ];
  if (c.line) rows.push([T.where, T.lineCol(c.line, c.column)]);
  tip.replaceChildren(...rows.map(([k, v]) => el("div", {}, `${k}: `, el("code", {}, v))));
  tip.hidden = false;
  const r = td.getBoundingClientRect();
  tip.style.left = `${Math.min(r.left, window.innerWidth - 420)}px`;
  tip.style.top = `${r.bottom + 6}px`;
  tip.dataset.path = c.path;
}

function hideTip() {
  $("tip").hidden = true;
}

/** Failing cells of errors and warnings, and their operands. */
function markCells(cells, diagnostics, links) {
  diagnostics.forEach((d, i) => {
    for (const link of links[i] || []) {
      const td = cells.get(link.path);
      if (!td) continue;
      if (link.primary) td.classList.add(d.severity === "error" ? "fail" : "warn");
      else td.classList.add("operand");
      // Cells a finding names are reachable with Tab (their details show on focus).
      td.tabIndex = 0;
    }
  });
}

/** Byte offsets (UTF-8) where the text's sentences end: after 。！？； and line ends. */
function sentenceEnds(text) {
  const ends = [];
  let at = 0;
  for (const ch of text) {
    at += new TextEncoder().encode(ch).length;
    if ("。！？；\n".includes(ch)) ends.push(at);
  }
  return ends;
}

/**
 * The text view with every label span highlighted; spans are byte offsets into its UTF-8. Each
 * sentence is an element of its own, so that selecting a finding can show its whole sentence.
 */
function drawText(text, diagnostics) {
  const bytes = new TextEncoder().encode(text);
  const spans = [];
  diagnostics.forEach((d, i) => {
    for (const l of d.labels) {
      const a = l.location.byte_start;
      const b = Math.max(l.location.byte_end, a);
      if (b > a) spans.push({ a, b, i, severity: d.severity });
    }
  });
  const ends = sentenceEnds(text);
  const cuts = new Set([0, bytes.length, ...ends]);
  for (const s of spans) {
    cuts.add(s.a);
    cuts.add(s.b);
  }
  const points = [...cuts].filter((x) => x >= 0 && x <= bytes.length).sort((x, y) => x - y);
  const decoder = new TextDecoder();
  const pre = $("text");
  pre.replaceChildren();
  const rank = { error: 3, warning: 2, info: 1 };
  let sentence = null;
  let next = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k], points[k + 1]];
    if (sentence === null || a >= ends[next]) {
      while (next < ends.length && a >= ends[next]) next++;
      sentence = el("span", { class: "sentence" });
      pre.append(sentence);
    }
    const piece = decoder.decode(bytes.subarray(a, b));
    const covering = spans.filter((s) => s.a <= a && b <= s.b);
    if (covering.length === 0) {
      sentence.append(piece);
      continue;
    }
    const worst = covering.reduce((m, s) => (rank[s.severity] > rank[m.severity] ? s : m));
    sentence.append(el("mark", { class: worst.severity, dataset: { d: covering.map((s) => s.i).join(" ") } }, piece));
  }
}

/** Scrolls `container` (not the page) so that `node` is in its middle. */
function scrollWithin(container, node) {
  const c = container.getBoundingClientRect();
  const n = node.getBoundingClientRect();
  container.scrollTop += n.top - c.top - (container.clientHeight - n.height) / 2;
  container.scrollLeft += Math.min(0, n.left - c.left);
}

function drawFindings(diagnostics, links, cells) {
  const list = $("findings");
  list.replaceChildren();
  if (diagnostics.length === 0) {
    list.append(el("li", { class: "hint" }, T.none));
    return;
  }
  diagnostics.forEach((d, i) => {
    const notes = d.notes || [];
    const help = notes.filter((n) => n.startsWith("help:"));
    const other = notes.filter((n) => !n.startsWith("help:"));
    const explainBody = el("div", { class: "explain-body", hidden: true });
    const explainButton = el("button", { type: "button", class: "link", "aria-expanded": "false" }, T.explain);
    explainButton.addEventListener("click", () => explain(d.code, explainBody, explainButton));
    const where = d.labels.map((l) =>
      el("li", {}, `${T.lineCol(l.location.line, l.location.column)}：${l.message}`));
    const cellPaths = (links[i] || []).map((c) => c.path);
    const head = el("button", { type: "button", class: "head", "aria-pressed": "false", dataset: { index: String(i) } },
      el("span", { class: "sev" }, T.sev[d.severity] || d.severity),
      el("span", { class: "code" }, d.code),
      el("span", { class: "msg" }, d.message));
    head.addEventListener("click", () => select(i, cells, cellPaths));
    const li = el("li", { class: `finding ${d.severity}`, id: `finding-${i}`, dataset: { code: d.code } },
      head,
      el("div", { class: "more" },
        other.length ? el("div", { class: "arith" }, other.join("；")) : null,
        help.map((h) => el("div", { class: "help" }, h)),
        where.length ? el("ul", { "aria-label": T.labels }, where) : null,
        cellPaths.length ? el("div", { class: "code" }, `${T.cells}: ${cellPaths.join(", ")}`) : null,
        explainButton,
        explainBody));
    list.append(li);
  });
}

/** The checks that could not be assessed (an operand absent, empty or ambiguous), folded away. */
function drawNotAssessable(list) {
  const box = $("na");
  box.hidden = list.length === 0;
  $("na-summary").textContent = `${list.length} ${T.notAssessable}`;
  $("na-list").replaceChildren(
    ...list.map((d) => el("li", {}, el("span", { class: "code" }, d.code), " ", d.message)),
  );
}

/** Selects finding `i`: its list entry, its cells and its text spans; scrolls them into view. */
function select(i, cells, paths) {
  for (const n of document.querySelectorAll(".selected")) n.classList.remove("selected");
  for (const b of document.querySelectorAll(".finding .head")) b.setAttribute("aria-pressed", "false");
  const li = $(`finding-${i}`);
  li.classList.add("selected");
  li.querySelector(".head").setAttribute("aria-pressed", "true");
  let firstCell = null;
  for (const p of paths) {
    const td = cells.get(p);
    if (!td) continue;
    td.classList.add("selected");
    firstCell = firstCell || td;
  }
  const marks = [...document.querySelectorAll("#text mark")].filter((m) => m.dataset.d.split(" ").includes(String(i)));
  for (const m of marks) {
    m.classList.add("selected");
    m.closest(".sentence").classList.add("selected");
  }
  if (firstCell) scrollWithin($("tables"), firstCell);
  if (marks.length) scrollWithin($("text"), marks[0]);
}

async function explain(code, body, button) {
  if (!body.hidden) {
    body.hidden = true;
    button.textContent = T.explain;
    button.setAttribute("aria-expanded", "false");
    return;
  }
  const response = await fetch(`/v1/rules/${code.split("/").map(encodeURIComponent).join("/")}`, { headers: headers() });
  if (!response.ok) {
    body.textContent = await errorText(response);
  } else {
    const r = await response.json();
    body.textContent = [`${r.id} — ${r.title}`, r.doc, r.help ? `help: ${r.help}` : null, r.defined_at, r.source]
      .filter(Boolean).join("\n\n");
  }
  body.hidden = false;
  button.textContent = T.hide;
  button.setAttribute("aria-expanded", "true");
}

async function download(accept, extension) {
  if (!current) return;
  const response = await post("/v1/check", current, accept);
  if (!response.ok) {
    setStatus(T.failed + (await errorText(response)), true);
    return;
  }
  const blob = await response.blob();
  const a = el("a", { href: URL.createObjectURL(blob), download: `${current.name}.${extension}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function init() {
  for (const node of document.querySelectorAll("[data-i18n]")) {
    const s = T[node.dataset.i18n];
    if (typeof s === "string") node.textContent = s;
  }
  document.title = `xxgk-lint · ${T.heading}`;
  const drop = $("drop");
  const input = $("file");
  input.addEventListener("change", () => input.files[0] && check(input.files[0]));
  drop.addEventListener("keydown", (e) => {
    if ((e.key === "Enter" || e.key === " ") && e.target === drop) {
      e.preventDefault();
      input.click();
    }
  });
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const f = e.dataTransfer.files[0];
    if (f) check(f);
  });
  $("dl-json").addEventListener("click", () => download("application/json", "json"));
  $("dl-sarif").addEventListener("click", () => download("application/sarif+json", "sarif"));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") hideTip();
  });
}

init();
