// contacthub's web interface: a little progressive enhancement, nothing the pages need to work.
//  - a form with data-live: its results region follows the search box as one types (debounced)
//    and the selects as they change, by asking the server for the results fragment alone;
//  - a form with data-confirm asks before it is sent;
//  - an element with data-progress polls its import job's counts until the job ends.
"use strict";

function liveSearch(form) {
  const region = document.querySelector(form.dataset.live);
  if (!region) return;
  let timer = null;
  let running = null;
  const refresh = () => {
    const query = new URLSearchParams(new FormData(form));
    for (const [name, value] of [...query.entries()]) if (!value) query.delete(name);
    const url = form.action + (query.toString() ? "?" + query : "");
    if (running) running.abort();
    running = new AbortController();
    fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: running.signal })
      .then((answer) => {
        if (answer.redirected || !answer.ok) { window.location.assign(url); return null; }
        return answer.text();
      })
      .then((html) => {
        if (html === null) return;
        region.innerHTML = html;
        history.replaceState(null, "", url);
        const link = document.getElementById("export-link");
        if (link) link.href = "/ui/export" + (query.toString() ? "?" + query : "");
      })
      .catch((error) => { if (error.name !== "AbortError") throw error; });
  };
  // One letter has no trigram to look up (two find word starts, " ив"): the server would walk
  // the contacts in id order (up to a second at a million when nothing matches), so the typing
  // waits for two.
  const later = (event) => {
    clearTimeout(timer);
    const typed = event.target.value.trim().length;
    if (typed === 0 || typed >= 2) timer = setTimeout(refresh, 250);
  };
  form.querySelectorAll("input[type=search]").forEach((box) => box.addEventListener("input", later));
  form.querySelectorAll("select").forEach((menu) => menu.addEventListener("change", refresh));
  form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); refresh(); });
}

function confirmBeforeSending(form) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}

function followProgress(element) {
  const bar = element.querySelector("progress");
  const numbers = new Intl.NumberFormat(document.documentElement.lang);
  const poll = () => {
    fetch(element.dataset.progress, { headers: { Accept: "application/json" } })
      .then((answer) => answer.json())
      .then((job) => {
        for (const [name, value] of Object.entries(job.counts)) {
          const cell = element.querySelector(`[data-count="${name}"]`);
          if (cell) cell.textContent = numbers.format(value);
        }
        if (bar && job.total) { bar.max = job.total; bar.value = job.done; }
        if (job.finished) window.location.reload();
        else setTimeout(poll, 400);
      });
  };
  setTimeout(poll, 200);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-live]").forEach(liveSearch);
  document.querySelectorAll("form[data-confirm]").forEach(confirmBeforeSending);
  document.querySelectorAll("[data-progress]").forEach(followProgress);
});
