// Wat telt web chat. Talks to the Rasa server's web chat channel (bot/channels/webchat.py)
// next to this page: POST session, message and forget. Only the session token is kept in the
// browser (localStorage), never what was said: phones are often shared.
// Everything from the bot or the user is shown as text (textContent), never as HTML.
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
  const MEDIA_MARK = "/webhooks/webchat/media/";
  const REQUEST_TIMEOUT_MS = 60000;

  const log = document.getElementById("log");
  const statusLine = document.getElementById("status");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const forgetButton = document.getElementById("forget");
  const practiceButton = document.getElementById("practice");
  const dialog = document.getElementById("forget-dialog");
  const coarsePointer = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;

  let busy = false;      // one request at a time
  let ready = false;     // the conversation has started (session + first answer of the assistant)
  let memoryToken = null;  // when localStorage is not available (some private modes)

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
    if (text !== undefined) node.textContent = text;
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

  function showBot(message) {
    const bubble = element("div", "msg msg-bot");
    bubble.appendChild(speaker("Wat telt"));
    if (typeof message.text === "string" && message.text) {
      bubble.appendChild(element("p", "text", message.text));
    }
    const image = mediaUrl(message.image);
    if (image) {
      const picture = element("img", "board");
      picture.alt = IMAGE_ALT;
      picture.src = image;
      bubble.appendChild(picture);
      bubble.classList.add("msg-media");
    }
    const custom = message.custom && typeof message.custom === "object" ? message.custom : null;
    const documentUrl = custom ? mediaUrl(custom.document) : null;
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
    if (bubble.childNodes.length === 1) return null;  // nothing we can show
    log.appendChild(bubble);
    if (Array.isArray(message.buttons) && message.buttons.length) {
      log.appendChild(choices(message.buttons));
    }
    return bubble;
  }

  function choices(buttons) {
    const isScale = buttons.some((b) => String(b.payload).startsWith("/rate_domain"));
    const group = element("div", "choices" + (isScale ? " choices-scale" : ""));
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Kies een antwoord");
    for (const choice of buttons) {
      const title = String(choice.title || choice.payload || "");
      const payload = String(choice.payload || title);
      if (!title) continue;
      const button = element("button", "choice");
      button.type = "button";
      if (payload.startsWith("/rate_domain")) {
        const [emoji, ...words] = title.split(" ");
        button.classList.add("choice-smiley");
        const face = element("span", "emoji", emoji);
        face.setAttribute("aria-hidden", "true");
        button.append(face, element("span", "label", words.join(" ") || emoji));
      } else if (/^\d+$/.test(payload)) {
        button.classList.add("choice-number");
        button.textContent = title;
      } else {
        button.textContent = title;
      }
      button.addEventListener("click", async () => {
        await answer(payload, title);
        // Focus back to the input, as after typing. On touch screens that would open the
        // keyboard over the next choices, so there the page only scrolls to the answer.
        if (!coarsePointer) input.focus();
      });
      group.appendChild(button);
    }
    return group;
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

  function setStatus(text, isError) {
    statusLine.textContent = text || "";
    statusLine.classList.toggle("is-error", Boolean(isError && text));
  }

  function setBusy(value) {
    busy = value;
    sendButton.setAttribute("aria-disabled", value ? "true" : "false");
    for (const button of log.querySelectorAll(".choice")) button.setAttribute("aria-disabled", value ? "true" : "false");
  }

  // --- one turn -----------------------------------------------------------------------
  // Returns "ok", "forbidden" (the token is not valid here) or "failed".
  async function send(text, shown, silent) {
    const stopTyping = showTyping();
    setBusy(true);
    setStatus("");
    const echo = silent ? null : showUser(shown);
    try {
      const messages = await post("message", { token: session.get(), message: text });
      if (!Array.isArray(messages) || messages.length === 0) throw new RequestFailed(502, ERROR_TEXT);
      stopTyping();
      for (const old of log.querySelectorAll(".choices")) old.remove();
      let shownCount = 0;
      for (const message of messages) if (showBot(message)) shownCount += 1;
      if (shownCount === 0) throw new RequestFailed(502, ERROR_TEXT);
      firstOf(echo, shownCount).scrollIntoView({ block: "start" });
      return "ok";
    } catch (error) {
      stopTyping();
      if (echo) echo.remove();
      if (error.status === 403) return "forbidden";
      setStatus(error.message || ERROR_TEXT, true);
      return "failed";
    } finally {
      setBusy(false);
    }
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
      showNotice(SESSION_EXPIRED);
      await start();
      return false;
    }
    return result === "ok";
  }

  async function start() {
    if (busy) return;
    const token = session.get();
    if (token) {
      const result = await send("/resume", "", true);
      if (result === "ok") { ready = true; return; }
      if (result === "failed") return;
      session.clear();  // forbidden: a token from another server; begin anew
    }
    setBusy(true);
    let created;
    try {
      created = await post("session", {});
    } catch (error) {
      setStatus(ERROR_TEXT, true);
      return;
    } finally {
      setBusy(false);
    }
    if (!created || typeof created.token !== "string") { setStatus(ERROR_TEXT, true); return; }
    session.set(created.token);
    ready = (await send("hoi", "", true)) === "ok";
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
