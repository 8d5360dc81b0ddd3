/**
 * An error page in the style Apache Tomcat writes (our own text): what the real platform's
 * server answers a GET to an `/osapi/*` endpoint with (405), and the twin too with
 * `vendorQuirks` (D72).
 */
export function tomcatPage(status: number, reason: string, message = reason) {
  return [
    '<!doctype html><html lang="en"><head>',
    `<title>HTTP Status ${status} – ${reason}</title>`,
    '<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1 {font-size:22px;}</style>',
    `</head><body><h1>HTTP Status ${status} – ${reason}</h1><hr class="line" />`,
    `<p><b>Type</b> Status Report</p><p><b>Message</b> ${message}</p>`,
    '<hr class="line" /><h3>Apache Tomcat/8.5.35</h3></body></html>',
  ].join('');
}
