# fragtrack 0.1.0: dashboard, generated @TIME@.
# Re-render: gnuplot THIS.gp; once moved elsewhere, with the .dat files:
# gnuplot -e "datadir='FOLDER/'" THIS.gp.  What follows was generated
# from the recordings; the rest comes from the templates of fragtrack's
# gnuplot/ folder: edit either freely.

sq = "'"
if (!exists("datadir")) datadir = '@OUT@/maps'.'/'
out_format = 'png'
if (!exists("outfile")) outfile = datadir.'dashboard.png'
canvas_w = 1680
canvas_h = 1830
# plot area and panels, fractions of the canvas; the scatter's points
# were reduced to its pixels at this size
plot_l = 0.178571428571429
plot_r = 0.821428571428571
p1_t = 0.923497267759563
p1_b = 0.693989071038251
p2_t = 0.650273224043716
p2_b = 0.530054644808743
p3_t = 0.486338797814208
p3_b = 0.398907103825137
fi_t = 0.349726775956284
fi_b = 0.234972677595628
pb_t = 0.191256830601093
pb_b = 0.0601092896174863
n_sets = 1
n_table = 0
# the shared time axis: whole heatmap columns of whole bins
xmin = 0.0
xmax = 1.5
xtic_step = 0.5
xtic_cols = 1
bin_w = 0.5
heat_w = 0.5
y_min = -50.0
y_max = 1060.0
f_ytics = datadir.'dashboard-ytics.dat'
f_timeline = datadir.'dashboard-timeline.dat'
f_heat = datadir.'dashboard-heat.dat'
f_rows = datadir.'dashboard-rows.dat'
f_scatter_a = datadir.'dashboard-scatter-a.dat'
n_total_a = 0
n_success_a = 0
n_failure_a = 0
n_extfrag_a = 0
n_steal_a = 0
n_claim_a = 0
n_bad_a = 0
n_good_a = 0
n_points_a = 0
n_offscale_a = 0
rate_a = 0.0
label_a = 'maps.jsonl'
file_a = '@TESTDATA@/maps.jsonl'
name_a = 'maps.jsonl'
about_a = 'no events  ·  6 samples of 3 zones  ·  kernel 6.18.44-fc-v1045  ·  started 2026-12-01 06:37:45'
n_rows = 0
heat_max = 0
n_lanes = 0
tl_max = 0
# fragmentation samples: index heatmap strips, pageblock types
f_fragidx = datadir.'dashboard-fragidx.dat'
f_zticks = datadir.'dashboard-zticks.dat'
f_blocks_a = datadir.'dashboard-blocks-a.dat'
zs_any = 1
zs_orders = 11
zs_colw = 0.5
zs_samples_a = 6
thp_final_a = '-1000 (Normal)'
thp_peak_a = '-1000 (Normal) at 0.0 s'
n_strips = 1
n_zone_strips = 0
array strip_lo[1]
array strip_hi[1]
array strip_set[1]
array strip_msg[1]
array strip_text[1]
strip_lo[1] = 0; strip_hi[1] = 3; strip_set[1] = 0; strip_msg[1] = 1
strip_text[1] = 'index -1000 at every order in every zone: a free block of each order throughout'
zs_ytop = 3.0
zs_hidden = 0
zs_flat = 'DMA, DMA32, Normal'
n_ptypes = 3
array pt_rgb[3]
array pt_key_a[3]
pt_rgb[1] = 12597547
pt_key_a[1] = 'Unmovable 713 → 713 (+0)'
pt_rgb[2] = 2600544
pt_key_a[2] = 'Movable 11544 → 11544 (+0)'
pt_rgb[3] = 15105570
pt_key_a[3] = 'Reclaimable 31 → 31 (+0)'
zs_blocks = 1
pb_lo = 0.0
pb_hi = 0.0
footer_text = 'generated @TIME@ by fragtrack 0.1.0  ·  0.5 s bins'

# ---- template common.gp ----
# fragtrack: what both dashboards share: terminal, colours, point styles.
#
# fragtrack writes a header of settings (sizes, ranges, counts, labels)
# before this template, then single.gp or compare.gp after it.  Strings that
# came from outside (labels, file names) are only ever in variables set by
# that header, as single-quoted literals; keep them out of eval and @macros.

