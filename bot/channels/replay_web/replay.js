// The trainer's replay page: read-only. The trainer code stays in this tab (sessionStorage) and
// goes with every API call as a bearer token. One turn at a time: arrows, buttons or the list.
(function () {
  "use strict";
  const KEY = "wat-telt-trainer-token";
  const LABELS = { user: "Gezegd", intent: "Begrepen", entities: "Entiteiten", slot: "Veranderd", action: "Actie", reply: "Antwoord" };
  const $ = (id) => document.getElementById(id);
  let replay = null;
  let position = 0;

  async function api(path) {
    const response = await fetch(path, { headers: { Authorization: "Bearer " + sessionStorage.getItem(KEY) } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw Object.assign(new Error(body.error || "fout"), { status: response.status });
    return body;
  }

  function confidence(value) { return value === null || value === undefined ? "" : " (" + Number(value).toFixed(2) + ")"; }

  function rows(turn) {
    const out = [["user", turn.user || "(leeg)"]];
    if (turn.intent) {
      let text = turn.intent[0] + confidence(turn.intent[1]);
      if (turn.runner_up) text += "; daarna " + turn.runner_up[0] + confidence(turn.runner_up[1]);
      if (turn.expected_intent && turn.expected_intent !== turn.intent[0]) text += "; verwacht: " + turn.expected_intent;
      out.push(["intent", text]);
    }
    if (turn.entities.length) out.push(["entities", turn.entities.map((e) => e[0] + "=" + e[1]).join(", ")]);
    for (const slot of turn.slots) out.push(["slot", slot[0] + ": " + slot[1]]);
    for (const action of turn.actions) out.push(["action", action[0] + " door " + action[1] + confidence(action[2])]);
    for (const reply of turn.replies) out.push(["reply", reply]);
    return out;
  }

  function show() {
    const article = $("turn");
    article.replaceChildren();
    const feedbackPage = replay.feedback.length && position === replay.turns.length;
    const heading = document.createElement("h2");
    heading.textContent = feedbackPage ? "Feedback" : "Beurt " + (position + 1) + " van " + replay.turns.length;
    article.appendChild(heading);
    const list = document.createElement("dl");
    const pairs = feedbackPage ? [["feedback", replay.feedback.join("\n")]] : rows(replay.turns[position]);
    for (const [kind, text] of pairs) {
      const row = document.createElement("div");
      row.className = "row " + kind;
      const term = document.createElement("dt");
      term.textContent = LABELS[kind] || "Feedback";
      const value = document.createElement("dd");
      value.textContent = text;
      row.append(term, value);
      list.appendChild(row);
    }
    article.appendChild(list);
    $("previous").disabled = position === 0;
    $("next").disabled = position >= last();
    $("jump").value = String(position);
  }

  function last() { return replay.turns.length - 1 + (replay.feedback.length ? 1 : 0); }

  function go(to) {
    if (!replay) return;
    position = Math.max(0, Math.min(last(), to));
    show();
  }

  async function openChooser() {
    const sources = await api("api/sources");
    const select = $("source");
    select.replaceChildren();
    const groups = [["Trainingspakket", sources.stories], ["Gesprekken (met toestemming)", sources.participants], ["Oefengesprekken", sources.practice]];
    for (const [label, items] of groups) {
      if (!items.length) continue;
      const group = document.createElement("optgroup");
      group.label = label;
      for (const item of items) group.appendChild(new Option(item.title, item.source));
      select.appendChild(group);
    }
    $("login").hidden = true;
    $("chooser").hidden = false;
  }

  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $("token").value);
    try {
      await openChooser();
    } catch (error) {
      sessionStorage.removeItem(KEY);
      $("login-error").textContent = error.status === 401 ? "Die code klopt niet." : "De server is niet ingesteld voor terugkijken.";
    }
  });

  $("load").addEventListener("click", async () => {
    $("load-error").textContent = "";
    $("load").disabled = true;
    try {
      replay = await api("api/replay?source=" + encodeURIComponent($("source").value));
      position = 0;
      $("title").textContent = replay.title;
      const jump = $("jump");
      jump.replaceChildren();
      replay.turns.forEach((_, index) => jump.appendChild(new Option("Beurt " + (index + 1), String(index))));
      if (replay.feedback.length) jump.appendChild(new Option("Feedback", String(replay.turns.length)));
      $("stage").hidden = false;
      show();
    } catch (error) {
      $("load-error").textContent = error.status === 403 ? "Geen toestemming voor training." : "Dit gesprek kan niet getoond worden.";
    } finally {
      $("load").disabled = false;
    }
  });

  $("previous").addEventListener("click", () => go(position - 1));
  $("next").addEventListener("click", () => go(position + 1));
  $("jump").addEventListener("change", (event) => go(Number(event.target.value)));
  document.addEventListener("keydown", (event) => {
    if (event.target.tagName === "INPUT" || event.target.tagName === "SELECT") return;
    if (event.key === "ArrowRight" || event.key === " ") { event.preventDefault(); go(position + 1); }
    if (event.key === "ArrowLeft") { event.preventDefault(); go(position - 1); }
  });

  if (sessionStorage.getItem(KEY)) openChooser().catch(() => sessionStorage.removeItem(KEY));
})();
