/* app.js: lokmin ui's own small script; every page works without it. */
'use strict';

/* A page the browser shows again from its back-forward cache is asked from the server afresh: Back after
 * logging out then leads to the login form, never to the page of the session that ended. */
window.addEventListener('pageshow', function (ev) {
  if (ev.persisted)
    window.location.reload();
});
