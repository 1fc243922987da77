# fragtrack 0.1.0: the memory map.  Re-render: gnuplot THIS.gp
sq = "'"
if (!exists("datadir")) datadir = '@OUT@/maps'.'/'
out_format = 'png'
if (!exists("outfile")) outfile = datadir.'dashboard-memmap.png'
mm_w = 1500
mm_h = 996
mm_top = 130
mm_left = 70
mm_gap = 30
mm_bottom = 60
mm_map_w = 443
mm_map_h = 346
mm_cols = 128
mm_rows = 100
mm_nmaps = 3
mm_nstrips = 1
mm_tmin = 0.0
mm_tmax = 5.713
mm_title = 'Memory map: every pageblock, by what it holds'
mm_subtitle = 'maps.jsonl  ·  4 scans, 1.85 s (1.07 s CPU) each on average'
array mm_map_titles[3]
array mm_map_notes[3]
array mm_grid_files[3]
array mm_zone_files[3]
mm_grid_files[1] = 'dashboard-memmap-grid1.dat'
mm_zone_files[1] = 'dashboard-memmap-zones1.dat'
mm_map_titles[1] = 'start at 0 s  (128 pageblocks a row)'
mm_map_notes[1] = '9551 of 12800 could become a huge page (74.6%), 2482 polluted'
mm_grid_files[2] = 'dashboard-memmap-grid2.dat'
mm_zone_files[2] = 'dashboard-memmap-zones2.dat'
mm_map_titles[2] = 'worst at 2 s  (128 pageblocks a row)'
mm_map_notes[2] = '9485 of 12800 could become a huge page (74.1%), 2544 polluted'
mm_grid_files[3] = 'dashboard-memmap-grid3.dat'
mm_zone_files[3] = 'dashboard-memmap-zones3.dat'
mm_map_titles[3] = 'end at 6 s  (128 pageblocks a row)'
mm_map_notes[3] = '9520 of 12800 could become a huge page (74.4%), 2514 polluted'
array mm_strip_titles[1]
array mm_strip_files[1]
mm_strip_files[1] = 'dashboard-memmap-strip1.dat'
mm_strip_titles[1] = 'share of pageblocks per class, 4 scans; at the end 9520 could become a huge page'

# ---- template memmap.gp ----
# fragtrack: the memory map, after a header of settings fragtrack writes
# (sizes, counts, titles as quoted literals, the data files' names).
#  - maps: every pageblock of every zone in pfn order, mm_cols to a row,
#    coloured by class; a zone's first block is marked with its name.  One
#    run: at start, at the worst scan (the fewest pageblocks that could
#    become a huge page) and at the end.  A comparison: A's and B's end.
#  - strips: the share of pageblocks in each class per scan over time,
#    stacked, with "could become a huge page" (free + movable + huge) as
#    the headline line and, dashed above it, that plus the blocks polluted
#    only by unflagged pages (free per-CPU pages, or unflagged kernel
#    allocations: kpageflags cannot tell).
# Strings from outside (labels) are only in variables set by the header.

font_name = 'DejaVu Sans'
if (out_format eq 'svg') {
	set terminal svg size mm_w, mm_h dynamic noenhanced font font_name.',12' background '#ffffff'
} else {
	if (out_format eq 'pdf') {
		set terminal pdfcairo size mm_w / 72.0, mm_h / 72.0 noenhanced font font_name.',12' background '#ffffff'
	} else {
		set terminal pngcairo size mm_w, mm_h noenhanced font font_name.',12' background '#ffffff'
	}
}
set encoding utf8
set output outfile

# classes: 0 hole, 1 free, 2 movable, 3 polluted, 4 unmovable, 5 huge;
# -1 pads the last row
c_hole = '#d9d9d9'
c_free = '#b8e186'
c_movable = '#4dac26'
c_polluted = '#f1a340'
c_unmovable = '#d01c8b'
c_huge = '#2166ac'
c_title = '#2c3e50'
c_muted = '#7f8c8d'
set palette defined (-1.5 '#ffffff', -0.5 '#ffffff', -0.5 c_hole, 0.5 c_hole, 0.5 c_free, 1.5 c_free, 1.5 c_movable, 2.5 c_movable, 2.5 c_polluted, 3.5 c_polluted, 3.5 c_unmovable, 4.5 c_unmovable, 4.5 c_huge, 5.5 c_huge)
set cbrange [-1.5:5.5]
unset colorbox

px_x(p) = p / (mm_w + 0.0)
px_y(p) = p / (mm_h + 0.0)

