# common.gp - loaded first by every figure (scripts/plots/*.gp).
#
# The terminal and the output file are NOT chosen here nor in the figures:
# scripts/plots/render sets them with -e, together with `data` (the folder
# holding the CSV files and machine.txt), so one .gp file makes the SVG,
# the PNG and the PDF.  By hand:
#   gnuplot -e "set terminal pngcairo size 1200,750; set output 'join.png'; data='build/plots'" \
#           -e "set loadpath 'scripts/plots'" scripts/plots/join.gp
set encoding utf8
set termoption noenhanced       # posix_spawn keeps its underscore
set datafile separator comma
set datafile columnheaders      # the first line names the columns
csv(name) = sprintf('%s/%s.csv', data, name)

# The machine the numbers come from, at the bottom of every figure.
caption = system(sprintf("cat '%s/machine.txt'", data))
set label 99 caption at screen 0.01, screen 0.025 left font ',9' textcolor rgb '#555555'
set bmargin 7

set border 3 linecolor rgb '#444444'
set tics nomirror
set grid ytics linecolor rgb '#e4e4e4' linetype 1
set key box linecolor rgb '#cccccc' opaque samplen 2

# One colour per kind of thing, the same in every figure.
c_kit = '#1f77b4'       # the kit's C (solutions/)
c_raw = '#7f7f7f'       # raw system calls
c_py  = '#ff7f0e'       # Python multiprocessing
c_wait = '#d9d9d9'      # a process not yet inside
c_in  = '#2ca02c'       # inside the critical section
c_bad = '#d62728'       # inside at the same time as another

# How to read the marks, on the line above the caption: note(sprintf(...)).
note(s) = sprintf('set label 98 "%s" at screen 0.01, screen 0.06 left font ",9" textcolor rgb "#555555"', s)
set title font ',13'
set key top left Left reverse
