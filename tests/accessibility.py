"""The accessibility check of the browser tests: axe-core (vendored in tests/assets/axe-core) run in the page.

    assert serious_violations(page) == []

The browser context needs `bypass_csp=True`: the site's Content-Security-Policy rightly refuses the injected script.
"""

from pathlib import Path

AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")

RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def serious_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA rules the page breaks with a serious or critical impact (id, help, first nodes)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN) if v["impact"] in SERIOUS]
