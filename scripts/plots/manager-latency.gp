# manager-latency.gp - lab 09: how long one request to the manager takes,
# the kit's proxy and server vs Python's Manager(), per kind of request:
# the distribution of many single requests (box: 25th-75th percentile,
# whiskers: 5th-95th, line: median, dot: 99th).
# Data: manager-latency.csv (scripts/plots/measure; columns in scripts/plots/README.md).
load 'common.gp'
stats csv('manager-latency') using 'runs' nooutput
runs = STATS_min
stats csv('manager-latency') using 'requests' nooutput
eval note(sprintf('%d runs of %d requests a kind, kinds taking turns; percentiles: medians over the runs; black bar: min-max of the runs; pinned to one CPU', runs, STATS_min))
op(s) = s eq 'list-append' ? 0 : s eq 'list-get' ? 1 : s eq 'dict-set' ? 2 : 3
pos(o, impl) = 3 * op(o) + (impl eq 'python' ? 1 : 0)
x(n) = pos(strcol('op'), strcol('impl'))
is(impl) = strcol('impl') eq impl ? 1 : NaN

set title "One request to a manager (lab 09): the kit's proxy vs Python's Manager()"
set ylabel 'time per request (µs, log scale)'
set logscale y
set yrange [5:300000]
set format y '%.0s%c'
set xrange [-0.7:10.7]
set xtics scale 0 ("l.append(x)\nlist_append" 0.5, "l[i]\nlist_get" 3.5, "d[k] = x\ndict_set" 6.5, "d[k]\ndict_get" 9.5)
set boxwidth 0.6
set style fill solid 0.5 border
set key top left
do for [i = 0:2] { set arrow (i + 1) from 3 * i + 2, graph 0 to 3 * i + 2, graph 1 nohead linecolor rgb '#e4e4e4' }
plot for [impl in 'kit python'] csv('manager-latency') \
	using (x(0) * is(impl)):'p25_us':'p5_us':'p95_us':'p75_us' with candlesticks whiskerbars \
	linecolor rgb (impl eq 'kit' ? c_kit : c_py) \
	title (impl eq 'kit' ? "C, the kit (lab 09's proxy + server)" : "Python, Manager().list() / .dict()"), \
     '' using (x(0)):'p50_us':'p50_us':'p50_us':'p50_us' with candlesticks linecolor rgb 'black' linewidth 2 notitle, \
     '' using (x(0)):'p99_us' with points pointtype 7 pointsize 0.7 linecolor rgb '#444444' title '99th percentile', \
     '' using (x(0) + 0.4):'p50_us':'p50_min_us':'p50_max_us' with yerrorbars pointtype 0 linecolor rgb 'black' notitle, \
     '' using (x(0)):(column('p5_us') / 1.6):(sprintf('%.0f µs', column('p50_us'))) with labels font ',9' notitle
