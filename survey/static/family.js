/* Family pages work without this file. With it:
   - "Vorlesen" buttons appear where a recording exists or the phone itself has a voice
     for the language (voices that would send the text to a server are never used);
   - on a shared tablet (kiosk mode), a page brought back by the back button is replaced
     by the start, so the next person never sees the previous answers. */
(function () {
  "use strict";
  var body = document.body;
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && body.dataset.restart) {
      body.hidden = true;
      window.location.replace(body.dataset.restart);
    }
  });

  var buttons = Array.prototype.slice.call(document.querySelectorAll("button.read-aloud"));
  if (!buttons.length) return;
  var synth = window.speechSynthesis;
  var player = null;

  function baseLanguage(tag) {
    return String(tag || "").toLowerCase().split(/[-_]/)[0];
  }
  function localVoice(language) {
    if (!synth) return null;
    var wanted = baseLanguage(language);
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].localService && baseLanguage(voices[i].lang) === wanted) return voices[i];
    }
    return null;
  }
  function reveal() {
    buttons.forEach(function (button) {
      if (button.dataset.audio || localVoice(button.dataset.lang)) button.hidden = false;
    });
  }
  function stop() {
    if (player) { player.pause(); player = null; }
    if (synth) synth.cancel();
  }
  function readAloud(button) {
    stop();
    if (button.dataset.audio) {
      player = new Audio(button.dataset.audio);
      player.play();
      return;
    }
    var target = document.getElementById(button.dataset.read);
    var voice = localVoice(button.dataset.lang);
    if (!target || !voice) return;
    var utterance = new SpeechSynthesisUtterance(target.textContent.trim());
    utterance.lang = voice.lang;
    utterance.voice = voice;
    synth.speak(utterance);
  }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () { readAloud(button); });
  });
  reveal();
  if (synth && synth.addEventListener) synth.addEventListener("voiceschanged", reveal);
})();
