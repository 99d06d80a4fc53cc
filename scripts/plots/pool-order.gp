# pool-order.gp - lab 10: six tasks of different lengths on a pool of five
# workers (the kit's pool.c).  Above, pool_map: the parent gets every
# result at once, in input order, when the last task is done.  Below, the
# same tasks by pool_apply_async with a callback each: each result comes
# back when its task ends (completion order).  One row per worker; the
# top row is the parent.  Times: CLOCK_MONOTONIC in each process.
# Data: pool-order.csv (scripts/plots/measure; columns in scripts/plots/README.md).
load 'common.gp'
stats csv('pool-order') using 'unit_ms' nooutput
u = STATS_min
stats csv('pool-order') using 'runs' nooutput
eval note(sprintf('run shown: the median of %d by when map returned; whiskers: min-max of each start, end and arrival over all runs', STATS_min))
stats csv('pool-order') using 'parent_max_units' nooutput
xmax = ceil(STATS_max + 0.5)
stats csv('pool-order') using 'worker' nooutput
nw = STATS_max
is(p) = strcol('phase') eq p
row(p) = is(p) ? column('worker') : NaN
top(p) = is(p) ? 0 : NaN

stats csv('pool-order') using (is('map') ? column('parent_units') : NaN) nooutput
map_back = STATS_max            # when pool_map returned

# The completion order, from the callbacks' times: arrival[i] of task i.
array arrival[6]
do for [i = 0:5] {
	stats csv('pool-order') using (is('callback') && column('task') == i ? column('parent_units') : NaN) nooutput
	arrival[i + 1] = STATS_max
}
order = ''
do for [k = 1:6] {      # the k-th earliest: the one with k - 1 earlier
	do for [i = 1:6] {
		earlier = 0
		do for [j = 1:6] { earlier = earlier + (arrival[j] < arrival[i] || (arrival[j] == arrival[i] && j < i)) }
		if (earlier == k - 1) { order = order . sprintf(' %d', i - 1) }
	}
}

set multiplot layout 2, 1 title sprintf("Pool(%d) and six tasks (lab 10): map order vs completion order (1 unit = %g ms)", nw, u) font ',13'
set xrange [0:xmax]
set yrange [nw + 0.6:-0.6]
set ytics scale 0
set ytics ('parent' 0)
do for [w = 1:nw] { set ytics add (sprintf('worker %d', w) w) }
set grid noytics
set grid xtics linecolor rgb '#e4e4e4' linetype 1
set key outside right top vertical Left reverse font ',9'
set lmargin at screen 0.1
set rmargin at screen 0.76
set style fill solid 0.8 border rgb '#555555'
h = 0.32
do for [p in 'map callback'] {
	# the parent's row: map's one batch named once, each callback its task above it
	if (p eq 'map') { set label 1 'ys: results 0 1 2 3 4 5, all at once' at map_back - 0.15, 0 right font ',9' }
	if (p ne 'map') { unset label 1 }
	set title (p eq 'map' ? 'ys = pool_map(f, xs): all six results at once, in input order 0 1 2 3 4 5' \
			      : sprintf('pool_apply_async(f, x, callback): each result as its task ends, order%s', order))
	# margins fixed on the page: the two panels the same size at any size
	if (p eq 'map') { set tmargin at screen 0.86; set bmargin at screen 0.59; unset xlabel }
	if (p ne 'map') { set tmargin at screen 0.48; set bmargin at screen 0.21; unset key
			  set xlabel 'time since the tasks were submitted (units)' }
	plot csv('pool-order') using ((column('start_units') + column('end_units')) / 2):(row(p)):'start_units':'end_units':(row(p) - h):(row(p) + h) \
		with boxxyerror fillcolor rgb c_kit title 'a task (it sleeps its length)', \
	     '' using ((column('start_units') + column('end_units')) / 2):(row(p)):(sprintf('task %d (%g u)', column('task'), column('length_units'))) \
		with labels textcolor rgb 'white' font ',9' notitle, \
	     '' using 'start_units':(row(p)):'start_min_units':'start_max_units' with xerrorbars pointtype 0 linecolor rgb 'black' title 'start / end: min-max', \
	     '' using 'end_units':(row(p)):'end_min_units':'end_max_units' with xerrorbars pointtype 0 linecolor rgb 'black' notitle, \
	     '' using 'parent_units':(top(p)):'parent_min_units':'parent_max_units' with xerrorbars pointtype 7 pointsize 0.8 \
		linecolor rgb c_in title 'the parent has the result', \
	     '' using 'parent_units':(top(p) - 0.45):(is('callback') ? sprintf('%d', column('task')) : '') \
		with labels font ',9' notitle
	unset label 99
	unset label 98
}
unset multiplot
