# bench.gp - the bench table as a figure: each primitive as the kit does
# it, as the bare system calls do it, and as Python's multiprocessing
# does it.  Data: bench.csv (scripts/bench/run; columns in scripts/plots/README.md).
load 'common.gp'
# x position: one group per primitive, one bar per implementation
group(p) = p eq 'process start+join' ? 0 : p eq 'lock acquire+release' ? 1 : \
	   p eq 'Value += 1 under lock' ? 2 : p eq 'pipe round trip' ? 3 : \
	   p eq 'duplex round trip' ? 4 : p eq 'queue put+get' ? 5 : p eq 'manager request' ? 6 : \
	   p eq 'pool map item' ? 7 : p eq 'pool apply round trip' ? 8 : NaN
shift(i) = i eq 'kit' ? -0.27 : i eq 'raw' ? 0 : 0.27
xpos(p, i) = group(p) + shift(i)
is(i) = strcol('impl') eq i
fmt(ns) = ns >= 1e6 ? sprintf('%.3g ms', ns / 1e6) : ns >= 1000 ? sprintf('%.3g µs', ns / 1000) : sprintf('%.3g ns', ns)
stats csv('bench') using 'runs' nooutput
eval note(sprintf('bars: median of %d runs, each the mean of many operations; whiskers: min-max; pinned to one CPU; no bar: not measured (no such row)', STATS_min))

set title "proclab's primitives: the kit (solutions/) vs the bare system calls vs Python's multiprocessing"
set ylabel 'time per operation (log scale)'
set logscale y
set yrange [10:3e7]
set ytics ('10 ns' 10, '100 ns' 100, '1 µs' 1e3, '10 µs' 1e4, '100 µs' 1e5, '1 ms' 1e6, '10 ms' 1e7)
set xrange [-0.6:8.6]
set xtics ("process\nstart + join" 0, "lock\nacquire\n+ release" 1, "Value += 1\nunder\nits lock" 2, \
	   "pipe\nround trip" 3, "duplex\nround trip" 4, "queue\nput + get" 5, \
	   "manager\nrequest" 6, "pool map\nitem" 7, "pool apply\nround trip" 8) scale 0
set boxwidth 0.26
set style fill solid 0.85 border rgb '#444444'
set key top right
plot for [i in 'kit raw python'] csv('bench') using (is(i) ? xpos(strcol('primitive'), i) : NaN):'median_ns' with boxes \
	linecolor rgb (i eq 'kit' ? c_kit : i eq 'raw' ? c_raw : c_py) \
	title (i eq 'kit' ? 'the kit (solutions/, C)' : i eq 'raw' ? 'bare system calls (C)' : 'Python multiprocessing'), \
     '' using (xpos(strcol('primitive'), strcol('impl'))):'median_ns':'min_ns':'max_ns' with yerrorbars pointtype 7 pointsize 0.5 linecolor rgb 'black' notitle, \
     '' using (xpos(strcol('primitive'), strcol('impl'))):(column('max_ns') * 1.5):(fmt(column('median_ns'))) with labels font ',8' notitle
