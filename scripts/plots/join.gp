# join.gp - N children that each sleep 1 unit, joined one by one before
# the next starts (serial) or started all, then joined (parallel).
# Data: join.csv (scripts/plots/measure; columns in scripts/plots/README.md).
load 'common.gp'
stats csv('join') using 'unit_ms' nooutput
u = STATS_min
stats csv('join') using 'runs' nooutput
eval note(sprintf('median of %d runs; bars: min-max', STATS_min))

set title "join: N children of 1 unit each, serial vs parallel\n(lab 02's process object: in parallel they sleep side by side, and the total stays at 1 unit)"
set xlabel 'children N'
set ylabel sprintf('total time, first start to last join (units; 1 unit = %g ms)', u)
set xrange [0.5:8.5]
set xtics 1
set yrange [0:*]
plot csv('join') using 'children':(column('serial_median_ms') / u):(column('serial_min_ms') / u):(column('serial_max_ms') / u) \
	with yerrorlines linecolor rgb c_bad pointtype 7 title 'serial: start, join, start, join, ...', \
     '' using 'children':(column('parallel_median_ms') / u):(column('parallel_min_ms') / u):(column('parallel_max_ms') / u) \
	with yerrorlines linecolor rgb c_kit pointtype 5 title 'parallel: start all, then join all', \
     x with lines dashtype 2 linecolor rgb '#999999' title 'N units (the sum)', \
     1 with lines dashtype 3 linecolor rgb '#999999' title '1 unit (the longest)'
