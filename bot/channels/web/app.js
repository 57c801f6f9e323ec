// Wat telt web chat. Talks to the Rasa server's web chat channel (bot/channels/webchat.py)
// next to this page: POST session, message and forget. Only the session token is kept in the
// browser (localStorage), never what was said: phones are often shared.
// Everything from the bot or the user is shown as text (textContent), never as HTML.
// board.js draws the live board, speech.js the "Lees voor" buttons.
"use strict";

(() => {
  const TOKEN_KEY = "wat-telt-webchat-token";
  const ERROR_TEXT = "Er ging iets mis. Je antwoorden zijn bewaard. Probeer het zo nog eens.";
  const FORGET_FAILED = "Het wissen is niet gelukt. Probeer het zo nog eens.";
  const FORGOTTEN = "Alles is gewist. Er is niets meer van jou bewaard.";
  const SESSION_EXPIRED = "Je sessie was verlopen. We beginnen opnieuw.";
  const EMPTY_INPUT = "Typ eerst je antwoord.";
  const IMAGE_ALT = "Je bord als plaatje";
  const DOCUMENT_LINK = "Download je overzicht (PDF)";
  const CHOICES_LABEL = "Kies een antwoord";
  const GREETING = "hoi";  // the assistant welcomes the resident (back) where they were
  const MEDIA_MARK = "/webhooks/webchat/media/";
  const REQUEST_TIMEOUT_MS = 60000;
  // Buttons that are no answer to the question: quieter than the answers.
  const QUIET_CHOICES = new Set(["not_applicable", "skip", "skip_rest", "dont_know", "goals_none", "goals_done", "skip_section"]);

  const log = document.getElementById("log");
  const statusLine = document.getElementById("status");
  const retryButton = document.getElementById("retry");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const forgetButton = document.getElementById("forget");
  const practiceButton = document.getElementById("practice");
  const dialog = document.getElementById("forget-dialog");
  const coarsePointer = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  const speech = window.WatTeltSpeech || { button: () => null, stop() {} };

  let busy = false;      // one request at a time
  let ready = false;     // the conversation has started (session + first answer of the assistant)
  let memoryToken = null;  // when localStorage is not available (some private modes)
  let pending = null;    // {message, shown, id}: a message that did not get through, for the retry

  const board = window.WatTeltBoard
    ? window.WatTeltBoard.create(
      {
        panel: document.getElementById("live"),
        toggle: document.getElementById("live-toggle"),
        body: document.getElementById("live-body"),
        count: document.getElementById("live-count"),
        strip: document.getElementById("live-strip"),
        hint: document.getElementById("live-hint"),
        list: document.getElementById("live-list"),
      },
      (payload, shown) => answerAndFocus(payload, shown),
    )
    : { update() {}, offer() {}, setBusy() {}, clear() {} };

  // --- bars that stay in view, only where there is room for them --------------------------
  // A window at least 30 lines of the resident's own text size high (style.css: .roomy).
  function measureRoom() {
    const line = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    document.body.classList.toggle("roomy", window.innerHeight >= 30 * line);
  }
  measureRoom();
  window.addEventListener("resize", measureRoom);
  if (typeof ResizeObserver === "function") new ResizeObserver(measureRoom).observe(document.body);

  // --- the session token ------------------------------------------------------------
  const session = {
    get() {
      try { return window.localStorage.getItem(TOKEN_KEY) || memoryToken; } catch (e) { return memoryToken; }
    },
    set(token) {
      memoryToken = token;
      try { window.localStorage.setItem(TOKEN_KEY, token); } catch (e) { /* memory only */ }
    },
    clear() {
      memoryToken = null;
      try { window.localStorage.removeItem(TOKEN_KEY); } catch (e) { /* nothing stored */ }
    },
  };

  // --- message ids: the server applies a message once; a retry sends the same id ----------
  let counter = 0;
  function newMessageId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    const random = new Uint32Array(4);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(random);
    else for (let i = 0; i < random.length; i += 1) random[i] = Math.floor(Math.random() * 0x100000000);
    counter += 1;
    return "m" + counter.toString(36) + "-" + Array.from(random, (n) => n.toString(16).padStart(8, "0")).join("");
  }

  function messageIdFor(message) {
    return pending && pending.message === message ? pending.id : newMessageId();
  }

  // --- talking to the server --------------------------------------------------------
  class RequestFailed extends Error {
    constructor(status, message) {
      super(message || ERROR_TEXT);
      this.status = status;
    }
  }

  async function post(path, body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let reply;
    try {
      reply = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
        signal: controller.signal,
      });
    } catch (e) {
      throw new RequestFailed(0, ERROR_TEXT);  // network down or timed out
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    try { data = await reply.json(); } catch (e) { data = null; }
    if (!reply.ok) {
      const serverText = reply.status < 500 && data && typeof data.error === "string" ? data.error : ERROR_TEXT;
      throw new RequestFailed(reply.status, serverText);
    }
    return data;
  }

  // --- showing messages ---------------------------------------------------------------
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) {
      node.textContent = text;
      node.dir = "auto";  // a line in Arabic (or typed in it) reads right to left
    }
    return node;
  }

  function speaker(name) {
    return element("span", "sr-only", name + ": ");
  }

  function showUser(text) {
    const bubble = element("div", "msg msg-user");
    bubble.append(speaker("Jij"), element("span", "text", text));
    log.appendChild(bubble);
    return bubble;
  }

  function showNotice(text) {
    const bubble = element("div", "msg msg-notice");
    bubble.appendChild(element("p", "text", text));
    log.appendChild(bubble);
    return bubble;
  }

  // Board pictures and PDFs come from this server's media route, whatever host the bot named.
  function mediaUrl(value) {
    if (typeof value !== "string") return null;
    let url;
    try { url = new URL(value, document.baseURI); } catch (e) { return null; }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    const at = url.pathname.indexOf(MEDIA_MARK);
    if (at >= 0) return "media/" + url.pathname.slice(at + MEDIA_MARK.length);
    return url.href;
  }

  // `/choose{"choice":"score:2"}` -> "score:2" (null for any other payload).
  function choiceOf(payload) {
    const found = /^\/choose(\{.*\})$/s.exec(payload);
    if (!found) return null;
    try {
      const choice = JSON.parse(found[1]).choice;
      return typeof choice === "string" ? choice : null;
    } catch (e) {
      return null;
    }
  }

  function buttonsOf(message) {
    if (!Array.isArray(message.buttons)) return [];
    return message.buttons
      .filter((b) => b && typeof b === "object")
      .map((b) => {
        const title = String(b.title || b.payload || "");
        const payload = String(b.payload || title);
        return { title, payload, choice: choiceOf(payload) };
      })
      .filter((b) => b.title);
  }

  function showBot(message) {
    const bubble = element("div", "msg msg-bot");
    bubble.appendChild(speaker("Wat telt"));
    const text = typeof message.text === "string" ? message.text : "";
    if (text) bubble.appendChild(element("p", "text", text));
    const image = mediaUrl(message.image);
    if (image) {
      const picture = element("img", "board");
      picture.alt = IMAGE_ALT;
      picture.src = image;
      bubble.appendChild(picture);
      bubble.classList.add("msg-media");
    }
    const custom = message.custom && typeof message.custom === "object" ? message.custom : {};
    const documentUrl = mediaUrl(custom.document);
    if (documentUrl) {
      const link = element("a", "document", DOCUMENT_LINK);
      link.href = documentUrl;
      link.setAttribute("download", typeof custom.filename === "string" ? custom.filename : "wat-telt-overzicht.pdf");
      bubble.appendChild(link);
    }
    const attachment = mediaUrl(message.attachment);
    if (attachment) {
      const link = element("a", "document", "Open de bijlage");
      link.href = attachment;
      bubble.appendChild(link);
    }
    if (custom.board) board.update(custom.board);
    if (bubble.childNodes.length === 1) return null;  // nothing we can show
    // The one line in another language: marked as that language (a screen reader speaks it so),
    // and not read aloud by the Dutch voice.
    const otherLanguage = typeof custom.lang === "string" && /^[a-z]{2}$/.test(custom.lang) && custom.lang !== "nl";
    if (otherLanguage) bubble.lang = custom.lang;
    const buttons = buttonsOf(message);
    const readAloud = text && !otherLanguage ? speech.button(text, buttons.map((b) => b.title)) : null;
    if (readAloud) bubble.appendChild(readAloud);
    log.appendChild(bubble);
    if (buttons.length) log.appendChild(choices(buttons, custom.layout === "grid"));
    return bubble;
  }

  function kindOf(button) {
    const choice = button.choice || "";
    if (choice.startsWith("score:")) return "smiley";
    if (choice === "next") return "next";
    if (choice === "talk_about") return "talk";
    if (QUIET_CHOICES.has(choice)) return "quiet";
    if (choice.startsWith("rating:") || /^\d+\+?$/.test(button.title)) return "number";
    return "answer";
  }

  function icon(kind) {
    const node = element("span", "icon icon-" + kind);
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  function choices(buttons, grid) {
    const kinds = buttons.map(kindOf);
    const group = element("div", "choices");
    if (kinds.includes("smiley")) group.classList.add("choices-scale");
    if (grid) group.classList.add(kinds.every((k) => k === "number" || k === "quiet") ? "choices-numbers" : "choices-grid");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", CHOICES_LABEL);
    buttons.forEach((choice, index) => {
      const kind = kinds[index];
      const button = element("button", "choice choice-" + kind);
      button.type = "button";
      if (kind === "smiley") {
        const [emoji, ...words] = choice.title.split(" ");
        const face = element("span", "emoji", emoji);
        face.setAttribute("aria-hidden", "true");
        button.append(face, element("span", "label", words.join(" ") || emoji));
      } else if (kind === "next" || kind === "talk") {
        button.append(icon(kind), element("span", "label", choice.title));
      } else {
        button.textContent = choice.title;
      }
      button.addEventListener("click", () => answerAndFocus(choice.payload, choice.title));
      group.appendChild(button);
    });
    return group;
  }

  // A phone number is asked: the phone's number pad, and its own number offered by the browser.
  function expectInput(kind) {
    if (kind === "tel") {
      input.setAttribute("inputmode", "tel");
      input.setAttribute("autocomplete", "tel");
    } else {
      input.removeAttribute("inputmode");
      input.setAttribute("autocomplete", "off");
    }
  }

  function showTyping() {
    const dots = element("div", "typing");
    dots.setAttribute("aria-hidden", "true");
    dots.append(element("span"), element("span"), element("span"));
    log.after(dots);
    log.setAttribute("aria-busy", "true");
    return () => {
      dots.remove();
      log.removeAttribute("aria-busy");
    };
  }

  function setStatus(text, isError, canRetry) {
    statusLine.textContent = text || "";
    statusLine.classList.toggle("is-error", Boolean(isError && text));
    retryButton.hidden = !canRetry;
  }

  function setBusy(value) {
    busy = value;
    sendButton.setAttribute("aria-disabled", value ? "true" : "false");
    retryButton.setAttribute("aria-disabled", value ? "true" : "false");
    for (const button of log.querySelectorAll(".choice")) button.setAttribute("aria-disabled", value ? "true" : "false");
    board.setBusy(value);
  }

  // --- one turn -----------------------------------------------------------------------
  // Returns "ok", "forbidden" (the token is not valid here) or "failed".
  async function send(text, shown, silent) {
    const stopTyping = showTyping();
    setBusy(true);
    setStatus("");
    const echo = silent ? null : showUser(shown);
    const id = messageIdFor(text);
    try {
      const messages = await post("message", { token: session.get(), message: text, message_id: id });
      if (!Array.isArray(messages) || messages.length === 0) throw new RequestFailed(502, ERROR_TEXT);
      pending = null;
      board.answered(choiceOf(text));
      stopTyping();
      speech.stop();
      for (const old of log.querySelectorAll(".choices")) old.remove();
      let shownCount = 0;
      let offered = [];
      let expects = "text";
      for (const message of messages) {
        if (showBot(message)) shownCount += 1;
        if (Array.isArray(message.buttons) && message.buttons.length) offered = buttonsOf(message);
        const custom = message.custom && typeof message.custom === "object" ? message.custom : {};
        expects = custom.expects === "tel" ? "tel" : "text";
      }
      expectInput(expects);
      board.offer(offered);
      if (shownCount === 0) throw new RequestFailed(502, ERROR_TEXT);
      const first = firstOf(echo, shownCount);
      first.scrollIntoView({ block: "start" });
      keepChoicesInSight(first);
      return "ok";
    } catch (error) {
      stopTyping();
      if (echo) echo.remove();
      if (error.status === 403) { pending = null; return "forbidden"; }
      // Not reached, timed out or a server error: the same message, with the same id, on a retry.
      // Refused (4xx): the server did not take it; a new attempt is a new message.
      const retriable = !error.status || error.status >= 500;
      pending = retriable ? { message: text, shown, id, silent } : null;
      setStatus(error.message || ERROR_TEXT, true, retriable);
      return "failed";
    } finally {
      setBusy(false);
    }
  }

  // On a short screen the answer at the top can push the last buttons under the input (the fifth
  // smiley on a 360 x 640 phone): then scroll on until the buttons show, as far as the question
  // can take the answer's place at the top (a long list, like the 14 topics, is scrolled by hand).
  function keepChoicesInSight(first) {
    const choices = log.querySelector(".choices");
    const question = choices && choices.previousElementSibling;
    if (!question) return;
    const visibleBottom = Math.min(form.getBoundingClientRect().top, window.innerHeight);
    const hidden = choices.getBoundingClientRect().bottom - visibleBottom;
    const room = question.getBoundingClientRect().top - first.getBoundingClientRect().top;
    if (hidden > 0 && room > 0) window.scrollBy(0, Math.min(hidden, room));
  }

  // The user's own message when there is one, else the first new message of the assistant.
  function firstOf(echo, count) {
    if (echo && echo.isConnected) return echo;
    const bubbles = log.querySelectorAll(".msg-bot");
    return bubbles[Math.max(0, bubbles.length - count)] || log;
  }

  async function answer(payload, shown) {
    if (busy) return false;
    if (!ready) {
      await start();
      return false;  // the assistant asked its first question now; the typed text stays
    }
    const result = await send(payload, shown, false);
    if (result === "forbidden") {
      session.clear();
      ready = false;
      board.clear();
      showNotice(SESSION_EXPIRED);
      await start();
      return false;
    }
    return result === "ok";
  }

  // A button (or a row of the live board) pressed: the answer, then the focus back to the
  // input, as after typing. On touch screens that would open the keyboard over the next
  // choices, so there the page only scrolls to the answer.
  async function answerAndFocus(payload, shown) {
    await answer(payload, shown);
    if (!coarsePointer) input.focus();
  }

  async function start() {
    if (busy) return;
    const token = session.get();
    if (token) {
      const result = await send(GREETING, "", true);
      if (result === "ok") { ready = true; return; }
      if (result === "failed") return;
      session.clear();  // forbidden: a token from another server; begin anew
    }
    setBusy(true);
    let created;
    try {
      created = await post("session", {});
    } catch (error) {
      setStatus(ERROR_TEXT, true, true);
      return;
    } finally {
      setBusy(false);
    }
    if (!created || typeof created.token !== "string") { setStatus(ERROR_TEXT, true, true); return; }
    session.set(created.token);
    ready = (await send(GREETING, "", true)) === "ok";
  }

  // --- the form -----------------------------------------------------------------------
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) {
      setStatus(EMPTY_INPUT, true);
      input.focus();
      return;
    }
    if (busy) return;
    if (!ready) {
      await start();  // show the assistant's question first; keep what was typed
      input.focus();
      return;
    }
    input.value = "";
    const sent = await answer(text, text);
    if (!sent && !input.value) input.value = text;  // nothing typed is lost
    input.focus();
  });

  // "Probeer opnieuw": the message that did not get through, with the same id.
  retryButton.addEventListener("click", async () => {
    if (busy) return;
    if (!ready || !pending || pending.silent) {
      await start();
    } else {
      const { message, shown } = pending;
      const typedNow = input.value === message;
      if (typedNow) input.value = "";
      const sent = await answer(message, shown);
      if (!sent && typedNow && !input.value) input.value = message;
    }
    if (retryButton.hidden) input.focus();
  });

  // --- deleting everything ------------------------------------------------------------
  async function forgetEverything() {
    if (busy) { setStatus(FORGET_FAILED, true); return; }
    const token = session.get();
    if (token) {
      setBusy(true);
      try {
        await post("forget", { token });
      } catch (error) {
        if (error.status !== 403) {  // 403: not a valid session, so nothing of it is stored
          setStatus(FORGET_FAILED, true);
          return;
        }
      } finally {
        setBusy(false);
      }
    }
    session.clear();
    ready = false;
    pending = null;
    speech.stop();
    board.clear();
    log.replaceChildren();
    setStatus("");
    const notice = showNotice(FORGOTTEN);
    const again = element("button", "choice restart", "Opnieuw beginnen");
    again.type = "button";
    again.addEventListener("click", async () => {
      notice.remove();
      await start();
      input.focus();
    });
    notice.appendChild(again);
    again.focus();
  }

  // Practice mode for wijkteam workers: the same as typing "/oefenen".
  practiceButton.addEventListener("click", async () => {
    if (await answer("/oefenen", "Oefenen")) input.focus();
  });

  forgetButton.addEventListener("click", () => {
    if (typeof dialog.showModal === "function") {
      dialog.returnValue = "";
      dialog.showModal();
    } else if (window.confirm("Alles verwijderen? Al je antwoorden worden gewist. Dat kan niet terug.")) {
      forgetEverything();
    }
  });

  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "yes") {
      forgetEverything();
    } else {
      forgetButton.focus();
    }
  });

  start();
})();
