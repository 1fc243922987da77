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
