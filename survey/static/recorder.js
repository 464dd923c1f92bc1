/* The recordings page works without this file (a file is chosen and uploaded). With it,
   where the browser can record (MediaRecorder), each upload form gets a "Record" button:
   it records from the microphone, puts the recording into the form's file field and
   sends the form, exactly as an uploaded file. Nothing goes anywhere but this server. */
(function () {
  "use strict";
  var texts = document.getElementById("recorder-texts");
  if (!texts || !window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia
      || !window.DataTransfer || !window.File) return;
  var words = texts.dataset;

  Array.prototype.forEach.call(document.querySelectorAll("form[data-recorder]"), function (form) {
    var input = form.querySelector("input[type=file]");
    var actions = form.querySelector(".actions");
    if (!input || !actions) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = words.record;
    var status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("aria-live", "polite");  // read out by screen readers when it changes
    actions.appendChild(button);
    actions.after(status);
    var recorder = null;

    button.addEventListener("click", function () {
      if (recorder) { recorder.stop(); return; }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (event) {
          if (event.data && event.data.size) chunks.push(event.data);
        });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          var type = (recorder.mimeType || "audio/webm").split(";")[0];
          var ending = type.indexOf("mp4") >= 0 ? "m4a" : type.indexOf("ogg") >= 0 ? "ogg" : "webm";
          var files = new DataTransfer();
          files.items.add(new File(chunks, "recording." + ending, { type: type }));
          input.files = files.files;
          recorder = null;
          if (form.requestSubmit) form.requestSubmit(); else form.submit();
        });
        recorder.start();
        button.textContent = words.stop;
        status.textContent = words.recording;
      }, function () {
        status.textContent = words.refused;
      });
    });
  });
})();
