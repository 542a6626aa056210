"""Turning benchmark rows into plots and ratio tables.

A plot groups the rows of one workload whose fixed parameters agree; the x axis
is the thread count when it varies, else the one parameter that varies; one
line per implementation.
"""
import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def metric(rows):
    """(field, label, higher_is_better) for a group of rows."""
    if all("items_per_second" in r.raw for r in rows):
        return "items_per_second", "operations per second", True
    unit = rows[0].raw.get("time_unit", "ns")
    return "real_time", f"time per operation ({unit}, lower is better)", False


def _num(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    return int(f) if f.is_integer() else f


def groups(rows):
    """Splits one family's rows into plot groups: {(workload, fixed params): (x_name, rows)}."""
    by_workload = {}
    for r in rows:
        by_workload.setdefault(r.workload, []).append(r)
    out = {}
    for workload, wrows in by_workload.items():
        # Only a parameter every row of the workload carries can be an axis.
        common = set.intersection(*(set(r.params) for r in wrows))
        varying = [k for k in sorted(common) if len({r.params[k] for r in wrows}) > 1]
        if len({r.threads for r in wrows}) > 1:
            x_name = "threads"
        elif varying:
            x_name = varying[0]
        else:
            x_name = None
        for r in wrows:
            fixed = tuple(sorted((k, v) for k, v in r.params.items() if k != x_name))
            out.setdefault((workload, fixed), (x_name, []))[1].append(r)
    return out


def x_of(r, x_name):
    if x_name is None:
        return ""
    return r.threads if x_name == "threads" else _num(r.params.get(x_name))


def series(rows, x_name):
    """impl -> {x: value}; several rows at one point are averaged."""
    field, _, _ = metric(rows)
    acc = {}
    for r in rows:
        v = r.raw.get(field)
        if v is None:
            continue
        acc.setdefault(r.impl, {}).setdefault(x_of(r, x_name), []).append(float(v))
    return {impl: {x: sum(vs) / len(vs) for x, vs in pts.items()} for impl, pts in acc.items()}


def png_base64(fig):
    """Renders and closes FIG; the PNG as base64, for an <img src="data:..."> (plugins use it too)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def figure_png(title, x_name, rows, reference, kinds):
    field, label, _ = metric(rows)
    data = series(rows, x_name)
    fig, ax = plt.subplots(figsize=(7.5, 4.2), dpi=100)
    if x_name is None:
        names = sorted(data, key=lambda n: -next(iter(data[n].values())))
        vals = [next(iter(data[n].values())) for n in names]
        colors = ["#222222" if n == reference else ("#c0392b" if kinds.get(n) == "known-bad" else "#2f6db5")
                  for n in names]
        ax.barh(names, vals, color=colors)
        ax.invert_yaxis()
        ax.set_xlabel(label)
    else:
        # tab20 rather than the default 10-colour cycle: queue families plot 13 lines.
        palette = plt.cm.tab20.colors
        for i, impl in enumerate(sorted(data)):
            pts = sorted(data[impl].items(), key=lambda p: (isinstance(p[0], str), p[0]))
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            style = {"linewidth": 2.6, "color": "#222222"} if impl == reference else \
                {"linewidth": 1.5, "color": palette[i % len(palette)]}
            if kinds.get(impl) == "known-bad":
                style["linestyle"] = "--"
            ax.plot(xs, ys, marker="o", markersize=4, label=impl, **style)
        ax.set_xlabel("threads" if x_name == "threads" else x_name)
        ax.set_ylabel(label)
        xs_all = sorted({x for d in data.values() for x in d if not isinstance(x, str)})
        if x_name == "threads" and xs_all:
            ax.set_xscale("log", base=2)
            ax.set_xticks(xs_all)
            ax.set_xticklabels([str(int(x)) for x in xs_all])
        if len(xs_all) > 1 and min(xs_all) > 0 and max(xs_all) / min(xs_all) >= 64 and x_name != "threads":
            ax.set_xscale("log", base=2)
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        ax.grid(True, alpha=0.3)
    vals = [v for d in data.values() for v in d.values()]
    if vals and min(vals) > 0 and max(vals) / min(vals) > 50:
        (ax.set_xscale if x_name is None else ax.set_yscale)("log")
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return png_base64(fig)


def ratio_table(rows, x_name, reference):
    """{impl: {x: ratio}} against REFERENCE at the same x; >1 is better than the reference."""
    if not reference:
        return None
    _, _, higher = metric(rows)
    data = series(rows, x_name)
    ref = data.get(reference)
    if not ref:
        return None
    out = {}
    for impl, pts in data.items():
        out[impl] = {}
        for x, v in pts.items():
            r = ref.get(x)
            if r and v:
                out[impl][x] = (v / r) if higher else (r / v)
    return out
