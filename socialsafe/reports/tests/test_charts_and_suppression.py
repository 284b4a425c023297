from django.template.loader import render_to_string

from socialsafe.reports.charts import Bar, Chart
from socialsafe.reports.suppress import FEWER, change, suppress


def test_counts_from_one_to_four_are_not_shown():
    assert [suppress(n).text for n in (0, 1, 4, 5, 12)] == ["0", FEWER, FEWER, "5", "12"]
    assert not suppress(3).shown and suppress(0).shown


def test_a_change_is_shown_only_between_two_shown_counts():
    assert change(9, 6) == "up 3"
    assert change(5, 8) == "down 3"
    assert change(7, 7) == "no change"
    assert change(9, 3) == "–"  # 9 - "fewer than 5" would give the small number back


def test_a_chart_draws_a_bar_per_row_and_a_table_with_the_links():
    chart = Chart(
        id="by-kind", title="Cases by kind", bars=[Bar("Bullying <b>", 7, "/incidents/?kind=a"), Bar("Other", 2)]
    )
    html = render_to_string("reports/_chart.html", {"chart": chart})
    assert html.count('class="ss-chart__bar"') == 2
    assert "Bullying &lt;b&gt;" in html and "<b>" not in html
    assert 'href="/incidents/?kind=a"' in html
    assert 'aria-hidden="true"' in html  # the picture; the table is what a screen reader reads
    assert "<table" in html and ">7<" in html


def test_a_suppressed_chart_draws_no_bar_for_a_small_count():
    chart = Chart(id="m", title="Motivation", bars=[Bar("Race", 3), Bar("Appearance", 6)], suppressed=True)
    html = render_to_string("reports/_chart.html", {"chart": chart})
    assert FEWER in html and ">3<" not in html
    assert 'width="0"' in html.split("Race")[1].split("Appearance")[0]


def test_an_empty_chart_says_so():
    html = render_to_string("reports/_chart.html", {"chart": Chart(id="e", title="Removals", bars=[])})
    assert "None in this period." in html and "<svg" not in html


def test_a_long_label_takes_two_lines_rather_than_being_cut():
    from socialsafe.reports.charts import LABEL_CHARS, label_lines

    long = "Malicious or fictitious comments about a member of the school community"
    lines = label_lines(long)
    assert " ".join(lines) == long and all(len(line) <= LABEL_CHARS for line in lines)
    assert label_lines("Other") == ["Other"]
    html = render_to_string("reports/_chart.html", {"chart": Chart(id="k", title="Kinds", bars=[Bar(long, 6)])})
    assert html.count("<tspan") == 2 and "…" not in html
