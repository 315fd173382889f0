() => {
  // What the site tests check on a page, read in one pass (see conftest.SiteVisitor).
  const all = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");
  const describe = (el) => {
    const id = el.id ? "#" + el.id : "";
    const cls = el.className && typeof el.className === "string"
      ? "." + el.className.trim().split(/\s+/).join(".") : "";
    return el.tagName.toLowerCase() + id + cls;
  };
  const explorerMeta = (div) => {
    try {
      const fig = JSON.parse(div.getAttribute("data-figure"));
      const meta = fig.layout && fig.layout.meta && fig.layout.meta.commlib_explorer;
      return meta ? { name: meta.name, dims: meta.dims, initial: meta.initial,
                      headlines: meta.headlines } : null;
    } catch (err) {
      return { error: String(err) };
    }
  };
  return {
    title: document.title,
    theme: document.documentElement.dataset.theme || "",
    scripts: all("script[src]").map((s) => s.getAttribute("src")),
    widgetState: !!document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]'),
    widgetViews: all('script[type="application/vnd.jupyter.widget-view+json"]').length,
    widgetElements: all(".jupyter-widgets, .widget-html, .widget-inline-hbox").length,
    browserExplorers: all("div.commlib-bx").map(d => ({
      name: d.dataset.bx,
      controls: d.querySelectorAll(".commlib-bx-controls input, .commlib-bx-controls select").length,
    })),
    plots: all("div.commlib-plotly").map((div) => ({
      id: div.id,
      rendered: div.dataset.rendered === "true",
      explorer: div.dataset.explorer || null,
      step: div.dataset.step === undefined ? null : div.dataset.step,
      readout: text(document.getElementById(div.id + "-readout")),
      controls: all(".commlib-explorer-controls input, .commlib-explorer-controls select",
                    div.parentNode).map((c) => c.id),
      background: getComputedStyle(div).backgroundColor,
      meta: explorerMeta(div),
    })),
    svgs: all("svg.commlib-svg").map((svg) => ({
      background: getComputedStyle(svg).backgroundColor,
      fill: (svg.querySelector("rect") || { getAttribute: () => null }).getAttribute("fill"),
    })),
    figures: all("figure.commlib-figure").map((fig) => {
      const altId = fig.getAttribute("aria-describedby");
      const alt = altId ? document.getElementById(altId) : null;
      const details = fig.querySelector("details.commlib-data");
      const table = details ? details.querySelector("table") : null;
      return {
        id: fig.id,
        alt: alt && fig.contains(alt) ? text(alt) : "",
        caption: text(fig.querySelector("figcaption")),
        summary: details ? text(details.querySelector("summary")) : "",
        tableHeaders: table ? table.querySelectorAll("th").length : 0,
        tableRows: table ? table.querySelectorAll("tbody tr").length : 0,
      };
    }),
    tables: all("table").map((table) => ({
      where: describe(table) + " in " + describe(table.parentElement),
      caption: text(table.querySelector("caption")).slice(0, 80),
      headers: table.querySelectorAll("th").length,
      rows: table.rows.length,
      layout: ["presentation", "none"].includes(table.getAttribute("role")),
    })),
  };
}
