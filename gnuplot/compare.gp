# fragtrack: recording A against recording B.  Compaction events (A
# circles, B triangles), extfrag events per bin (A solid, B dashed), migrate
# patterns (A the upper half of each cell, B the lower) on one time axis,
# and the statistics table; samples.gp adds the fragmentation index and
# the pageblocks on the same axis.

short(s) = strlen(s) > 16 ? s[1:15].'~' : s
n_compaction_a = n_success_a + n_failure_a
n_compaction_b = n_success_b + n_failure_b

set multiplot

# ---- 1: compaction events over time ----
reset
eval panel_style
set lmargin at screen plot_l
set rmargin at screen plot_r
set tmargin at screen p1_t
set bmargin at screen p1_b
set label 1 'Memory fragmentation A/B: '.label_a.' vs '.label_b at screen 0.5, screen 1 - px_y(36) center font ',22:Bold' tc rgb c_title
set label 2 'A  '.label_a.'  ('.name_a.'):  '.about_a at screen 0.5, screen 1 - px_y(68) center font ',12' tc rgb c_muted
set label 3 'B  '.label_b.'  ('.name_b.'):  '.about_b at screen 0.5, screen 1 - px_y(88) center font ',12' tc rgb c_muted
set label 4 'Compaction events over time  (A circles, B triangles)' at screen plot_l, screen title_y(p1_t) left font ',15:Bold' tc rgb c_title
set label 5 footer_text at screen 1 - px_x(14), screen px_y(16) right font ',10:Italic' tc rgb c_muted
if (n_compaction_a + n_compaction_b == 0) {
	eval nodata_style
	set label 6 'no compaction events in either recording' at graph 0.5, graph 0.5 center font nodata_font tc rgb c_muted
	plot NaN notitle
} else {
	set xrange [xmin:xmax]
	eval xtics_cmd
	set yrange [y_min:y_max]
	set ytics scale 0
	set grid ytics
	set ylabel 'fragmentation index  (0: lack of memory, 1000: fragmentation)' font ',11' tc rgb '#555555'
	set arrow 1 from xmin, 0 to xmax, 0 nohead lw 1.5 lc rgb c_axis back
	set key at screen key_x, screen p1_t left top Left reverse samplen 0.5 spacing 1.6 box lc rgb '#cccccc' opaque width 1 font ',12'
	info = sprintf("success rate\nA: %s\nB: %s", \
		n_compaction_a ? sprintf('%.1f%% of %d', rate_a, n_compaction_a) : 'no events', \
		n_compaction_b ? sprintf('%.1f%% of %d', rate_b, n_compaction_b) : 'no events')
	set label 7 info at screen key_x + px_x(6), screen p1_t - px_y(170) left boxed bs 1 font ',12'
	set label 8 "dot size: order\nlanes: A above, B below" at screen key_x + px_x(6), screen p1_b + px_y(24) left font ',11:Italic' tc rgb c_muted
	plot f_ytics using (NaN):1:ytic(2) notitle, \
	     f_scatter_a using 1:2:(sc_ps($3)):(sc_argb(sc_rgb_a($4), $5)) with points pt 7 ps variable lc rgb variable notitle, \
	     f_scatter_b using 1:2:(sc_ps($3) * 1.2):(sc_argb(sc_rgb_b($4), $5)) with points pt 9 ps variable lc rgb variable notitle, \
	     NaN with points pt 7 ps 2 lc rgb hex(rgb_success) title short(label_a).' success', \
	     NaN with points pt 7 ps 2 lc rgb hex(rgb_failure) title short(label_a).' failure', \
	     NaN with points pt 9 ps 2.2 lc rgb hex(rgb_success_b) title short(label_b).' success', \
	     NaN with points pt 9 ps 2.2 lc rgb hex(rgb_failure_b) title short(label_b).' failure'
}