font_name = 'DejaVu Sans'
if (out_format eq 'svg') {
	set terminal svg size canvas_w, canvas_h dynamic noenhanced font font_name.',12' background '#ffffff'
} else {
	if (out_format eq 'pdf') {
		# 72 points to the inch: the same proportions as the PNG
		set terminal pdfcairo size canvas_w / 72.0, canvas_h / 72.0 noenhanced font font_name.',12' background '#ffffff'
	} else {
		set terminal pngcairo size canvas_w, canvas_h noenhanced font font_name.',12' background '#ffffff'
	}
}
set encoding utf8
set output outfile

# ---- colours: the seed visualizer's ----
rgb_success = 0x2ecc71
rgb_success_neg = 0x138d75
rgb_success_nil = 0x95a5a6
rgb_failure = 0xe74c3c
rgb_success_b = 0x1e8449
rgb_failure_b = 0xa93226
rgb_steal = 0x3498db
rgb_steal_line = 0x2980b9
rgb_claim = 0xe67e22
rgb_claim_line = 0xd35400
rgb_heat_a = 0x3498db
rgb_heat_b = 0xe67e22
rgb_better = 0xd4edda
rgb_worse = 0xf8d7da
c_title = '#2c3e50'
c_muted = '#7f8c8d'
c_axis = '#34495e'
c_rule = '#dddddd'
hex(c) = sprintf('#%06x', c)

# ---- the compaction scatter ----
# Each line of a scatter file is every event that fell on one pixel with one
# size and colour; drawing it once with the opacity of that many events
# stacked at sc_alpha each looks as drawing them all would.
sc_alpha = 0.5
sc_argb(c, n) = (int(255 * (1 - sc_alpha) ** n) << 24) | c
sc_rgb_a(cls) = cls == 0 ? rgb_success : cls == 1 ? rgb_success_neg : cls == 2 ? rgb_success_nil : rgb_failure
sc_rgb_b(cls) = cls == 0 ? rgb_success_b : cls == 1 ? rgb_success_neg : cls == 2 ? rgb_success_nil : rgb_failure_b
# dot size grows with the order, as the seed's 1 + 2 * order
sc_ps(order) = 0.7 + 0.1 * order

# ---- migrate pattern severity (ft_severity2: doubled) ----
sev_rgb(s) = s <= -4 ? 0x8b0000 : s <= -2 ? 0xff6b6b : s >= 2 ? 0x51cf66 : 0xffd43b
sev_marker(s) = s <= -4 ? '!!' : s <= -2 ? '!' : s >= 2 ? '+' : '='
sev_ink(s) = s <= -2 ? '#ffffff' : '#1a1a1a'
set style textbox 1 opaque fc rgb '#ffffff' border lc rgb '#bbbbbb' margins 6, 4

# ---- layout helpers (fractions of the canvas) ----
px_x(n) = n * 1.0 / canvas_w
px_y(n) = n * 1.0 / canvas_h
title_y(top) = top + px_y(26)
key_x = plot_r + px_x(18)
# the time ticks: at heatmap column edges when those are round numbers
xtics_cmd = xtic_cols ? sprintf('set xtics %.15g, %.15g, %.15g', xmin, xtic_step, xmax) : 'set xtics autofreq'
panel_style = "set border 3 lw 1.2 lc rgb '#555555'; set tics nomirror out scale 0.6 textcolor rgb '#333333' font ',12'; set grid back lc rgb '#ececec' lw 1; set key noautotitle; unset colorbox"
nodata_style = "unset border; unset tics; unset grid; unset key; unset xlabel; unset ylabel; set xrange [0:1]; set yrange [0:1]; set object 99 rect from graph 0, graph 0 to graph 1, graph 1 fs empty border lc rgb '#cccccc' dt 2 back"
nodata_font = ',14:Italic'
# what the severity markers mean, under the pattern names
severity_legend = "set label 91 '!!  to UNMOVABLE: very bad' at screen px_x(20), screen p3_b - px_y(36) left font ',10' tc rgb '#8b0000'; set label 92 '!    MOVABLE to RECLAIMABLE: bad' at screen px_x(20), screen p3_b - px_y(53) left font ',10' tc rgb '#d9480f'; set label 93 '=    mild or neutral' at screen px_x(20), screen p3_b - px_y(70) left font ',10' tc rgb '#8a6d00'; set label 94 '+    to MOVABLE, from UNMOVABLE: good' at screen px_x(20), screen p3_b - px_y(87) left font ',10' tc rgb '#2b8a3e'"

