/*
 * Runs before the app, as a plain script (ES5, so every browser runs it): says why the app did not
 * start. A browser without module scripts is too old; a module script that failed to load means a
 * missing file (a wrong address, a broken deploy), not an old browser.
 */
(function () {
  var boot = document.querySelector('[data-testid="boot-message"]');
  if (!boot) return;
  function show(state, file) {
    var parts = boot.querySelectorAll('[data-boot]');
    for (var i = 0; i < parts.length; i++) parts[i].hidden = parts[i].getAttribute('data-boot') !== state;
    var names = boot.querySelectorAll('[data-boot-file]');
    for (var j = 0; j < names.length; j++) names[j].textContent = file || '';
    boot.setAttribute('data-state', state);
  }
  if (!('noModule' in HTMLScriptElement.prototype)) {
    show('old');
    return;
  }
  window.addEventListener(
    'error',
    function (e) {
      var el = e.target;
      if (el && el.tagName === 'SCRIPT' && el.type === 'module' && document.contains(boot)) {
        show('missing', el.getAttribute('src'));
      }
    },
    true,
  );
})();
