"""What the family plugins share to write their HTML: escaping, the table of a
family's verification rows, and the sections that have something to show."""
import html


def esc(x):
    return html.escape(str(x), quote=True)


def verify_table(rows, extra=()):
    """Verification rows as a table: implementation, kind, check, outcome, then
    one numeric column per (heading, row -> value) of `extra`, then the first
    failure. None when there are no rows (the section is left out)."""
    if not rows:
        return None
    heads = ["implementation", "kind", "check", "outcome", *(h for h, _ in extra), "first failure"]
    body = "".join(
        f"<tr><td>{esc(r.get('name'))}</td><td>{esc(r.get('kind'))}</td><td>{esc(r.get('check'))}</td>"
        f"<td class='{esc(r.get('outcome'))}'>{esc(r.get('outcome'))}</td>"
        + "".join(f"<td class='num'>{esc(value(r))}</td>" for _, value in extra)
        + f"<td>{esc(r.get('message', ''))}</td></tr>" for r in rows)
    return "<table><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>" + body + "</table>"


def present(parts):
    """The (title, body) pairs whose body is not empty, in order."""
    return [(title, body) for title, body in parts if body]


def matplotlib():
    """scripts/report/plots.py (Matplotlib, Agg), or None where Matplotlib is
    missing: the sections are then tables only."""
    try:
        import plots
        return plots
    except Exception:  # noqa: BLE001 - no Matplotlib: tables only
        return None


def img(title, fig, plots):
    """A figure as an inline PNG."""
    return f"<img class='plot' alt='{esc(title)}' src='data:image/png;base64,{plots.png_base64(fig)}'>"
