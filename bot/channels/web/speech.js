// Wat telt web chat: "Lees voor", a message read aloud by the browser's own speech synthesis
// (window.speechSynthesis) with a Dutch voice on the device. Nothing is sent anywhere: only a
// voice that runs on the device itself (localService) is used, so a browser's online voice
// never gets the text. Without such a voice the buttons stay hidden (body lacks "can-speak").
"use strict";

window.WatTeltSpeech = (() => {
  const READ = "Lees voor";
  const STOP = "Stop";
  const CHOICES = "Je kunt kiezen:";
  const synth = "speechSynthesis" in window ? window.speechSynthesis : null;
  const Utterance = typeof window.SpeechSynthesisUtterance === "function" ? window.SpeechSynthesisUtterance : null;
  const supported = Boolean(synth && Utterance && typeof synth.speak === "function");

  let voice = null;     // the Dutch voice on this device, once the browser lists its voices
  let playing = null;   // {utterance, button} while a message is read

  function dutchVoice() {
    let voices = [];
    try { voices = synth.getVoices() || []; } catch (e) { voices = []; }
    const local = Array.from(voices).filter((v) => v && v.localService !== false && /^nl([-_]|$)/i.test(String(v.lang || "")));
    return local.find((v) => /^nl[-_]nl$/i.test(v.lang) && v.default)
      || local.find((v) => /^nl[-_]nl$/i.test(v.lang))
      || local[0]
      || null;
  }

  function refresh() {
    voice = supported ? dutchVoice() : null;
    document.body.classList.toggle("can-speak", Boolean(voice));
    if (!voice) stop();
  }

  // Emoji are for the eye; a voice would read them as "teleurgesteld gezicht".
  function spoken(text) {
    return String(text || "")
      .replace(/[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u200d\ufe0f]/gu, "")
      .replace(/[ \t]+/g, " ")
      .trim();
  }

  function show(button, reading) {
    button.textContent = reading ? STOP : READ;
    button.classList.toggle("is-reading", reading);
  }

  function stop() {
    const was = playing;
    playing = null;
    if (was) show(was.button, false);
    if (supported) {
      try { synth.cancel(); } catch (e) { /* nothing was playing */ }
    }
  }

  function read(text, button) {
    const same = playing && playing.button === button;
    stop();
    if (same || !voice) return;  // pressed again: stop
    const utterance = new Utterance(text);
    utterance.lang = voice.lang ? String(voice.lang).replace("_", "-") : "nl-NL";
    try { utterance.voice = voice; } catch (e) { /* the lang alone */ }
    utterance.rate = 0.95;
    const done = () => {
      if (playing && playing.utterance === utterance) {
        playing = null;
        show(button, false);
      }
    };
    utterance.onend = done;
    utterance.onerror = done;
    playing = { utterance, button };
    show(button, true);
    synth.speak(utterance);
  }

  // A "Lees voor" button for a message: its text, then the titles of its buttons.
  function button(text, choices) {
    const lines = [spoken(text)];
    const titles = (choices || []).map(spoken).filter(Boolean);
    if (titles.length) lines.push(CHOICES + " " + titles.join(". ") + ".");
    const words = lines.filter(Boolean).join("\n");
    if (!supported || !words) return null;
    const node = document.createElement("button");
    node.type = "button";
    node.className = "read-aloud";
    show(node, false);
    node.addEventListener("click", () => read(words, node));
    return node;
  }

  if (supported) {
    refresh();
    if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", refresh);
    else synth.onvoiceschanged = refresh;
    window.addEventListener("pagehide", stop);
  }

  return { button, stop, supported };
})();
