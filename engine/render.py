"""Drawing a taste map: a plotly figure, exported to PNG by kaleido and to interactive HTML.

Plotly does not keep text labels apart, so cluster names are placed here: boxes are sized in
pixels, pushed apart until none overlap, kept inside the canvas, and tied to their cluster by
a leader line when they had to move.
"""

from __future__ import annotations

import asyncio
import html
import logging
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from engine.messages import text

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1600, 1200
MARGIN = dict(l=40, r=40, t=120, b=120)
LABEL_FONT = 24
PALETTE = (
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#9a6324",
    "#469990",
    "#800000",
    "#808000",
    "#000075",
    "#bfef45",
    "#fabed4",
    "#dcbeff",
    "#a9a9a9",
)
SYMBOLS = {"movie": "circle", "book": "square", "music": "diamond", "other": "triangle-up"}


@dataclass
class Box:
    """A label's box in pixels: centre (x, y) with y growing downwards, and its size."""

    x: float
    y: float
    width: float
    height: float
    anchor_x: float
    anchor_y: float

    def overlap(self, other: Box) -> tuple[float, float]:
        dx = (self.width + other.width) / 2 + 6 - abs(self.x - other.x)
        dy = (self.height + other.height) / 2 + 6 - abs(self.y - other.y)
        return dx, dy


def text_width(label: str, size: float) -> float:
    """Rough rendered width of `label` in pixels for a sans-serif font of `size` px."""
    width = 0.0
    for ch in label:
        if unicodedata.east_asian_width(ch) in {"W", "F"}:
            width += size
        elif ch.isupper():
            width += 0.68 * size
        elif ch == " ":
            width += 0.3 * size
        else:
            width += 0.56 * size
    return width


def place_labels(
    boxes: list[Box],
    *,
    area: tuple[float, float, float, float],
    points: np.ndarray | None = None,
    point_radius: float = 0.0,
    step: float = 10.0,
) -> list[Box]:
    """Give each box, in order, the free spot nearest its preferred position.

    Candidates spiral out from where the box starts (just above its anchor). A spot must lie
    inside `area` (x0, y0, x1, y1) and overlap no box placed before, so no two labels overlap
    and none leaves the canvas. Among those, the first that hides none of `points` (pixel
    centres (N, 2) of markers of `point_radius`) wins; when every spot within a few label
    heights hides some, the one hiding fewest does.
    """
    points = np.zeros((0, 2)) if points is None else np.asarray(points, dtype=float)
    placed: list[Box] = []
    for box in boxes:
        patience = 4 * box.height
        start_x, start_y = box.x, box.y
        best: tuple[int, float, float] | None = None
        for x, y in _spiral(box, area, step):
            box.x, box.y = x, y
            if any(min(box.overlap(other)) > 0 for other in placed):
                continue
            hidden = _hidden(box, points, point_radius)
            if best is None or hidden < best[0]:
                best = (hidden, x, y)
            far = math.hypot(x - start_x, y - start_y) > patience
            if hidden == 0 or far:
                break
        if best is not None:
            box.x, box.y = best[1], best[2]
        placed.append(box)
    return boxes


def _hidden(box: Box, points: np.ndarray, radius: float) -> int:
    """How many of `points` a label at `box` would cover."""
    if not len(points):
        return 0
    inside_x = np.abs(points[:, 0] - box.x) < box.width / 2 + radius
    inside_y = np.abs(points[:, 1] - box.y) < box.height / 2 + radius
    return int(np.count_nonzero(inside_x & inside_y))


def _spiral(box: Box, area: tuple[float, float, float, float], step: float):
    x0, y0, x1, y1 = area
    start_x, start_y = box.x, box.y
    reach = math.hypot(x1 - x0, y1 - y0)
    radius = 0.0
    while radius <= reach:
        count = max(1, int(2 * math.pi * radius / step))
        for i in range(count):
            # Start straight above and alternate sides, so nearer-to-vertical comes first.
            turn = (i + 1) // 2 * (1 if i % 2 else -1)
            angle = -math.pi / 2 + 2 * math.pi * turn / count
            x = start_x + radius * math.cos(angle)
            y = start_y + radius * math.sin(angle)
            yield (
                min(max(x, x0 + box.width / 2), x1 - box.width / 2),
                min(max(y, y0 + box.height / 2), y1 - box.height / 2),
            )
        radius += step
    yield start_x, start_y


