// Quarry's web page: asks /v1/query with "stream": true and shows the answer as it
// arrives, opens each cited passage from /v1/passage, and lists, uploads and deletes
// documents through /v1/documents. Talks only to the server it came from.
"use strict";

const $ = (id) => document.getElementById(id);
const tokenKey = "quarry-token";
const generators = ["extractive", "local", "openai", "none"];
let token = sessionStorage.getItem(tokenKey);
let citations = [];

/** An API error, worded as the server words it. */
class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function authHeaders(extra = {}) {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

/** The message of a failed response's `{"error": {"message"}}` body, else its status. */
async function errorOf(response) {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) message = body.error.message;
  } catch (_) { /* not JSON: keep the status line */ }
  return new ApiError(response.status, message);
}

/** fetch with the token; a 401 shows the token form, any failure throws an ApiError. */
async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: authHeaders(options.headers) });
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401) showGate(token ? "The server refused this token." : "");
    throw error;
  }
  return response;
}

// MARK: - Token

function showGate(message) {
  $("app").hidden = true;
  $("token-gate").hidden = false;
  $("token-error").textContent = message;
  $("token").focus();
}

async function submitToken(event) {
  event.preventDefault();
  token = $("token").value.trim();
  try {
    await start();
    sessionStorage.setItem(tokenKey, token);
    $("token").value = "";
  } catch (error) {
    if (error.status !== 401) $("token-error").textContent = error.message;
  }
}

/** Loads what the page needs; a 401 leaves the token form showing. */
async function start() {
  const models = await (await api("/v1/models")).json();
  fillGenerators(models.data.map((model) => model.id.replace(/^quarry:/, "")));
  $("token-gate").hidden = true;
  $("app").hidden = false;
  await loadDocuments();
}

function fillGenerators(offered) {
  const select = $("generator");
  select.replaceChildren();
  const names = [...offered, ...generators.filter((name) => !offered.includes(name))];
  names.forEach((name, index) => {
    const label = index === 0 ? `${name} (server default)` : name;
    select.append(new Option(label, name, index === 0, index === 0));
  });
}

// MARK: - Asking

function requestBody() {
  const compression = $("compression").value;
  return {
    question: $("question").value.trim(),
    stream: true,
    selector: $("selector").value,
    compression: /^\d/.test(compression) ? Number(compression) : compression,
    generator: $("generator").value,
    top_k: Number($("top-k").value),
    budget: Number($("budget").value),
  };
}

async function ask(event) {
  event.preventDefault();
  if (!$("ask-form").reportValidity()) return;
  const answer = $("answer");
  answer.replaceChildren();
  for (const id of ["answer-notes", "timings", "ask-error"]) $(id).textContent = "";
  $("passage").hidden = true;
  citations = [];
  $("ask").disabled = true;
  $("answer-box").setAttribute("aria-busy", "true");
  try {
    const response = await api("/v1/query", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(requestBody()),
    });
    await readEvents(response, (name, data) => {
      if (name === "token") answer.append(data.text);
      else if (name === "done") showResult(data);
      else if (name === "error") throw new ApiError(0, data.error.message);
    });
  } catch (error) {
    $("ask-error").textContent = error.message;
  } finally {
    $("ask").disabled = false;
    $("answer-box").setAttribute("aria-busy", "false");
  }
}

/** Calls `handle(event, data)` for each server-sent event of `response` as it arrives. */
async function readEvents(response, handle) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      let data = "";
      for (const line of frame.split("\n")) {
        if (line.startsWith("event: ")) name = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      if (data) handle(name, JSON.parse(data));
    }
  }
}

/** The whole answer with each `[n]` a link to its cited passage, notes and timings. */
function showResult(result) {
  citations = result.citations || [];
  const answer = $("answer");
  answer.replaceChildren();
  const text = result.answer || "";
  const marker = /\[(\d+)\]/g;
  let last = 0;
  for (let match; (match = marker.exec(text)) !== null;) {
    const number = Number(match[1]);
    const citation = citationNumbered(number);
    if (!citation) continue;
    answer.append(text.slice(last, match.index), citeLink(number, citation));
    last = match.index + match[0].length;
  }
  answer.append(text.slice(last));
  const notes = [];
  if (result.answerable === false) notes.push("The index may not hold the answer to this question.");
  if (result.truncated === true) notes.push("The answer was cut off at the generator's length limit.");
  const flags = result.citation_flags || [];
  if (flags.length) notes.push(`Citation checks: ${flags.join(", ")}.`);
  $("answer-notes").textContent = notes.join(" ");
  const spent = result.timings_ms || {};
  const timings = ["retrieve", "select", "compress", "generate", "total"]
    .filter((stage) => typeof spent[stage] === "number")
    .map((stage) => `${stage} ${Math.round(spent[stage])} ms`);
  const context = `${result.context_tokens} context tokens`;
  $("timings").textContent = [result.generator, context, ...timings].join(" · ");
}

/** The citation an answer's `[number]` refers to: by its `source`, else by position. */
function citationNumbered(number) {
  const bySource = citations.find((citation) => citation.source === number);
  if (bySource || citations.some((citation) => citation.source)) return bySource;
  return citations[number - 1];
}

