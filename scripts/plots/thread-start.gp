# thread-start.gp - lab 11: threads vs processes.  Left: what starting one
# and waiting for it costs (the kit's thread.c and bare pthread_create vs
# fork, lab 02's process object, and Python's Thread and Process): the
# spawn figure's runs.  Right: a global counter += 1, K times by each of N
# threads (under a lock), then by each of N processes: the threads share
# the process's memory, each child adds to its own copy.
# Data: thread-start.csv, shared-global.csv (scripts/plots/measure; columns in scripts/plots/README.md).
load 'common.gp'
colour(impl) = impl eq 'kit' ? 0x1f77b4 : impl eq 'raw' ? 0x7f7f7f : 0xff7f0e
fmt(us) = us >= 1000 ? sprintf('%.3g ms', us / 1000) : sprintf('%.3g µs', us)
# "thread_start + join (lab 11)" on three lines: at " + " and at " ("
cut(s, at, to) = (i = strstrt(s, at), i > 0 ? s[1:i - 1] . to . s[i + strlen(at):] : s)
wrap(s) = cut(cut(s, ' + ', "\n+ "), ' (', "\n(")
stats csv('thread-start') using 'runs' nooutput
runs_start = STATS_min
stats csv('shared-global') using 'runs' nooutput
eval note(sprintf('left: median of %d runs, each the mean of many starts, whiskers min-max, pinned to one CPU; right: what %d runs saw (min-max, all alike)', runs_start, STATS_min))
is(impl) = strcol('impl') eq impl ? 1 : NaN

set multiplot layout 1, 2 title "Threads vs processes (lab 11)" font ',13'

set lmargin at screen 0.08
set rmargin at screen 0.54
set title 'start one and wait for its end'
set ylabel 'time per start + join (µs, log scale)'
set logscale y
set yrange [5:*]
set format y '%.0s%c'
set xtics nomirror scale 0 font ',7'
set xrange [-0.6:5.6]
set boxwidth 0.6
set style fill solid 0.85 border rgb '#444444'
set key off
set arrow 1 from 2.5, graph 0 to 2.5, graph 1 nohead dashtype 2 linecolor rgb '#999999'
set label 1 'threads' at 1, graph 0.97 center font ',10'
set label 2 'processes' at 4, graph 0.97 center font ',10'
plot csv('thread-start') using 0:'median_us':(colour(strcol('impl'))):xtic(wrap(strcol('method'))) \
	with boxes linecolor rgb variable notitle, \
     '' using 0:'median_us':'min_us':'max_us' with yerrorbars pointtype 7 pointsize 0.5 linecolor rgb 'black' notitle, \
     '' using 0:(column('max_us') * 1.3):(fmt(column('median_us'))) with labels font ',9' notitle
unset label 99
unset label 98
unset arrow 1
unset label 1
unset label 2

set lmargin at screen 0.63
set rmargin at screen 0.98
set title "a global += 1, K times by each of N:\nwhat main sees after joining them"
unset logscale y
set format y '%g'
set ylabel 'value seen (in units of K)'
set xlabel 'workers N'
set xrange [0.5:4.5]
set yrange [0:5.9]
set ytics 0, 1, 4
set xtics 1 scale 1 font ''
set boxwidth 0.18
set key top left font ',9'
plot csv('shared-global') using (column('workers') - 0.3):(is('c') * column('threads_seen_max') / column('increments_each')) \
	with boxes linecolor rgb c_kit title 'C threads', \
     '' using (column('workers') - 0.1):(is('python') * column('threads_seen_max') / column('increments_each')) \
	with boxes linecolor rgb c_py title 'Python threads', \
     '' using (column('workers') + 0.1):(is('c') * column('processes_seen_max') / column('increments_each')):(0):(is('c') * column('child_seen_max') / column('increments_each')) \
	with yerrorbars pointtype 7 linecolor rgb c_kit title 'C processes (parent 0, a child K)', \
     '' using (column('workers') + 0.3):(is('python') * column('processes_seen_max') / column('increments_each')):(0):(is('python') * column('child_seen_max') / column('increments_each')) \
	with yerrorbars pointtype 7 linecolor rgb c_py title 'Python processes'
unset multiplot
