// Runs before the page is drawn, so a dark page never flashes light (or the other way): the
// account's last known choice (kept in this browser by the app), else the device's setting.
(function () {
  var choice;
  try {
    choice = window.localStorage.getItem('twofold.theme');
  } catch {
    choice = null;
  }
  var dark =
    choice === 'dark' ||
    (choice !== 'light' && !!window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
})();