# ---- template single.gp ----
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

# ---- template samples.gp ----
# fragtrack: the panels of fragmentation samples, after single.gp or
# compare.gp and inside their multiplot, on the same time axis:
#  - the fragmentation index, order x time, one strip per zone whose index
#    ever leaves -1000 (in a comparison A's strip above B's, both on the
#    same colour scale), each column the latest sample in it;
#  - the pageblocks per migrate type, summed over zones, as the change
#    since the first sample (A solid, B dashed).
# Zone and type names are in variables (strip_text, pt_key_*) set by the
# header as quoted literals: they are only ever used as text here.

zs_short(s) = strlen(s) > 16 ? s[1:15].'~' : s
zs_set_name(s) = s == 0 ? 'A  '.zs_short(label_a) : 'B  '.zs_short(label_b)
zs_set_rgb(s) = s == 0 ? rgb_heat_a : rgb_claim_line
zs_none = n_sets == 2 ? 'no fragmentation samples in either trace (recorded by the seed tracer?)' : 'no fragmentation samples in this trace (recorded by the seed tracer?)'

# the colour key: diverging around 0.  -1000 (a free block of the order
# exists: the allocation would succeed) is a quiet blue, 0 (it would fail
# for lack of memory) pale yellow, 1000 (it would fail for fragmentation)
# deep red.
fi_palette = "set palette defined (-1000 '#9ecae1', -999 '#c6dbef', 0 '#ffffcc', 400 '#feb24c', 750 '#f03b20', 1000 '#99000d'); set cbrange [-1000:1000]"

# ---- the fragmentation index: order x time, one strip per zone ----
reset
eval panel_style
set lmargin at screen plot_l
set rmargin at screen plot_r
set tmargin at screen fi_t
set bmargin at screen fi_b
fi_title = "Fragmentation index by order"
if (zs_any) {
	fi_title = fi_title.sprintf("  (the kernel's, x1000; latest sample per %g s column)", zs_colw)
}
set label 4 fi_title at screen plot_l, screen title_y(fi_t) left font ',15:Bold' tc rgb c_title
if (!zs_any) {
	eval nodata_style
	set label 5 zs_none at graph 0.5, graph 0.5 center font nodata_font tc rgb c_muted
	plot NaN notitle
} else {
	unset border
	unset grid
	set xrange [xmin:xmax]
	eval xtics_cmd
	set yrange [0:zs_ytop]
	set ytics scale 0 font ',9' tc rgb '#555555'
	eval fi_palette
	cb_h = fi_t - fi_b < px_y(330) ? (fi_t - fi_b) * 0.55 : px_y(180)
	set colorbox user origin screen key_x, screen fi_t - cb_h size screen px_x(16), screen cb_h noborder
	set cbtics ('-1000  a free block exists' -1000, '0  lack of memory' 0, '1000  fragmentation' 1000) scale 0.5 font ',10' tc rgb '#333333'
	set mcbtics 2
	info_y = fi_t - cb_h - px_y(34)
	if (n_sets == 1) {
		set label 6 sprintf("order 9 (THP)\nfinal  %s\npeak  %s", thp_final_a, thp_peak_a) at screen key_x + px_x(6), screen info_y left boxed bs 1 font ',11' front
		info_y = info_y - px_y(78)
	}
	if (strlen(zs_flat) > 0) {
		set label 7 "not drawn, -1000 throughout:\n".zs_flat at screen key_x, screen info_y left font ',10:Italic' tc rgb c_muted
	}
	if (zs_hidden > 0) {
		set label 8 sprintf('%d more zones not drawn', zs_hidden) at screen key_x, screen fi_b left font ',10:Italic' tc rgb c_muted
	}
	do for [i=1:n_strips] {
		mid = (strip_lo[i] + strip_hi[i]) / 2.0
		if (strip_msg[i]) {
			set object (400 + i) rect from first xmin, first strip_lo[i] to first xmax, first strip_hi[i] fs empty border lc rgb '#cccccc' dt 2 back
			set label (500 + i) (n_sets == 2 ? zs_set_name(strip_set[i]).':  ' : '').strip_text[i] at first (xmin + xmax) / 2.0, first mid center font ',12:Italic' tc rgb c_muted
		} else {
			set object (400 + i) rect from first xmin, first strip_lo[i] to first xmax, first strip_hi[i] fc rgb '#f4f4f4' fs solid 1.0 border lc rgb '#aaaaaa' behind
			set label (500 + i) strip_text[i] at screen plot_l - px_x(56), first mid right font ',12:Bold' tc rgb c_title
			if (n_sets == 2) {
				set label (600 + i) zs_set_name(strip_set[i]) at screen plot_l - px_x(56), first mid right offset 0, -1.3 font ',11:Bold' tc rgb hex(zs_set_rgb(strip_set[i]))
			}
		}
	}
	if (n_zone_strips) {
		plot f_zticks using (NaN):1:ytic(2) notitle, \
		     f_fragidx using 1:2:3:(0.5):4 with boxxyerror fs solid 1.0 noborder lc palette notitle
	} else {
		unset ytics
		plot NaN notitle
	}
}

