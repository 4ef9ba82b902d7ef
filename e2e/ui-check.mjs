// Opens the gateway's dashboard (GET /ui) in headless Chromium through playwright-core and prints one JSON object
// with what the page shows. Used by src/test/java/io/camelgateway/ui/DashboardBrowserTest.java, which sends the
// traffic and compares the numbers with the ledger.
//
// env: GATEWAY_URL (no trailing slash), ADMIN_TOKEN, PERIOD (1h|24h|7d|30d), CHROMIUM (the browser binary)
import { chromium } from "playwright-core";

const base = process.env.GATEWAY_URL;
const period = process.env.PERIOD || "1h";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  // root in a container: Chromium's sandbox needs user namespaces it may not have
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  timeout: 30_000,
});
const result = { console: [], requests: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // the refused login's 401 is expected; anything else (a CSP violation, a script error, a 404) is reported
  page.on("console", (m) => {
    if ((m.type() === "error" || m.type() === "warning") && !/status of 401/.test(m.text())) result.console.push(m.text());
  });
  page.on("pageerror", (e) => result.console.push("pageerror: " + e.message));
  page.on("request", (r) => result.requests.push(r.url()));

  const response = await page.goto(`${base}/ui`, { waitUntil: "domcontentloaded" });
  result.page = {
    status: response.status(),
    contentType: response.headers()["content-type"],
    csp: response.headers()["content-security-policy"],
  };

  // a wrong token: the login form says so and the dashboard stays hidden
  await page.fill("#token", "not-the-admin-token");
  await page.click("#login-submit");
  await page.waitForSelector("body[data-state='login-error']");
  result.wrongToken = {
    error: await page.textContent("#login-error"),
    dashboardHidden: await page.isHidden("#dashboard"),
    stored: await page.evaluate(() => sessionStorage.length),
  };

  await page.fill("#token", process.env.ADMIN_TOKEN);
  await page.click("#login-submit");
  await page.waitForSelector("body[data-state='ready']");
  await page.selectOption("#period", period);
  await page.waitForSelector(`body[data-state='ready'][data-period='${period}']`);

  result.shown = await page.evaluate(() => {
    const count = (selector) => document.querySelectorAll(selector).length;
    const metrics = {};
    document.querySelectorAll("[data-metric]").forEach((e) => { metrics[e.dataset.metric] = e.dataset.value; });
    const bars = (id) => Array.from(document.querySelectorAll(`#${id} rect.bar`))
      .map((r) => ({ name: r.dataset.name, value: Number(r.dataset.value) }));
    return {
      period: document.body.dataset.period,
      metrics,
      bars: {
        owner: bars("chart-owner"), team: bars("chart-team"), model: bars("chart-model"),
        latency: bars("chart-latency"), savings: bars("savings"),
      },
      tokens: Object.fromEntries(["owner", "team", "model"].map((g) => [g,
        Object.fromEntries(Array.from(document.querySelectorAll(`#chart-${g} table.tokens tr[data-name]`))
          .map((r) => [r.dataset.name, { turns: Number(r.dataset.turns), input: Number(r.dataset.inputTokens),
            output: Number(r.dataset.outputTokens) }]))])),
      arcs: Array.from(document.querySelectorAll("#chart-split circle.arc"))
        .map((c) => ({ name: c.dataset.name, value: Number(c.dataset.value) })),
      lines: count("#chart-requests polyline.line") + count("#chart-spend polyline.line"),
      areas: count("#chart-requests path.area") + count("#chart-spend path.area"),
      seriesTotals: Object.fromEntries(Array.from(document.querySelectorAll("polyline[data-series]"))
        .map((p) => [p.dataset.series, Number(p.dataset.total)])),
      svgElements: count("svg *"),
      empties: Array.from(document.querySelectorAll("[data-empty]")).map((e) => e.parentElement.id),
      providers: Array.from(document.querySelectorAll("#providers tr[data-provider]"))
        .map((r) => ({ name: r.dataset.provider, state: r.dataset.state })),
      failed: Array.from(document.querySelectorAll("#failed tr.failed-turn"))
        .map((r) => ({ status: Number(r.dataset.status), errorCode: r.dataset.errorCode, text: r.textContent })),
      sessionToken: sessionStorage.getItem("gatewayAdminToken") !== null,
      localStorage: localStorage.length,
      cookies: document.cookie,
    };
  });
  if (process.env.SCREENSHOT) {
    await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
  }
} catch (e) {
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