function citeLink(number, citation) {
  const link = document.createElement("a");
  link.href = "#passage";
  link.className = "cite";
  link.textContent = `[${number}]`;
  link.setAttribute("aria-label", `Source ${number}: ${citation.document}`);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    showPassage(citation, link);
  });
  return link;
}

// MARK: - Citations

async function showPassage(citation, link) {
  const query = new URLSearchParams({
    document: citation.document,
    chunk_id: citation.chunk_id,
    byte_start: citation.byte_start,
    byte_end: citation.byte_end,
  });
  const panel = $("passage");
  try {
    const passage = await (await api(`/v1/passage?${query}`)).json();
    $("passage-title").textContent = passage.title || passage.document;
    $("passage-where").textContent =
      `${passage.document} · chunk ${passage.chunk_id} · bytes ${citation.byte_start}–${citation.byte_end}`;
    const mark = document.createElement("mark");
    mark.textContent = passage.highlight;
    $("passage-text").replaceChildren(passage.before, mark, passage.after);
  } catch (error) {
    $("passage-title").textContent = citation.document;
    $("passage-where").textContent = "";
    $("passage-text").replaceChildren();
    const message = document.createElement("span");
    message.className = "error";
    message.textContent = error.message;
    $("passage-text").append(message);
  }
  panel.hidden = false;
  panel.returnFocus = link;
  panel.focus();
}

function closePassage() {
  const panel = $("passage");
  panel.hidden = true;
  if (panel.returnFocus) panel.returnFocus.focus();
}

// MARK: - Documents

async function loadDocuments() {
  const list = await (await api("/v1/documents?limit=200")).json();
  const shown = list.sources.length < list.total ? `, the first ${list.sources.length} shown` : "";
  $("docs-summary").textContent = `${plural(list.total, "source")}${shown} · index generation ${list.generation}`;
  $("index-state").textContent = `generation ${list.generation}`;
  $("docs").replaceChildren(...list.sources.map(documentItem));
}

function documentItem(source) {
  const item = document.createElement("li");
  const about = document.createElement("div");
  const name = document.createElement("div");
  name.className = "name";
  name.textContent = source.path;
  const counts = document.createElement("div");
  counts.className = "small";
  counts.textContent = [source.format, plural(source.documents, "document"), plural(source.chunks, "chunk")]
    .join(" · ");
  about.append(name, counts);
  item.append(about);
  if (source.id) {
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Delete";
    remove.setAttribute("aria-label", `Delete ${source.id}`);
    remove.dataset.id = source.id;
    remove.addEventListener("click", () => deleteDocument(source.id));
    item.append(remove);
  }
  return item;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

async function deleteDocument(id) {
  const status = $("upload-status");
  try {
    await api(`/v1/documents/${encodeURIComponent(id)}`, { method: "DELETE" });
    status.textContent = `Deleted ${id}.`;
    await loadDocuments();
  } catch (error) {
    status.textContent = error.message;
  }
}

/** The id an uploaded file is stored under: its name in the characters ids allow. */
function documentID(filename) {
  return filename.replace(/[^A-Za-z0-9._:-]/g, "-").slice(0, 200) || "upload";
}

function upload(event) {
  event.preventDefault();
  const file = $("file").files[0];
  if (!file) return;
  const form = new FormData();
  form.append("id", documentID(file.name));
  form.append("title", file.name);
  form.append("file", file, file.name);
  const progress = $("upload-progress");
  const status = $("upload-status");
  const request = new XMLHttpRequest();
  request.open("POST", "/v1/documents");
  if (token) request.setRequestHeader("Authorization", `Bearer ${token}`);
  request.upload.addEventListener("progress", (progressEvent) => {
    if (progressEvent.lengthComputable) progress.value = (100 * progressEvent.loaded) / progressEvent.total;
  });
  request.addEventListener("load", async () => {
    progress.hidden = true;
    $("upload").disabled = false;
    let body = {};
    try { body = JSON.parse(request.responseText); } catch (_) { /* keep the status line */ }
    if (request.status === 201) {
      status.textContent = `Indexed ${file.name} as ${body.id}: ${body.chunks} chunks.`;
      $("upload-form").reset();
      await loadDocuments().catch((error) => { status.textContent = error.message; });
    } else {
      status.textContent = (body.error && body.error.message) || `${request.status} ${request.statusText}`;
      if (request.status === 401) showGate("The server refused this token.");
    }
  });
  request.addEventListener("error", () => {
    progress.hidden = true;
    $("upload").disabled = false;
    status.textContent = "The upload did not reach the server.";
  });
  progress.value = 0;
  progress.hidden = false;
  $("upload").disabled = true;
  status.textContent = `Uploading ${file.name}…`;
  request.send(form);
}

// MARK: - Start

document.addEventListener("DOMContentLoaded", () => {
  $("token-form").addEventListener("submit", submitToken);
  $("ask-form").addEventListener("submit", ask);
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("ask-form").requestSubmit();
    }
  });
  $("passage-close").addEventListener("click", closePassage);
  $("passage").addEventListener("keydown", (event) => { if (event.key === "Escape") closePassage(); });
  $("upload-form").addEventListener("submit", upload);
  start().catch((error) => {
    if (error.status !== 401) $("index-state").textContent = `The server did not answer: ${error.message}`;
  });
});
