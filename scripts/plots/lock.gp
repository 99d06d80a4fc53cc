# lock.gp - a Gantt-style timeline of lab 04's came/left program: three
# processes, each "came", 1 unit inside, "left"; with the lock they take
# turns, without it they are all inside at once.  Drawn from the harness's
# traces (kernel-attested write times); one row per process.
# Data: lock.csv (scripts/plots/measure; columns in scripts/plots/README.md).
load 'common.gp'
stats csv('lock') using 'end_units' nooutput
xmax = ceil(STATS_max + 0.3)
stats csv('lock') using 'unit_ms' nooutput
u = STATS_min
stats csv('lock') using 'runs' nooutput
eval note(sprintf('run shown: the median of %d by end time; whiskers: min-max of came and left, same turn, over all runs', STATS_min))
is(v) = strcol('variant') eq v
row(v) = is(v) ? column('turn') : NaN
stats csv('lock') using (is('locked') ? column('end_units') : NaN) nooutput
end_locked = STATS_max
stats csv('lock') using (is('unlocked') ? column('end_units') : NaN) nooutput
end_unlocked = STATS_max
# Each panel's row names, "process 1 (pid 4242)", found before any range is set.
array names[6]
do for [i = 0:1] {
	v = word('locked unlocked', i + 1)
	do for [t = 1:3] {
		stats csv('lock') using (is(v) && column('turn') == t ? column('process') : NaN) nooutput
		p = STATS_max
		stats csv('lock') using (is(v) && column('turn') == t ? column('pid') : NaN) nooutput
		names[3 * i + t] = sprintf('process %d (pid %d)', p, STATS_max)
	}
}

set multiplot layout 2, 1 title sprintf("lock: three processes, each inside for 1 unit (lab 04's 1-came-left; 1 unit = %g ms)", u) font ',13'
set xrange [0:xmax]
set yrange [3.6:0.4]            # first turn at the top
set ytics scale 0
set grid noytics
set grid xtics linecolor rgb '#e4e4e4' linetype 1
set xlabel 'time since the run started (units)'
set key outside right top vertical Left reverse
set lmargin at screen 0.17      # the same plot width in both panels
set rmargin at screen 0.76
set style fill solid 1.0 border rgb '#555555'
h = 0.3                         # half a row's height

do for [v in 'locked unlocked'] {
	set title (v eq 'locked' ? 'with the lock: one at a time, 3 units in all' \
				 : 'without the lock (1-came-left-nolock): all three inside at once, 1 unit')
	e = v eq 'locked' ? end_locked : end_unlocked
	i = v eq 'locked' ? 0 : 3
	set bmargin (v eq 'locked' ? 3 : 7)     # room for the caption below the last
	set ytics (names[i + 1] 1, names[i + 2] 2, names[i + 3] 3)
	set arrow 1 from e, graph 0 to e, graph 1 nohead dashtype 2 linecolor rgb '#444444'
	set label 1 'main exits' at e, graph 1.04 center font ',9'
	plot csv('lock') using (column('came_units') / 2):(row(v)):(0):(column('came_units')):(row(v) - h):(row(v) + h) \
		with boxxyerror fillcolor rgb c_wait title (v eq 'locked' ? 'waiting for the lock' : 'starting (run start to came)'), \
	     '' using ((column('came_units') + column('left_units')) / 2):(row(v)):(column('came_units')):(column('left_units')):(row(v) - h):(row(v) + h) \
		with boxxyerror fillcolor rgb (v eq 'locked' ? c_in : c_bad) \
		title (v eq 'locked' ? 'inside, holding the lock' : 'inside, no lock'), \
	     '' using 'came_units':(row(v)):'came_min_units':'came_max_units' with xerrorbars \
		pointtype 0 linecolor rgb 'black' title 'came / left: min-max', \
	     '' using 'left_units':(row(v)):'left_min_units':'left_max_units' with xerrorbars \
		pointtype 0 linecolor rgb 'black' notitle
	unset label 99          # the caption: once, on the first panel
	unset label 98
}
unset multiplot
