import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.items import Item, MediaType
from engine.pipeline import Cluster, TasteMap
from engine.render import Box, build_figure, map_html, place_labels, text_width

AREA = (0.0, 0.0, 1520.0, 980.0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1520), st.floats(0, 980), st.integers(4, 30)),
        min_size=1,
        max_size=16,
    )
)
def test_placed_labels_never_overlap_or_leave_the_canvas(specs):
    boxes = [Box(x, y, text_width("x" * n, 24) + 20, 36, x, y) for x, y, n in specs]
    place_labels(boxes, area=AREA)
    for box in boxes:
        assert AREA[0] - 1e-6 <= box.x - box.width / 2 and box.x + box.width / 2 <= AREA[2] + 1e-6
        assert (
            AREA[1] - 1e-6 <= box.y - box.height / 2 and box.y + box.height / 2 <= AREA[3] + 1e-6
        )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx, dy = a.overlap(b)
            assert dx <= 0 or dy <= 0  # not even the 6 px gap is shared


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1520), st.floats(0, 980)), min_size=1, max_size=8),
    st.lists(st.tuples(st.floats(0, 1520), st.floats(0, 980)), max_size=400),
)
def test_markers_never_make_labels_overlap_or_leave_the_canvas(anchors, markers):
    boxes = [Box(x, y, 200, 36, x, y) for x, y in anchors]
    place_labels(boxes, area=AREA, points=np.array(markers).reshape(-1, 2), point_radius=9)
    for i, a in enumerate(boxes):
        assert AREA[0] - 1e-6 <= a.x - a.width / 2 and a.x + a.width / 2 <= AREA[2] + 1e-6
        for b in boxes[i + 1 :]:
            assert min(a.overlap(b)) <= 0


def test_a_label_moves_off_the_markers_of_its_cluster_when_it_can():
    # A tight 5x5 grid of markers around (700, 500); the label would start over its top rows.
    grid = np.array(
        [(700 + dx, 500 + dy) for dx in range(-40, 41, 20) for dy in range(-40, 41, 20)]
    )
    box = Box(700, 470, 180, 36, 700, 500)
    place_labels([box], area=AREA, points=grid, point_radius=9)
    covered = (np.abs(grid[:, 0] - box.x) < 90 + 9) & (np.abs(grid[:, 1] - box.y) < 18 + 9)
    assert not covered.any()
    assert abs(box.y - 500) < 4 * 36 + 60  # still next to its cluster


def test_cjk_and_cyrillic_widths_are_estimated():
    assert text_width("東京物語", 20) > text_width("abcd", 20)
    assert text_width("ностальгия", 20) > 0


def _map(lang="ru"):
    items = [
        Item("Сталкер", MediaType.MOVIE, "Андрей Тарковский", 1979),
        Item("Dune", MediaType.BOOK),
        Item("OK Computer", MediaType.MUSIC, "Radiohead"),
    ]
    return TasteMap(
        items=items,
        labels=np.array([0, 0, 1]),
        picture=np.array([[0, 0], [1, 1], [5, 5]]),
        vectors=np.zeros((3, 4)),
        clusters=[
            Cluster(0, "ностальгическая грусть", 2, [0, 1]),
            Cluster(1, "neon <dystopias>", 1, [2]),
        ],
        lang=lang,
        timings={},
        note="offline",
    )


def test_figure_has_a_trace_per_cluster_shapes_per_type_and_escaped_labels():
    fig = build_figure(_map(), lang="ru")
    cluster_traces = [t for t in fig.data if t.showlegend is False]
    assert len(cluster_traces) == 2
    assert set(cluster_traces[0].marker.symbol) == {"circle", "square"}
    labels = [a.text for a in fig.layout.annotations]
    assert "<b>ностальгическая грусть</b>" in labels
    assert "<b>neon &lt;dystopias&gt;</b>" in labels
    assert "Карта вкуса" in fig.layout.title.text
    assert "Андрей Тарковский" in cluster_traces[0].customdata[0]


def test_the_html_page_is_titled_and_says_its_language():
    page = map_html(build_figure(_map("ru"), lang="ru"), lang="ru")
    assert '<html lang="ru">' in page
    assert "<title>Карта вкуса · 3 " in page and "<b>" not in page.split("</title>")[0]