def build_figure(taste_map, *, lang: str, width: int = WIDTH, height: int = HEIGHT) -> go.Figure:
    """The map as a plotly figure: a trace per cluster, a marker shape per media type."""
    picture = np.asarray(taste_map.picture, dtype=float)
    labels = np.asarray(taste_map.labels)
    items = taste_map.items
    x_range, y_range = _ranges(picture)
    fig = go.Figure()

    for cluster in taste_map.clusters:
        members = np.flatnonzero(labels == cluster.id)
        colour = PALETTE[cluster.id % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                x=picture[members, 0],
                y=picture[members, 1],
                mode="markers",
                name=cluster.name,
                showlegend=False,
                marker=dict(
                    size=_marker_size(len(items)),
                    color=colour,
                    opacity=0.85,
                    symbol=[SYMBOLS[items[i].type.value] for i in members],
                    line=dict(width=1, color="white"),
                ),
                customdata=[_hover(items[i], cluster.name, lang) for i in members],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )

    present = sorted({item.type.value for item in items}, key=list(SYMBOLS).index)
    for media in present:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=text(f"type_{media}", lang),
                marker=dict(size=14, color="#555", symbol=SYMBOLS[media]),
            )
        )

    _add_cluster_labels(fig, taste_map, picture, labels, x_range, y_range, width, height)
    title = text("map_title", lang, count=len(items), clusters=len(taste_map.clusters))
    fig.update_layout(
        width=width,
        height=height,
        margin=MARGIN,
        template="plotly_white",
        title=dict(text=title, x=0.5, font=dict(size=34)),
        font=dict(family="Noto Sans, DejaVu Sans, Arial, sans-serif", size=18),
        xaxis=dict(range=x_range, visible=False, fixedrange=False),
        yaxis=dict(range=y_range, visible=False),
        legend=dict(
            orientation="h", x=0.5, xanchor="center", y=-0.02, yanchor="top", font=dict(size=20)
        ),
        hoverlabel=dict(font_size=16),
    )
    if taste_map.note:
        fig.add_annotation(
            text=taste_map.note,
            xref="paper",
            yref="paper",
            x=1,
            y=-0.075,
            xanchor="right",
            showarrow=False,
            font=dict(size=15, color="#777"),
        )
    return fig


def _add_cluster_labels(fig, taste_map, picture, labels, x_range, y_range, width, height):
    if not taste_map.clusters:
        return
    plot_w = width - MARGIN["l"] - MARGIN["r"]
    plot_h = height - MARGIN["t"] - MARGIN["b"]

    def to_px(x: float, y: float) -> tuple[float, float]:
        px = (x - x_range[0]) / (x_range[1] - x_range[0]) * plot_w
        py = (y_range[1] - y) / (y_range[1] - y_range[0]) * plot_h
        return px, py

    def to_data(px: float, py: float) -> tuple[float, float]:
        x = x_range[0] + px / plot_w * (x_range[1] - x_range[0])
        y = y_range[1] - py / plot_h * (y_range[1] - y_range[0])
        return x, y

    boxes = []
    for cluster in taste_map.clusters:
        members = picture[labels == cluster.id]
        ax, ay = to_px(*np.median(members, axis=0))
        label_h = LABEL_FONT * 1.5
        box_w = text_width(cluster.name, LABEL_FONT) + 20
        boxes.append(Box(ax, ay - label_h, box_w, label_h, ax, ay))
    markers = np.array([to_px(x, y) for x, y in picture]) if len(picture) else None
    radius = _marker_size(len(picture)) / 2
    place_labels(boxes, area=(0, 0, plot_w, plot_h), points=markers, point_radius=radius)

    for cluster, box in zip(taste_map.clusters, boxes, strict=True):
        colour = PALETTE[cluster.id % len(PALETTE)]
        label_x, label_y = to_data(box.x, box.y)
        anchor_x, anchor_y = to_data(box.anchor_x, box.anchor_y)
        far = np.hypot(box.x - box.anchor_x, box.y - box.anchor_y) > box.height * 1.4
        fig.add_annotation(
            x=anchor_x if far else label_x,
            y=anchor_y if far else label_y,
            ax=label_x,
            ay=label_y,
            axref="x",
            ayref="y",
            showarrow=bool(far),
            arrowhead=0,
            arrowwidth=2,
            arrowcolor=colour,
            text=f"<b>{_escape(cluster.name)}</b>",
            font=dict(size=LABEL_FONT, color="#222"),
            bgcolor="rgba(255,255,255,0.88)",
            bordercolor=colour,
            borderwidth=2,
            borderpad=4,
        )