# ---- 2: external fragmentation events per bin ----
reset
eval panel_style
set lmargin at screen plot_l
set rmargin at screen plot_r
set tmargin at screen p2_t
set bmargin at screen p2_b
set label 4 sprintf('External fragmentation events  (per %g s bin; A solid, B dashed)', bin_w) at screen plot_l, screen title_y(p2_t) left font ',15:Bold' tc rgb c_title
if (n_extfrag_a + n_extfrag_b == 0) {
	eval nodata_style
	set label 6 'no external fragmentation events in either recording' at graph 0.5, graph 0.5 center font nodata_font tc rgb c_muted
	plot NaN notitle
} else {
	set xrange [xmin:xmax]
	eval xtics_cmd
	set yrange [0:*]
	if (tl_max < 8) {
		set ytics 1
	}
	set ylabel sprintf('events per %g s', bin_w) font ',11' tc rgb '#555555'
	set key at screen key_x, screen p2_t left top Left reverse samplen 2 spacing 1.5 box lc rgb '#cccccc' opaque width 1 font ',11'
	plot for [i=1:(n_extfrag_a > 0)] f_timeline using 1:2 with fillsteps fs transparent solid 0.2 noborder lc rgb hex(rgb_steal) notitle, \
	     for [i=1:(n_extfrag_a > 0)] f_timeline using 1:3 with fillsteps fs transparent solid 0.2 noborder lc rgb hex(rgb_claim) notitle, \
	     for [i=1:(n_extfrag_a > 0)] f_timeline using 1:2 with steps lw 1.8 lc rgb hex(rgb_steal_line) title sprintf('%s steal (%d)', short(label_a), n_steal_a), \
	     for [i=1:(n_extfrag_a > 0)] f_timeline using 1:3 with steps lw 1.8 lc rgb hex(rgb_claim_line) title sprintf('%s claim (%d)', short(label_a), n_claim_a), \
	     for [i=1:(n_extfrag_b > 0)] f_timeline using 1:4 with steps lw 1.8 dt (8, 5) lc rgb hex(rgb_steal_line) title sprintf('%s steal (%d)', short(label_b), n_steal_b), \
	     for [i=1:(n_extfrag_b > 0)] f_timeline using 1:5 with steps lw 1.8 dt (8, 5) lc rgb hex(rgb_claim_line) title sprintf('%s claim (%d)', short(label_b), n_claim_b)
}

# ---- 3: migrate patterns over time, worst first ----
reset
eval panel_style
set lmargin at screen plot_l
set rmargin at screen plot_r
set tmargin at screen p3_t
set bmargin at screen p3_b
set label 4 sprintf('Migrate type fallbacks over time  (events per %g s column; A upper half, B lower half)', heat_w) at screen plot_l, screen title_y(p3_t) left font ',15:Bold' tc rgb c_title
if (n_rows == 0) {
	eval nodata_style
	set label 6 'no external fragmentation events in either recording' at graph 0.5, graph 0.5 center font nodata_font tc rgb c_muted
	plot NaN notitle
} else {
	set border 15 lw 1.2 lc rgb '#555555'
	set xrange [xmin:xmax]
	eval xtics_cmd
	set grid noxtics noytics
	set xlabel 'seconds since the recording started' font ',12' tc rgb '#555555'
	set yrange [n_rows - 0.5:-0.5]
	set y2range [n_rows - 0.5:-0.5]
	set ytics scale 0 offset -4.5, 0 font ',12'
	set y2tics scale 0 font ',11' tc rgb '#555555'
	set label 7 'A | B' at screen plot_r + px_x(10), screen p3_t + px_y(10) left font ',11:Bold' tc rgb '#555555'
	do for [c=1:int((xmax - xmin) / heat_w + 0.5) - 1] {
		set arrow (100 + c) from xmin + c * heat_w, graph 0 to xmin + c * heat_w, graph 1 nohead lc rgb c_rule back
	}
	do for [i=1:n_rows - 1] {
		set arrow (1000 + i) from graph 0, first i - 0.5 to graph 1, first i - 0.5 nohead lc rgb '#bbbbbb' back
	}
	do for [i=1:n_rows] {
		set object (200 + i) rect from graph -0.042, first i - 1.4 to graph -0.008, first i - 0.6 fc rgb hex(sev_rgb(row_sev[i])) fs solid 0.9 border lc rgb '#333333' front noclip
		set label (200 + i) sev_marker(row_sev[i]) at graph -0.025, first i - 1 center front tc rgb sev_ink(row_sev[i]) font ',11:Bold'
	}
	eval severity_legend
	set label 95 'upper half, A: '.short(label_a) at screen px_x(20), screen p3_b - px_y(106) left font ',10:Bold' tc rgb hex(rgb_heat_a)
	set label 96 'lower half, B: '.short(label_b) at screen px_x(20), screen p3_b - px_y(122) left font ',10:Bold' tc rgb hex(rgb_claim_line)
	# opacity grows with the count: the busiest cell is solid
	heat_op(n) = 0.2 + 0.8 * sqrt(n * 1.0 / (heat_max > 0 ? heat_max : 1))
	heat_argb(c, n) = (int(255 * (1 - heat_op(n))) << 24) | c
	heat_ink(n) = heat_op(n) > 0.55 ? 0xffffff : 0x1a1a1a
	plot f_rows using (NaN):1:ytic(3) notitle, \
	     f_rows using (NaN):1:y2tic(4) axes x1y2 notitle, \
	     f_rows using ((xmin + xmax) / 2.0):1:((xmax - xmin) / 2.0):(0.5):((0xe6 << 24) | sev_rgb($2)) with boxxyerror fs solid noborder lc rgb variable notitle, \
	     f_heat using 1:($3 > 0 ? $2 - 0.23 : NaN):(heat_w * 0.46):(0.2):(heat_argb(rgb_heat_a, $3)) with boxxyerror fs solid noborder lc rgb variable notitle, \
	     f_heat using 1:($4 > 0 ? $2 + 0.23 : NaN):(heat_w * 0.46):(0.2):(heat_argb(rgb_heat_b, $4)) with boxxyerror fs solid noborder lc rgb variable notitle, \
	     f_heat using 1:($3 > 0 ? $2 - 0.23 : NaN):(sprintf('%d', $3)):(heat_ink($3)) with labels tc rgb variable font ',10:Bold' notitle, \
	     f_heat using 1:($4 > 0 ? $2 + 0.23 : NaN):(sprintf('%d', $4)):(heat_ink($4)) with labels tc rgb variable font ',10:Bold' notitle
}

