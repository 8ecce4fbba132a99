/* Portcullis console: small helpers the pages share. */
window.PortcullisConsole = {
  /**
   * Copies the value of the input beside the button. Uses the Clipboard API where the browser
   * offers it (secure contexts), else the selection and the copy command, which also work over
   * plain http; the input stays selected either way, so the user can press Ctrl+C too.
   */
  copy: function (button) {
    var input = button.closest('.pc-copy').querySelector('input');
    var label = button.querySelector('span');
    input.focus();
    input.select();
    var done = function () {
      label.textContent = 'Copied';
      setTimeout(function () { label.textContent = 'Copy'; }, 2000);
    };
    var fallback = function () {
      try {
        if (document.execCommand('copy')) {
          done();
        }
      } catch (e) {
        /* the text stays selected for Ctrl+C */
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, fallback);
    } else {
      fallback();
    }
  }
};
