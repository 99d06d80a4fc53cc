# forkheap.gp - fork copies the parent's page tables (and the child's exit
# tears its copy down), so it slows as the parent's touched heap grows;
# posix_spawn (CLONE_VM | CLONE_VFORK, then exec) copies nothing and
# stays flat.  Data: forkheap.csv (scripts/plots/measure).
load 'common.gp'
stats csv('forkheap') using 'heap_mib':'fork_median_us' nooutput
slope = STATS_slope * 1024 / 1000       # ms per GiB
stats csv('forkheap') using 'runs' nooutput
eval note(sprintf('points: median of %d runs, each the mean of 5-20 starts; bars: min-max; pinned to one CPU', STATS_min))

set title "fork + waitpid slows with the parent's touched heap; posix_spawn does not"
set xlabel "parent's heap, allocated and touched (MiB)"
set ylabel 'time per start + wait (ms)'
set xrange [-30:1060]
set xtics 128
set yrange [0:*]
set key top left
set label 1 sprintf('fork: about %.0f ms more per GiB', slope) at graph 0.98, graph 0.35 right font ',11' textcolor rgb c_bad
plot csv('forkheap') using 'heap_mib':(column('fork_median_us') / 1000):(column('fork_min_us') / 1000):(column('fork_max_us') / 1000) \
	with yerrorlines linecolor rgb c_bad pointtype 7 title 'fork + _exit + waitpid', \
     '' using 'heap_mib':(column('spawn_median_us') / 1000):(column('spawn_min_us') / 1000):(column('spawn_max_us') / 1000) \
	with yerrorlines linecolor rgb c_kit pointtype 5 title 'posix_spawn (a tiny static program) + waitpid'