# ---- 4: the statistics table ----
reset
unset border
unset tics
unset key
set lmargin at screen plot_l
set rmargin at screen plot_r
set tmargin at screen p4_t
set bmargin at screen p4_b
set xrange [0:1]
set yrange [n_table - 0.5:-1.5]
set label 4 'Statistical comparison  (green: better, red: worse)' at screen plot_l, screen title_y(p4_t) left font ',15:Bold' tc rgb c_title
set object 1 rect from first 0, first -1.5 to first 1, first -0.5 fc rgb '#34495e' fs solid border lc rgb '#34495e'
set label 11 'Metric' at first 0.012, first -1 left tc rgb '#ffffff' font ',12:Bold'
set label 12 short(label_a) at first 0.55, first -1 center tc rgb '#ffffff' font ',12:Bold'
set label 13 short(label_b) at first 0.73, first -1 center tc rgb '#ffffff' font ',12:Bold'
set label 14 'Better' at first 0.91, first -1 center tc rgb '#ffffff' font ',12:Bold'
row_bg(r) = int(r) % 2 ? 0xf4f6f7 : 0xffffff
cell_bg(r, v, me) = v == me ? rgb_better : (v == 1 || v == 2) ? rgb_worse : row_bg(r)
verdict_text(v) = v == 1 ? short(label_a) : v == 2 ? short(label_b) : v == 0 ? '=' : 'n/a'
plot f_table using (0.23):1:(0.23):(0.5):(row_bg($1)) with boxxyerror fs solid border lc rgb '#d5d8dc' lc rgb variable notitle, \
     '' using (0.55):1:(0.09):(0.5):(cell_bg($1, $5, 1)) with boxxyerror fs solid border lc rgb '#d5d8dc' lc rgb variable notitle, \
     '' using (0.73):1:(0.09):(0.5):(cell_bg($1, $5, 2)) with boxxyerror fs solid border lc rgb '#d5d8dc' lc rgb variable notitle, \
     '' using (0.91):1:(0.09):(0.5):(row_bg($1)) with boxxyerror fs solid border lc rgb '#d5d8dc' lc rgb variable notitle, \
     '' using (0.012):1:2 with labels left font ',12' notitle, \
     '' using (0.55):1:3 with labels center font ',12' notitle, \
     '' using (0.73):1:4 with labels center font ',12' notitle, \
     '' using (0.91):1:(verdict_text($5)) with labels center font ',12:Bold' notitle

# samples.gp follows: the panels of fragmentation samples, then unset multiplot
