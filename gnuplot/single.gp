# fragtrack: the dashboard of one recording.  Panels on one time axis:
# compaction events, extfrag events per bin, migrate patterns per column
# (samples.gp adds the fragmentation index and the pageblocks); keys and
# totals in the right margin, off the data.

set multiplot

# ---- 1: compaction events over time ----
reset
eval panel_style
set lmargin at screen plot_l
set rmargin at screen plot_r
set tmargin at screen p1_t
set bmargin at screen p1_b
set label 1 'Memory fragmentation: '.label_a at screen 0.5, screen 1 - px_y(38) center font ',22:Bold' tc rgb c_title
set label 2 about_a at screen 0.5, screen 1 - px_y(72) center font ',12' tc rgb c_muted
set label 3 footer_text at screen 1 - px_x(14), screen px_y(16) right font ',10:Italic' tc rgb c_muted
set label 4 'Compaction events over time' at screen plot_l, screen title_y(p1_t) left font ',15:Bold' tc rgb c_title
n_compaction_a = n_success_a + n_failure_a
if (n_compaction_a == 0) {
	eval nodata_style
	set label 5 'no compaction events in this recording' at graph 0.5, graph 0.5 center font nodata_font tc rgb c_muted
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
	info = sprintf("success %d of %d\nrate %.1f%%", n_success_a, n_compaction_a, rate_a)
	if (n_offscale_a > 0) {
		info = info.sprintf("\n%d above 1000\nnot drawn", n_offscale_a)
	}
	set label 6 info at screen key_x + px_x(6), screen p1_t - px_y(110) left boxed bs 1 font ',12'
	set label 7 "dot size: order" at screen key_x + px_x(6), screen p1_b + px_y(6) left font ',11:Italic' tc rgb c_muted
	plot f_ytics using (NaN):1:ytic(2) notitle, \
	     f_scatter_a using 1:2:(sc_ps($3)):(sc_argb(sc_rgb_a($4), $5)) with points pt 7 ps variable lc rgb variable notitle, \
	     NaN with points pt 7 ps 2 lc rgb hex(rgb_success) title 'success', \
	     NaN with points pt 7 ps 2 lc rgb hex(rgb_failure) title 'failure'
}

# ---- 2: external fragmentation events per bin ----
reset
eval panel_style
set lmargin at screen plot_l
set rmargin at screen plot_r
set tmargin at screen p2_t
set bmargin at screen p2_b
set label 4 sprintf('External fragmentation events  (per %g s bin)', bin_w) at screen plot_l, screen title_y(p2_t) left font ',15:Bold' tc rgb c_title
if (n_extfrag_a == 0) {
	eval nodata_style
	set label 5 'no external fragmentation events in this recording' at graph 0.5, graph 0.5 center font nodata_font tc rgb c_muted
	plot NaN notitle
} else {
	set xrange [xmin:xmax]
	eval xtics_cmd
	set yrange [0:*]
	if (tl_max < 8) {
		set ytics 1
	}
	set ylabel sprintf('events per %g s', bin_w) font ',11' tc rgb '#555555'
	set key at screen key_x, screen p2_t left top Left reverse samplen 1.5 spacing 1.6 box lc rgb '#cccccc' opaque width 1 font ',12'
	set label 6 sprintf("bad migrations %d\ngood migrations %d", n_bad_a, n_good_a) at screen key_x + px_x(6), screen p2_t - px_y(100) left boxed bs 1 font ',12'
	plot f_timeline using 1:2 with fillsteps fs transparent solid 0.3 noborder lc rgb hex(rgb_steal) notitle, \
	     '' using 1:3 with fillsteps fs transparent solid 0.3 noborder lc rgb hex(rgb_claim) notitle, \
	     '' using 1:2 with steps lw 1.5 lc rgb hex(rgb_steal_line) title sprintf('steal (%d)', n_steal_a), \
	     '' using 1:3 with steps lw 1.5 lc rgb hex(rgb_claim_line) title sprintf('claim (%d)', n_claim_a)
}

# ---- 3: migrate patterns over time, worst first ----
reset
eval panel_style
set lmargin at screen plot_l
set rmargin at screen plot_r
set tmargin at screen p3_t
set bmargin at screen p3_b
set label 4 sprintf('Migrate type fallbacks over time  (events per %g s column)', heat_w) at screen plot_l, screen title_y(p3_t) left font ',15:Bold' tc rgb c_title
if (n_rows == 0) {
	eval nodata_style
	set label 5 'no external fragmentation events in this recording' at graph 0.5, graph 0.5 center font nodata_font tc rgb c_muted
	plot NaN notitle
} else {
	set border 15 lw 1.2 lc rgb '#555555'
	set xrange [xmin:xmax]
	eval xtics_cmd
	set grid noxtics nomxtics noytics
	set xlabel 'seconds since the recording started' font ',12' tc rgb '#555555'
	set yrange [n_rows - 0.5:-0.5]
	set y2range [n_rows - 0.5:-0.5]
	set ytics scale 0 offset -4.5, 0 font ',12'
	set y2tics scale 0 font ',11' tc rgb '#555555'
	set palette defined (0 '#ffffff', 1 '#ffeb3b', 2 '#ff9800', 3 '#f44336')
	# colour by log(count): cells of 1 and of 1000 both stay readable
	set cbrange [0:1]
	unset colorbox
	heat_z(n) = log(1 + n) / log(1 + (heat_max > 0 ? heat_max : 1))
	# column edges and row rules
	do for [c=1:int((xmax - xmin) / heat_w + 0.5) - 1] {
		set arrow (100 + c) from xmin + c * heat_w, graph 0 to xmin + c * heat_w, graph 1 nohead lc rgb c_rule back
	}
	do for [i=1:n_rows - 1] {
		set arrow (1000 + i) from graph 0, first i - 0.5 to graph 1, first i - 0.5 nohead lc rgb c_rule back
	}
	# severity markers left of the pattern names
	do for [i=1:n_rows] {
		set object (200 + i) rect from graph -0.042, first i - 1.4 to graph -0.008, first i - 0.6 fc rgb hex(sev_rgb(row_sev[i])) fs solid 0.9 border lc rgb '#333333' front noclip
		set label (200 + i) sev_marker(row_sev[i]) at graph -0.025, first i - 1 center front tc rgb sev_ink(row_sev[i]) font ',11:Bold'
	}
	eval severity_legend
	plot f_rows using (NaN):1:ytic(3) notitle, \
	     f_rows using (NaN):1:y2tic(4) axes x1y2 notitle, \
	     f_heat using 1:2:(heat_w / 2.0):(0.5):(heat_z($3)) with boxxyerror fs solid 0.85 noborder lc palette notitle, \
	     f_heat using 1:2:(sprintf('%d', $3)):(heat_z($3) > 0.8 ? 0xffffff : 0x1a1a1a) with labels tc rgb variable font ',10:Bold' notitle
}

# samples.gp follows: the panels of fragmentation samples, then unset multiplot
