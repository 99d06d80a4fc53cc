# spawn.gp - what it costs to start something and wait for it to end:
# C's ways (fork, vfork + exec, posix_spawn, fork + exec, a thread, lab 02's
# process object) and Python's Process with the fork and spawn start
# methods.  Log scale: the costs span four orders of magnitude.
# Data: spawn.csv (scripts/plots/measure; columns in scripts/plots/README.md).
load 'common.gp'
stats csv('spawn') using 'runs' nooutput
eval note(sprintf('bars: median of %d runs, each the mean of many starts; whiskers: min-max; pinned to one CPU', STATS_min))
colour(impl) = impl eq 'kit' ? 0x1f77b4 : impl eq 'raw' ? 0x7f7f7f : 0xff7f0e
fmt(us) = us >= 1000 ? sprintf('%.3g ms', us / 1000) : sprintf('%.3g µs', us)

set title "Starting a process (or a thread) and waiting for it to end"
set ylabel 'time per start + wait (µs, log scale)'
set logscale y
set yrange [5:*]
set format y '%.0s%c'
set xtics nomirror scale 0
set xrange [-0.6:7.6]
# "fork + waitpid" on two lines: "fork" over "+ waitpid"
wrap(s) = (i = strstrt(s, ' + '), i > 0 ? s[1:i - 1] . "\n+ " . s[i + 3:] : s)
set boxwidth 0.6
set style fill solid 0.85 border rgb '#444444'
set key top left
plot csv('spawn') using 0:'median_us':(colour(strcol('impl'))):xtic(wrap(strcol('method'))) \
	with boxes linecolor rgb variable notitle, \
     '' using 0:'median_us':'min_us':'max_us' with yerrorbars pointtype 7 pointsize 0.5 linecolor rgb 'black' notitle, \
     '' using 0:(column('max_us') * 1.25):(fmt(column('median_us'))) with labels font ',9' notitle, \
     NaN with boxes linecolor rgb c_raw title 'C, bare system calls', \
     NaN with boxes linecolor rgb c_kit title "C, the kit's process object (lab 02)", \
     NaN with boxes linecolor rgb c_py title 'Python multiprocessing (/usr/bin/python3)'
