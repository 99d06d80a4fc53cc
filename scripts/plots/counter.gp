# counter.gp - lab 05's shared counter.  Left: what one `Value += 1` under
# its lock costs, the kit's C vs the bare mutex vs Python.  Right: without
# the lock, increments are lost (read, add, write is three steps), in C as
# in Python; with it, none are.
# Data: counter.csv and race.csv (scripts/plots/measure; columns in scripts/plots/README.md).
load 'common.gp'
colour(impl) = impl eq 'kit' ? 0x1f77b4 : impl eq 'raw' ? 0x7f7f7f : 0xff7f0e
name(impl) = impl eq 'kit' ? "C, the kit\n(lab 05 value_lock)" : impl eq 'raw' ? "C, bare\npthread mutex" : "Python\nwith v.get_lock()"
fmt(ns) = ns >= 1000 ? sprintf('%.3g µs', ns / 1000) : sprintf('%.3g ns', ns)
stats csv('counter') using 'runs' nooutput
runs_cost = STATS_min
stats csv('race') using 'c_increments_each' nooutput
kc = STATS_min
stats csv('race') using 'py_increments_each' nooutput
kp = STATS_min
stats csv('race') using 'runs' nooutput
runs_race = STATS_min
eval note(sprintf('left: median of %d runs of many increments, pinned to one CPU; right: median of %d runs, unpinned (a race needs two CPUs); whiskers and bars: min-max', runs_cost, runs_race))

set multiplot layout 1, 2 title "Shared counter: Value += 1 (lab 05)" font ',13'

set title "cost of one increment under the lock\n(one process, the lock always free)"
set key off
set ylabel 'time per increment (ns, log scale)'
set logscale y
set yrange [10:20000]
set format y '%.0s%c'
set xrange [-0.6:2.6]
set xtics scale 0
set boxwidth 0.6
set style fill solid 0.85 border rgb '#444444'
plot csv('counter') using 0:'median_ns':(colour(strcol('impl'))):xtic(name(strcol('impl'))) \
	with boxes linecolor rgb variable notitle, \
     '' using 0:'median_ns':'min_ns':'max_ns' with yerrorbars pointtype 7 pointsize 0.5 linecolor rgb 'black' notitle, \
     '' using 0:(column('max_ns') * 1.3):(fmt(column('median_ns'))) with labels font ',10' notitle

unset label 99
unset label 98
unset logscale y
set format y '%g'
set title sprintf("without the lock, increments are lost\n(each process adds K = %.0fM in C, %.0fk in Python)", kc / 1e6, kp / 1e3)
set ylabel 'increments lost (% of N x K)'
set xlabel 'processes N'
set xrange [0.7:4.3]
set xtics 1 scale 1
set key on
set yrange [-3:100]
set key top left
plot csv('race') using 'processes':'c_nolock_lost_median_pct':'c_nolock_lost_min_pct':'c_nolock_lost_max_pct' \
	with yerrorlines linecolor rgb c_kit pointtype 7 title 'C, raw value (3-counter-race)', \
     '' using 'processes':'py_nolock_lost_median_pct':'py_nolock_lost_min_pct':'py_nolock_lost_max_pct' \
	with yerrorlines linecolor rgb c_py pointtype 5 title 'Python, Value(lock=False)', \
     '' using 'processes':(column('c_lock_lost_max_pct') + column('py_lock_lost_max_pct')) \
	with linespoints dashtype 2 linecolor rgb c_in pointtype 9 title 'C and Python with the lock (most lost in any run)'
unset multiplot