def _ranges(picture: np.ndarray) -> tuple[list[float], list[float]]:
    if len(picture) == 0:
        return [-1.0, 1.0], [-1.0, 1.0]
    low, high = picture.min(axis=0), picture.max(axis=0)
    span = np.maximum(high - low, 1e-6)
    pad = span * 0.12 + (span < 1e-3) * 1.0
    return [float(low[0] - pad[0]), float(high[0] + pad[0])], [
        float(low[1] - pad[1]),
        float(high[1] + pad[1] * 1.6),
    ]


def _marker_size(count: int) -> int:
    return 18 if count <= 50 else 13 if count <= 300 else 8 if count <= 3000 else 5


def _hover(item, cluster_name: str, lang: str) -> str:
    parts = [f"<b>{_escape(item.title)}</b>"]
    if item.creator:
        parts.append(_escape(item.creator))
    meta = text(f"type_{item.type.value}", lang)
    if item.year:
        meta += f", {item.year}"
    parts.append(meta)
    parts.append(f"{text('cluster_label', lang)}: {_escape(cluster_name)}")
    return "<br>".join(parts)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def map_html(fig: go.Figure, *, lang: str = "en") -> str:
    """The interactive map as one self-contained HTML page (plotly.js inside: works offline),
    titled like the map and marked with its language."""
    page = fig.to_html(
        include_plotlyjs=True,
        full_html=True,
        config={"displaylogo": False, "responsive": True},
    )
    title = html.escape(re.sub(r"<[^>]+>", "", fig.layout.title.text or "tastemap"))
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    return page.replace("<head>", f"<head><title>{title}</title>", 1)


def write_html(fig: go.Figure, path, *, lang: str = "en") -> None:
    """`map_html` written to `path` as UTF-8."""
    Path(path).write_text(map_html(fig, lang=lang), encoding="utf-8")


class BrowserMissing(RuntimeError):
    """No Chrome or Chromium for kaleido to draw PNGs with."""


class Renderer:
    """One persistent headless browser that turns figures into PNGs, one at a time.

    Use as `async with Renderer() as renderer: png = await renderer.png(fig)`.
    """

    def __init__(self, *, scale: float = 1.0) -> None:
        self._scale = scale
        self._kaleido = None
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> Renderer:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def open(self) -> None:
        import kaleido

        if self._kaleido is not None:
            return
        try:
            self._kaleido = kaleido.Kaleido(n=1, mathjax=False)
            await self._kaleido.open()
        except Exception as exc:
            self._kaleido = None
            raise BrowserMissing(
                "kaleido could not start Chrome/Chromium; install Debian's chromium "
                "(or set BROWSER_PATH to a Chrome binary)"
            ) from exc

    async def close(self) -> None:
        if self._kaleido is not None:
            await self._kaleido.close()
            self._kaleido = None

    async def png(self, fig: go.Figure) -> bytes:
        await self.open()
        layout = fig.layout
        opts = dict(
            format="png",
            width=layout.width or WIDTH,
            height=layout.height or HEIGHT,
            scale=self._scale,
        )
        async with self._lock:
            return await self._kaleido.calc_fig(fig, opts=opts)
