// Progressive enhancement only: tells the server the browser's time zone in the "tz"
// cookie, so that pages show times in it for people who chose none on their account
// page (hiring/time_zones.py, which ignores a name it does not know). Without this
// file, times are in the chosen zone or in UTC.
(() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // IANA names only ("America/New_York", "Etc/GMT+5"): nothing a cookie must escape.
  if (!zone || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) {
    return;
  }
  const sent = document.cookie.split("; ").find((pair) => pair.startsWith("tz="));
  if (sent === `tz=${zone}`) {
    return;
  }
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `tz=${zone}; path=/; max-age=31536000; SameSite=Lax${secure}`;
})();
