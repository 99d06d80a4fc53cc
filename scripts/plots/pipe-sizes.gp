# pipe-sizes.gp - lab 07: a message there and back as it grows from 16 B
# to 64 KiB: the kit's conn (two one-way conns, each a pipe), the bare
# pipe(2)s under it, and Python's Pipe() (a socketpair, send_bytes and
# recv_bytes).  Left the round trip, right what it carries per second.
# Data: pipe-sizes.csv (scripts/plots/measure; columns in scripts/plots/README.md).
load 'common.gp'
stats csv('pipe-sizes') using 'runs' nooutput
eval note(sprintf('points: median of %d runs, each the mean of many round trips; bars: min-max; pinned to one CPU (the echo child too)', STATS_min))
set multiplot layout 1, 2 title "A message there and back (lab 07): conn vs pipe(2) vs Python's Pipe" font ',13'
set logscale xy
set xlabel 'message size (bytes, log scale)'
set xrange [10:100000]
set xtics ('16' 16, '64' 64, '256' 256, '1 Ki' 1024, '4 Ki' 4096, '16 Ki' 16384, '64 Ki' 65536)
set format y '%.0s%c'
set key top left
# bytes per µs is MB/s; a round trip carries the message both ways
mbs(us) = 2 * column('bytes') / us

set title 'round trip'
set ylabel 'time per round trip (µs, log scale)'
plot csv('pipe-sizes') using 'bytes':'raw_median_us':'raw_min_us':'raw_max_us' \
	with yerrorlines linecolor rgb c_raw pointtype 7 title 'C, two pipe(2)s', \
     '' using 'bytes':'kit_median_us':'kit_min_us':'kit_max_us' \
	with yerrorlines linecolor rgb c_kit pointtype 5 title 'C, the kit: conn_send + conn_recv (lab 07)', \
     '' using 'bytes':'python_median_us':'python_min_us':'python_max_us' \
	with yerrorlines linecolor rgb c_py pointtype 9 title 'Python: Pipe() send_bytes + recv_bytes'
unset label 99
unset label 98

set title 'throughput (both ways)'
set ylabel 'MB/s (log scale)'
set format y '%g'
set key off
plot csv('pipe-sizes') using 'bytes':(mbs(column('raw_median_us'))):(mbs(column('raw_max_us'))):(mbs(column('raw_min_us'))) \
	with yerrorlines linecolor rgb c_raw pointtype 7 notitle, \
     '' using 'bytes':(mbs(column('kit_median_us'))):(mbs(column('kit_max_us'))):(mbs(column('kit_min_us'))) \
	with yerrorlines linecolor rgb c_kit pointtype 5 notitle, \
     '' using 'bytes':(mbs(column('python_median_us'))):(mbs(column('python_max_us'))):(mbs(column('python_min_us'))) \
	with yerrorlines linecolor rgb c_py pointtype 9 notitle
unset multiplot