# ---- pageblocks per migrate type: the change since the first sample ----
reset
eval panel_style
set lmargin at screen plot_l
set rmargin at screen plot_r
set tmargin at screen pb_t
set bmargin at screen pb_b
set label 4 'Pageblocks per migrate type, change since the first sample  (all zones)' at screen plot_l, screen title_y(pb_t) left font ',15:Bold' tc rgb c_title
if (!zs_any || !zs_blocks) {
	eval nodata_style
	set label 5 (zs_any ? 'the samples have no pageblock counts' : zs_none) at graph 0.5, graph 0.5 center font nodata_font tc rgb c_muted
	plot NaN notitle
} else {
	set xrange [xmin:xmax]
	eval xtics_cmd
	pb_pad = (pb_hi - pb_lo) * 0.12 + 1
	set yrange [pb_lo - pb_pad:pb_hi + pb_pad]
	if (pb_hi - pb_lo < 8) {
		set ytics 1
	}
	set ylabel 'pageblocks gained (+) or lost (-)' font ',11' tc rgb '#555555'
	set xlabel 'seconds since the recording started' font ',12' tc rgb '#555555'
	set arrow 1 from xmin, 0 to xmax, 0 nohead lw 1.2 lc rgb c_axis back
	set key at screen key_x, screen pb_t left top Left reverse samplen 2 spacing 1.3 box lc rgb '#cccccc' opaque width 1 font ',10'
	pfx_a = n_sets == 2 ? 'A  ' : ''
	if (n_sets == 2) {
		set label 6 'A solid, B dashed' at screen key_x, screen pb_b left font ',10:Italic' tc rgb c_muted
		if (zs_samples_a == 0 || zs_samples_b == 0) {
			set label 7 zs_set_name(zs_samples_a == 0 ? 0 : 1).': no samples' at screen key_x, screen pb_b + px_y(20) left font ',10:Italic' tc rgb c_muted
		}
		plot for [i=1:n_ptypes] f_blocks_a using 1:(column(i + 1)) with steps lw 2 lc rgb hex(pt_rgb[i]) title (pt_key_a[i] eq '' ? '' : pfx_a.pt_key_a[i]), \
		     for [i=1:n_ptypes] f_blocks_b using 1:(column(i + 1)) with steps lw 2 dt (8, 5) lc rgb hex(pt_rgb[i]) title (pt_key_b[i] eq '' ? '' : 'B  '.pt_key_b[i])
	} else {
		plot for [i=1:n_ptypes] f_blocks_a using 1:(column(i + 1)) with steps lw 2 lc rgb hex(pt_rgb[i]) title pt_key_a[i]
	}
}

unset multiplot
