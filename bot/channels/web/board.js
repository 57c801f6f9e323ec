// Wat telt web chat: the live board. The assistant sends the board with each domain's question
// (custom.board: the domains with their status and score, the current one, the scale); this panel
// shows it and keeps the last one until a newer one comes. Nothing of it is stored in the browser.
//
// Tapping a domain does one thing, named on the row itself, and only what the assistant offers now:
//   "Kiezen"        the domain is one of the buttons of the open question (where to begin, what
//                   matters most): the same as pressing that button;
//   "Hier wil ik over praten"  the current domain, while its "Hier wil ik over praten" button is
//                   offered: the same as pressing it;
//   "Veranderen"    a domain answered before, while a domain's smiley question is open: sends
//                   "Ik wil mijn antwoord bij <domain> veranderen" (a correction; the assistant asks
//                   that domain again). Never while the assistant waits for words it would keep as
//                   an answer, so a tap is never stored as what the resident said.
// Other rows are not buttons.
"use strict";

window.WatTeltBoard = (() => {
  const STATES = { open: "Nog open", skipped: "Overgeslagen", not_applicable: "Geldt niet voor mij" };
  const NOW = "Nu";
  const TALK = "Hier wil ik over praten";
  const ACTIONS = { choose: "Kiezen", talk: TALK, change: "Veranderen" };
  const HINT_ACTIVE = "Zo staat je bord nu. Tik op een knop om een onderwerp te kiezen of te veranderen.";
  const HINT_QUIET = "Zo staat je bord nu. Je antwoorden komen hier vanzelf bij.";
  const COUNT = (done, total) => done + " van " + total + " ingevuld";
  const COLOUR = /^#[0-9a-fA-F]{3,8}$/;
  const KEY = /^[a-z0-9_]{1,40}$/;
  const WIDE = "(min-width: 64rem)";  // style.css: the board beside the chat

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pause() {
    return element("span", "sr-only", ". ");
  }

  // "Wonen" -> "wonen" in the middle of a sentence (not "GGZ").
  function midSentence(label) {
    return label.length > 1 && label[1] === label[1].toUpperCase() && label[1] !== label[1].toLowerCase()
      ? label
      : label.charAt(0).toLowerCase() + label.slice(1);
  }

  // The board as the server sent it, checked; null when it is no board.
  function checked(board) {
    if (!board || typeof board !== "object" || !Array.isArray(board.domains) || !board.domains.length) return null;
    const domains = board.domains
      .filter((d) => d && typeof d === "object" && typeof d.key === "string" && KEY.test(d.key) && typeof d.label === "string")
      .map((d) => ({
        key: d.key,
        label: d.label,
        status: ["answered", "skipped", "not_applicable"].includes(d.status) ? d.status : "open",
        score: Number.isInteger(d.score) ? d.score : null,
        talkAbout: d.talk_about === true,
      }));
    const scale = (Array.isArray(board.scale) ? board.scale : [])
      .filter((p) => p && Number.isInteger(p.value))
      .map((p) => ({
        value: p.value,
        emoji: typeof p.emoji === "string" ? p.emoji : "",
        label: typeof p.label === "string" ? p.label : String(p.value),
        colour: typeof p.colour === "string" && COLOUR.test(p.colour) ? p.colour : null,
      }));
    return domains.length ? { domains, scale, current: typeof board.current === "string" ? board.current : null } : null;
  }

  function create(nodes, onTap) {
    const { panel, toggle, body, count, strip, hint, list } = nodes;
    let board = null;
    let offers = new Map();  // choice -> {payload, title} of the buttons shown now
    let busy = false;

    function point(value) {
      return board.scale.find((p) => p.value === value) || null;
    }

    function actionFor(domain) {
      for (const choice of ["domain:" + domain.key, "priority:" + domain.key]) {
        const offer = offers.get(choice);
        if (offer) return { kind: "choose", payload: offer.payload, shown: offer.title };
      }
      if (domain.key === board.current && !domain.talkAbout && offers.has("talk_about")) {
        const offer = offers.get("talk_about");
        return { kind: "talk", payload: offer.payload, shown: offer.title };
      }
      const scaleOpen = Array.from(offers.keys()).some((choice) => choice.startsWith("score:"));
      if (scaleOpen && domain.key !== board.current && domain.status !== "open") {
        const text = "Ik wil mijn antwoord bij " + midSentence(domain.label) + " veranderen";
        return { kind: "change", payload: text, shown: text };
      }
      return null;
    }

    function face(domain) {
      const node = element("span", "live-face");
      node.setAttribute("aria-hidden", "true");
      const p = domain.status === "answered" ? point(domain.score) : null;
      if (p) {
        node.textContent = p.emoji;
        if (p.colour) node.style.backgroundColor = p.colour;
      } else {
        node.classList.add("live-face-" + domain.status);
      }
      return node;
    }

    function stateText(domain) {
      if (domain.status === "answered") {
        const p = point(domain.score);
        return p ? p.label : String(domain.score);
      }
      return STATES[domain.status] || STATES.open;
    }

    function row(domain) {
      const item = element("li", "live-item");
      const action = actionFor(domain);
      const current = domain.key === board.current;
      const node = element(action ? "button" : "div", "live-row live-" + domain.status.replace("_", "-"));
      if (current) {
        node.classList.add("is-current");
        item.setAttribute("aria-current", "step");
      }
      const text = element("span", "live-text");
      text.append(element("span", "live-label", domain.label), pause(), element("span", "live-state", stateText(domain)));
      const badges = element("span", "live-badges");
      if (current) badges.append(pause(), element("span", "live-badge live-badge-now", NOW));
      if (domain.talkAbout) badges.append(pause(), element("span", "live-badge live-badge-talk", TALK));
      if (badges.childNodes.length) text.append(badges);
      node.append(face(domain), text);
      if (action) {
        node.type = "button";
        node.dataset.action = action.kind;
        node.setAttribute("aria-disabled", busy ? "true" : "false");
        node.append(pause(), element("span", "live-action", ACTIONS[action.kind]));
        node.addEventListener("click", () => {
          if (busy) return;
          setOpen(false);  // the answer comes in the chat below
          toggle.focus();
          onTap(action.payload, action.shown);
        });
      }
      item.appendChild(node);
      return item;
    }

    function render() {
      if (!board) {
        panel.hidden = true;
        document.body.classList.remove("has-live");
        return;
      }
      const focused = document.activeElement && list.contains(document.activeElement)
        ? Array.from(list.querySelectorAll(".live-row")).indexOf(document.activeElement.closest(".live-row"))
        : -1;
      const done = board.domains.filter((d) => d.status !== "open").length;
      count.textContent = COUNT(done, board.domains.length);
      strip.replaceChildren(...board.domains.map((domain) => {
        const cell = element("span", "live-cell live-cell-" + domain.status.replace("_", "-"));
        const p = domain.status === "answered" ? point(domain.score) : null;
        if (p && p.colour) cell.style.backgroundColor = p.colour;
        if (domain.key === board.current) cell.classList.add("is-current");
        return cell;
      }));
      const rows = board.domains.map(row);
      list.replaceChildren(...rows);
      const tappable = Boolean(list.querySelector("button"));
      hint.textContent = tappable ? HINT_ACTIVE : HINT_QUIET;
      // The list scrolls on small screens: without buttons in it, the keyboard reaches it itself.
      if (tappable) body.removeAttribute("tabindex");
      else body.setAttribute("tabindex", "0");
      panel.hidden = false;
      document.body.classList.add("has-live");
      if (focused >= 0) {  // keep the keyboard where it was
        const again = list.querySelectorAll(".live-row")[focused];
        if (again && again.tagName === "BUTTON") again.focus();
        else toggle.focus();
      }
    }

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      body.hidden = !open;
      panel.classList.toggle("is-open", open);
      const current = open && list.querySelector("[aria-current]");
      if (current && body.scrollHeight > body.clientHeight) {  // the topic of now in sight
        body.scrollTop = Math.max(0, current.offsetTop - body.clientHeight / 3);
      }
    }

    toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
    setOpen(false);

    return {
      update(raw) {
        const next = checked(raw);
        if (!next) return;
        const first = !board;
        board = next;
        render();
        if (first && window.matchMedia && window.matchMedia(WIDE).matches) setOpen(true);  // beside the chat
      },
      offer(choices) {  // [{choice, payload, title}] of the buttons shown now
        offers = new Map(choices.filter((c) => c.choice).map((c) => [c.choice, c]));
        render();
      },
      // A button the resident pressed got through: the board shows it at once (the assistant
      // sends the whole board again with the next topic's question).
      answered(choice) {
        const domain = board && board.domains.find((d) => d.key === board.current);
        if (!domain || !choice || !offers.has(choice)) return;
        const scaleOpen = Array.from(offers.keys()).some((c) => c.startsWith("score:"));
        if (scaleOpen && choice.startsWith("score:") && point(Number(choice.slice(6)))) {
          domain.status = "answered";
          domain.score = Number(choice.slice(6));
        } else if (scaleOpen && (choice === "skip" || choice === "not_applicable")) {
          domain.status = choice === "skip" ? "skipped" : "not_applicable";
          domain.score = null;
        } else if (choice === "talk_about") {
          domain.talkAbout = true;
        } else {
          return;
        }
        render();
      },
      setBusy(value) {
        busy = value;
        for (const button of list.querySelectorAll("button")) button.setAttribute("aria-disabled", value ? "true" : "false");
      },
      clear() {
        board = null;
        offers = new Map();
        setOpen(false);
        render();
      },
      isShown() {
        return Boolean(board);
      },
    };
  }

  return { create };
})();
