// The trainer's replay page: read-only. The trainer code stays in this tab (sessionStorage) and
// goes with every API call as a bearer token. One turn at a time: arrows, buttons or the list.
(function () {
  "use strict";
  const KEY = "wat-telt-trainer-token";
  const LABELS = { user: "Gezegd", intent: "Begrepen", entities: "Entiteiten", slot: "Veranderd", action: "Actie", reply: "Antwoord", state: "Bij de inwoner", reading: "Gelezen" };
  const DETAILS = new Set(["intent", "reading", "entities", "slot", "action"]); // for the bot builders: behind the toggle
  const GOALS = { luisteren: "Luisteren", doorvragen: "Doorvragen", levensbreed: "Levensbreed", eigen_regie: "Eigen regie", aansluiten: "Aansluiten", afronden: "Afronden", veiligheid: "Veiligheid" };
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
      const reading = turn.reading || [];
      if (turn.expected_intent && turn.expected_intent !== turn.intent[0] && !reading.includes(turn.expected_intent)) {
        text += "; verwacht: " + turn.expected_intent;
      }
      out.push(["intent", text]);
    }
    if ((turn.reading || []).length) out.push(["reading", turn.reading.join(", ")]);
    if (turn.entities.length) out.push(["entities", turn.entities.map((e) => e[0] + "=" + e[1]).join(", ")]);
    for (const slot of turn.slots) out.push(["slot", slot[0] + ": " + slot[1]]);
    for (const action of turn.actions) out.push(["action", action[0] + " door " + action[1] + confidence(action[2])]);
    for (const reply of turn.replies) out.push(["reply", reply]);
    for (const state of turn.hidden || []) out.push(["state", state[0] + ": " + state[1]]);
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
      row.className = "row " + kind + (DETAILS.has(kind) ? " details" : "");
      row.hidden = DETAILS.has(kind) && !$("details").checked;
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

  function cell(tag, text) {
    const element = document.createElement(tag);
    element.textContent = text;
    return element;
  }

  async function openPractice() {
    const overview = await api("api/practice/overview");
    const goals = Object.keys(GOALS).filter((goal) => overview.group[goal]);
    const box = $("practice-table");
    box.replaceChildren();
    if (overview.workers.length) {
      const table = document.createElement("table");
      const head = document.createElement("tr");
      head.append(cell("th", "Deelnemer"), cell("th", "Gesprekken"), ...goals.map((goal) => cell("th", GOALS[goal])));
      table.appendChild(head);
      for (const worker of overview.workers) {
        const row = document.createElement("tr");
        row.append(cell("td", worker.worker), cell("td", String(worker.sessions)));
        for (const goal of goals) {
          const figures = worker.goals[goal];
          row.appendChild(cell("td", figures ? figures.first + " → " + figures.last : "–"));
        }
        table.appendChild(row);
      }
      const group = document.createElement("tr");
      group.append(cell("th", "Groep (gemiddeld)"), cell("td", ""), ...goals.map((goal) => cell("td", overview.group[goal].first_mean + " → " + overview.group[goal].last_mean)));
      table.appendChild(group);
      box.appendChild(table);
    } else {
      box.appendChild(cell("p", "Nog geen bewaarde oefengesprekken."));
    }
    const teams = $("teams-list");
    teams.replaceChildren();
    for (const team of overview.team_reflections) {
      const block = document.createElement("div");
      block.appendChild(cell("h3", team.team));
      for (const answer of team.answers) block.append(cell("p", answer.question), cell("blockquote", answer.answer));
      teams.appendChild(block);
    }
    $("teams").hidden = !overview.team_reflections.length;
    $("practice").hidden = false;
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
    openPractice().catch(() => { $("practice").hidden = true; });
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

  $("details").addEventListener("change", () => { if (replay) show(); });
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