set multiplot
set label 1 mm_title at screen px_x(30), screen 1 - px_y(30) left font ',18:Bold' tc rgb c_title
set label 2 mm_subtitle at screen px_x(30), screen 1 - px_y(58) left font ',12' tc rgb c_muted
# the key of classes, once, at the top right
key_x = 1 - px_x(720)
key_names = 'free movable huge polluted unmovable hole'
key_cols = c_free.' '.c_movable.' '.c_huge.' '.c_polluted.' '.c_unmovable.' '.c_hole
do for [k = 1:6] {
	set object 100 + k rect from screen key_x + (k - 1) * px_x(115), screen 1 - px_y(40) to screen key_x + (k - 1) * px_x(115) + px_x(14), screen 1 - px_y(26) fc rgb word(key_cols, k) fs solid noborder front
	set label 100 + k word(key_names, k) at screen key_x + (k - 1) * px_x(115) + px_x(18), screen 1 - px_y(33) left font ',11' front
}

# ---- the maps ----
map_t = 1 - px_y(mm_top)
map_b = map_t - px_y(mm_map_h)
do for [i = 1:mm_nmaps] {
	l = px_x(mm_left) + (i - 1) * px_x(mm_map_w + mm_gap)
	set lmargin at screen l
	set rmargin at screen l + px_x(mm_map_w)
	set tmargin at screen map_t
	set bmargin at screen map_b
	set xrange [-0.5:mm_cols - 0.5]
	set yrange [mm_rows - 0.5:-0.5]
	unset xtics
	unset ytics
	set border lw 0.5 lc rgb '#999999'
	set title mm_map_titles[i] noenhanced font ',12:Bold' tc rgb c_title
	set label 3 mm_map_notes[i] at graph 0, graph -0.03 left font ',10' tc rgb c_muted
	plot datadir.mm_grid_files[i] matrix with image notitle, \
	     datadir.mm_zone_files[i] using 1:2:(0) with points pt 7 ps 0.6 lc rgb '#000000' notitle, \
	     '' using 1:2:3 with labels left offset 0.6, 0 font ',9' tc rgb '#000000' notitle
	unset label 3
	unset title
}

# ---- the strips: shares per scan over time ----
set border 3 lw 1 lc rgb '#555555'
set xtics nomirror font ',10'
set ytics nomirror font ',10' format '%g%%'
set grid ytics lc rgb '#e5e5e5'
strip_gap = px_y(90)
strip_h = (map_b - px_y(mm_bottom) - (mm_nstrips - 1) * strip_gap - px_y(70)) / mm_nstrips
do for [s = 1:mm_nstrips] {
	st = map_b - px_y(70) - (s - 1) * (strip_h + strip_gap)
	# the classes are in the key at the top: here only the two lines
	set key at screen 1 - px_x(40), screen st + px_y(8) right bottom horizontal font ',10' samplen 3
	set lmargin at screen px_x(mm_left)
	set rmargin at screen 1 - px_x(40)
	set tmargin at screen st
	set bmargin at screen st - strip_h
	set xrange [mm_tmin:mm_tmax]
	set yrange [0:100]
	if (s == mm_nstrips) { set xlabel 'seconds since the start of the recording' font ',10' }
	set label 20 mm_strip_titles[s] at screen px_x(mm_left), screen st + px_y(14) left font ',12:Bold' tc rgb c_title
	f = datadir.mm_strip_files[s]
	# columns: t hole free movable polluted unmovable huge unflagged blocks
	pc(x) = 100.0 * x / column(9)
	plot f using 1:(0):(pc($7)) with filledcurves fc rgb c_huge fs solid 0.9 noborder notitle, \
	     f using 1:(pc($7)):(pc($7 + $3)) with filledcurves fc rgb c_free fs solid 0.9 noborder notitle, \
	     f using 1:(pc($7 + $3)):(pc($7 + $3 + $4)) with filledcurves fc rgb c_movable fs solid 0.9 noborder notitle, \
	     f using 1:(pc($7 + $3 + $4)):(pc($7 + $3 + $4 + $5)) with filledcurves fc rgb c_polluted fs solid 0.9 noborder notitle, \
	     f using 1:(pc($7 + $3 + $4 + $5)):(pc($7 + $3 + $4 + $5 + $6)) with filledcurves fc rgb c_unmovable fs solid 0.9 noborder notitle, \
	     f using 1:(pc($7 + $3 + $4 + $5 + $6)):(100) with filledcurves fc rgb c_hole fs solid 0.9 noborder notitle, \
	     f using 1:(pc($7 + $3 + $4)) with linespoints lw 3 pt 7 ps 0.5 lc rgb '#000000' title 'could become a huge page', \
	     f using 1:(pc($7 + $3 + $4 + $8)) with lines lw 1.5 dt 2 lc rgb '#000000' title '+ polluted only by unflagged pages'
	unset label 20
}
unset multiplot
